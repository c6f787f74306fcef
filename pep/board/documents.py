"""The other LA's PEP document: what a file is, told by its content, and its checksum.

A file is a PDF when it starts with the PDF signature, and a Word document when it is a
ZIP package holding the parts every .docx has (``[Content_Types].xml`` and
``word/document.xml``). Its name and the type the browser claims are never trusted: a
spreadsheet or a program renamed ``.pdf`` is refused.
"""

import hashlib
import zipfile
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile

MAX_SIZE = 10 * 1024 * 1024
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSIONS = {PDF: "pdf", DOCX: "docx"}
ACCEPT = (".pdf", ".docx", PDF, DOCX)

_PDF_SIGNATURE = b"%PDF-"
_ZIP_SIGNATURE = b"PK\x03\x04"
_DOCX_PARTS = frozenset({"[Content_Types].xml", "word/document.xml"})


class DocumentRejected(Exception):
    """The file is not one the portal keeps: the message ends a sentence naming the file."""


@dataclass(frozen=True)
class CheckedDocument:
    """An upload whose content was checked: its real type, size and SHA-256 checksum."""

    upload: UploadedFile
    content_type: str
    size: int
    sha256: str

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


def document_kind(upload: UploadedFile) -> str | None:
    """Return the content type the file's bytes show (PDF or .docx), or None."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(_PDF_SIGNATURE):
        return PDF
    if head.startswith(_ZIP_SIGNATURE):
        try:
            with zipfile.ZipFile(upload) as package:
                names = set(package.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if names >= _DOCX_PARTS:
            return DOCX
    return None


def sha256_of(upload: UploadedFile) -> str:
    """Return the SHA-256 checksum of the file's bytes, read in chunks."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def document_check(upload: UploadedFile) -> CheckedDocument:
    """Return the checked document, or raise DocumentRejected saying what is wrong."""
    if upload.size is None or upload.size == 0:
        raise DocumentRejected("is empty")
    if upload.size > MAX_SIZE:
        raise DocumentRejected("is bigger than 10 MB")
    content_type = document_kind(upload)
    if content_type is None:
        raise DocumentRejected("is not a PDF or a Word (.docx) document")
    return CheckedDocument(
        upload=upload, content_type=content_type, size=upload.size, sha256=sha256_of(upload)
    )
