"""The PDF helper: WeasyPrint for real, local files only."""

import base64
import subprocess
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from common.pdf import LocalOnlyFetcher, render_pdf, storage_url

# A one-pixel transparent PNG.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """Return the text of the PDF as pdftotext reads it."""
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def use_templates_in(settings, folder: Path) -> None:
    """Add the folder to the template directories (a new list, so Django reloads them)."""
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], str(folder)]}]


def test_render_pdf_returns_a_pdf_with_the_templates_text(tmp_path, settings):
    use_templates_in(settings, tmp_path)
    (tmp_path / "sample.html").write_text(
        '{% extends "pdf/_base.html" %}{% block content %}<h1>Hello {{ name }}</h1>{% endblock %}'
    )

    pdf = render_pdf(template="sample.html", context={"name": "Hana"})

    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf, tmp_path)
    assert "Hello Hana" in text
    assert "Page 1 of 1" in text


def test_the_fetcher_refuses_the_network_and_files_outside_static():
    fetcher = LocalOnlyFetcher()
    for url in ("https://example.com/a.css", "http://127.0.0.1/", "file:///etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_the_fetcher_serves_static_files_data_uris_and_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    static_css = Path(settings.STATICFILES_DIRS[0]) / "css" / "application.css"
    name = default_storage.save("pdf-test/pixel.png", ContentFile(PIXEL))

    assert LocalOnlyFetcher().fetch(static_css.resolve().as_uri()).read()
    assert LocalOnlyFetcher().fetch(storage_url(name)).read() == PIXEL
    data = "data:image/png;base64," + base64.b64encode(PIXEL).decode()
    assert LocalOnlyFetcher().fetch(data).read() == PIXEL
    with pytest.raises(ValueError):
        LocalOnlyFetcher().fetch(storage_url("../secrets.txt"))


def test_an_image_in_storage_is_drawn_into_the_pdf(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    use_templates_in(settings, tmp_path)
    name = default_storage.save("pdf-test/pixel.png", ContentFile(PIXEL))
    (tmp_path / "image.html").write_text(
        '{% extends "pdf/_base.html" %}{% block content %}<img src="{{ src }}" '
        'style="width:20mm">{% endblock %}'
    )

    with_image = render_pdf(template="image.html", context={"src": storage_url(name)})
    without = render_pdf(template="image.html", context={"src": "https://example.com/x.png"})

    listing = subprocess.run(
        ["pdfimages", "-list", "-"], input=with_image, capture_output=True, check=False
    )
    if listing.returncode == 0:
        assert listing.stdout.count(b"\n") >= 3  # header, rule, one image
    assert len(with_image) > len(without)
