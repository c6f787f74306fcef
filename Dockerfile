# syntax=docker/dockerfile:1
# Production image of the EYFS Portal. gunicorn serves the web pages; the same image runs the
# Celery worker and beat (see docker-compose.yml). Configuration comes only from the environment.
FROM python:3.11-slim-bookworm

ARG UV_VERSION=0.13.9

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=eyfs_portal.settings.production

# WeasyPrint's text layout (Pango, HarfBuzz) and fonts for the PDFs; Liberation Sans has
# Arial's metrics.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
        fonts-liberation fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN pip install "uv==${UV_VERSION}"

WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .

# Production settings refuse the embedded development key, so this step alone gets a
# throw-away one; the running containers take DJANGO_SECRET_KEY from the environment.
RUN DJANGO_SECRET_KEY=build-only-collectstatic-key-never-used-at-run-time-7d0c4b1e9a \
    python manage.py collectstatic --noinput

# The code stays owned by root; the portal may write only to var/ (uploads, local files).
RUN useradd --create-home --uid 10001 --user-group eyfs \
    && mkdir -p /app/var/media \
    && chown -R eyfs:eyfs /app/var
USER eyfs

EXPOSE 8000
CMD ["gunicorn", "eyfs_portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
