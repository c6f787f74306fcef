"""Render a Django template to a PDF with WeasyPrint, without touching the network.

The document's base URL is the project's static folder, so a template may link a stylesheet
or a font by a relative path. Its URL fetcher serves only:

- files under the static folders (``STATICFILES_DIRS`` and ``STATIC_ROOT``);
- files in Django's default storage, named ``storage:<name>`` (private uploads such as
  photos, which are never given a public URL);
- ``data:`` URIs.

Everything else (http, https, ftp, files elsewhere on disk) is refused, so a value typed by
a user can never make the renderer reach out or read a file it should not.
"""

import logging
import mimetypes
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

STORAGE_SCHEME = "storage:"

# WeasyPrint logs every layout step at INFO: noise in the worker's log, not news.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def storage_url(name: str) -> str:
    """Return the URL a PDF template uses for a file kept in the default storage."""
    return f"{STORAGE_SCHEME}{name}"


def _static_roots() -> list[Path]:
    roots = [Path(folder) for folder in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    return [root.resolve() for root in roots]


class LocalOnlyFetcher(URLFetcher):
    """Serve static files, default-storage files and data URIs; refuse everything else."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(STORAGE_SCHEME):
            return self._from_storage(url)
        if url.startswith("file:"):
            return self._from_static(url)
        raise ValueError(f"The PDF renderer fetches no external resource: {url[:80]}")

    def _from_storage(self, url: str) -> URLFetcherResponse:
        name = unquote(url.removeprefix(STORAGE_SCHEME))
        if not name or name.startswith("/") or ".." in Path(name).parts:
            raise ValueError(f"Not a storage name: {name[:80]}")
        with default_storage.open(name, "rb") as handle:
            body = handle.read()
        return URLFetcherResponse(url, body, {"Content-Type": _content_type(name)})

    def _from_static(self, url: str) -> URLFetcherResponse:
        path = Path(url2pathname(urlsplit(url).path)).resolve()
        if not any(path.is_relative_to(root) for root in _static_roots()):
            raise ValueError(f"Not a static file: {path}")
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": _content_type(path)})


def _content_type(name: str | Path) -> str:
    return mimetypes.guess_type(str(name))[0] or "application/octet-stream"


# PDF/UA-1: tagged for assistive technology (a structure tree, marked content, the document's
# language and title), as WeasyPrint writes it (``pdf_variant``; it sets ``pdf_tags``).
PDF_UA = "pdf/ua-1"


def render_pdf(*, template: str, context: dict[str, Any], variant: str | None = None) -> bytes:
    """Return the PDF of the template rendered with the context.

    Templates extend ``pdf/_base.html`` (A4, page numbers in the footer), or say the same in
    their own page rules. The context must be complete: rendering makes no database query of
    its own. ``variant`` names a WeasyPrint PDF variant, e.g. ``PDF_UA`` for a tagged,
    accessible document (its template then needs ``<html lang>`` and a ``<title>``).

    The same template and context give the same bytes: WeasyPrint writes no clock time
    unless the template names one (``<meta name="dcterms.created" content="...">`` and
    ``dcterms.modified``), and its file identifier is a digest of the content.
    """
    html = render_to_string(template, context)
    base_url = (_static_roots()[0].as_uri() + "/") if _static_roots() else None
    document = HTML(string=html, base_url=base_url, url_fetcher=LocalOnlyFetcher())
    if variant is None:
        return document.write_pdf()
    return document.write_pdf(pdf_variant=variant)


def download_name(*parts: str, on: date) -> str:
    """Return a PDF's file name from the words that say what it is and its date.

    ``download_name("Progress check at two", "Ava Smith", on=...)`` gives
    ``progress-check-at-two-ava-smith-2026-12-01.pdf``. Each part is reduced to ASCII
    letters, digits and hyphens (accents dropped), so the name is safe in a header and on
    any file system; a part with nothing left is left out.
    """
    words = [slug for slug in (slugify(part) for part in parts) if slug]
    return "-".join([*words, on.isoformat()]) + ".pdf"


def pdf_response(pdf: bytes, *, filename: str) -> HttpResponse:
    """Return the PDF to open in the browser, under the file name, never cached."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["Cache-Control"] = "private, no-store"
    return response
