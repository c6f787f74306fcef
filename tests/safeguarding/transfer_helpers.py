"""Shared pieces of the transfer tests: pinned time, and reading a PDF's text."""

import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=ZoneInfo("Europe/London"))  # a Tuesday


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "file.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return " ".join(text.split())
