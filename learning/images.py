"""Check and prepare photos for observations with Pillow.

A photo is judged by its content, never by its name or the browser's content type: Pillow
must recognise it as JPEG, PNG or WebP and verify it. It is then turned upright from its
EXIF orientation, shrunk to at most ``MAX_SIDE`` pixels on its longest side and re-encoded
as a JPEG *without* any metadata, so no camera details or GPS position are kept.
"""

import io
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_SIDE = 1600
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
JPEG_QUALITY = 85

NOT_AN_IMAGE = "must be a JPG, PNG or WebP image"
TOO_BIG = "must be smaller than 10 MB"


class PhotoRejected(ValueError):
    """The upload is not a photo the portal accepts; the message ends a sentence."""


@dataclass(frozen=True)
class PreparedPhoto:
    """A photo ready to store: JPEG bytes with no metadata, and its size in pixels."""

    content: bytes
    width: int
    height: int
    original_name: str = ""


def photo_prepare(upload: UploadedFile) -> PreparedPhoto:
    """Return the upload checked, upright, resized and re-encoded, or raise PhotoRejected."""
    if upload.size is None or upload.size > MAX_UPLOAD_BYTES:
        raise PhotoRejected(TOO_BIG)
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            found = probe.format
            probe.verify()
        if found not in ACCEPTED_FORMATS:
            raise PhotoRejected(NOT_AN_IMAGE)
        # verify() leaves the image unusable: open it again to decode it.
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
    except PhotoRejected:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        OSError,
        SyntaxError,
        ValueError,
    ):
        raise PhotoRejected(NOT_AN_IMAGE) from None
    upright = _flatten(upright)
    upright.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # No exif= argument: the new file carries no metadata at all.
    upright.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return PreparedPhoto(
        content=out.getvalue(),
        width=upright.width,
        height=upright.height,
        original_name=upload.name or "",
    )


def _flatten(image: Image.Image) -> Image.Image:
    """Return an RGB image; transparency is laid on white, as it would print."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")
