"""Check and prepare photos for observations with Pillow.

A photo is judged by its content, never by its name or the browser's content type: Pillow
must recognise it as JPEG, PNG or WebP and verify it. It is then shrunk to at most
``MAX_SIDE`` pixels on its longest side, turned upright from its EXIF orientation and
re-encoded as a JPEG *without* any metadata, so no camera details or GPS position are kept.

A few kilobytes of PNG can claim to be 13,000 pixels square and take a gigabyte to decode,
so the size in pixels is read from the file's header (``Image.open`` decodes nothing) and
anything over ``MAX_PIXELS`` or ``MAX_INPUT_SIDE`` is refused before any pixel is decoded.
What is accepted is decoded as small as the format allows: a JPEG at a half, a quarter or an
eighth of its size (``draft``), and no full-size copy is made (orientation is applied after
shrinking), so one upload needs at most a few times 40 megapixels' worth of memory and a
camera photo far less.
"""

import io
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_SIDE = 1600
# What may be decoded: a 40-megapixel camera photo passes, a decompression bomb does not.
MAX_PIXELS = 40_000_000
MAX_INPUT_SIDE = 20_000
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
JPEG_QUALITY = 85

NOT_AN_IMAGE = "must be a JPG, PNG or WebP image"
TOO_BIG = "must be smaller than 10 MB"
PIXEL_LIMIT = "it must be no more than 40 megapixels, like 7,700 by 5,100 pixels"
TOO_MANY_PIXELS = "is {width:,} by {height:,} pixels: " + PIXEL_LIMIT
# Pillow refuses to open an image over about 179 megapixels, before its size can be read.
FAR_TOO_MANY_PIXELS = "has far too many pixels: " + PIXEL_LIMIT
# Modes Pillow resizes smoothly; others (palette, 16-bit) are turned into RGB first.
RESIZABLE_MODES = frozenset({"RGB", "RGBA", "L", "LA", "CMYK"})


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
        # Opening reads only the header: the format and the size in pixels.
        with Image.open(upload) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise PhotoRejected(NOT_AN_IMAGE)
            _check_pixels(*probe.size)
            probe.verify()
        # verify() leaves the image unusable: open it again to decode it.
        upload.seek(0)
        with Image.open(upload) as image:
            upright = _shrink(image)
    except PhotoRejected:
        raise
    except Image.DecompressionBombError:
        raise PhotoRejected(FAR_TOO_MANY_PIXELS) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise PhotoRejected(NOT_AN_IMAGE) from None
    out = io.BytesIO()
    # No exif= argument: the new file carries no metadata at all.
    upright.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return PreparedPhoto(
        content=out.getvalue(),
        width=upright.width,
        height=upright.height,
        original_name=upload.name or "",
    )


def _check_pixels(width: int, height: int) -> None:
    """Refuse a size in pixels too big to decode safely, before anything is decoded."""
    if width * height > MAX_PIXELS or max(width, height) > MAX_INPUT_SIDE:
        raise PhotoRejected(TOO_MANY_PIXELS.format(width=width, height=height))


def _shrink(image: Image.Image) -> Image.Image:
    """Return the opened image decoded small, at most MAX_SIDE a side, upright and in RGB."""
    if image.mode in RESIZABLE_MODES:
        # A JPEG is decoded straight at a half, a quarter or an eighth of its size, never
        # smaller than the result; other formats ignore this.
        image.draft(None, _fitted(*image.size))
    else:
        image = _flatten(image)
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    # The bound is square, so turning the photo upright afterwards keeps it within bounds.
    return _flatten(ImageOps.exif_transpose(image))


def _fitted(width: int, height: int) -> tuple[int, int]:
    """Return the size the photo will have: at most MAX_SIDE on its longest side."""
    scale = min(1.0, MAX_SIDE / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _flatten(image: Image.Image) -> Image.Image:
    """Return an RGB image; transparency is laid on white, as it would print."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")
