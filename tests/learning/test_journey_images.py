"""Photos are judged by content, capped at 10 MB, stripped of EXIF and resized."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from learning.images import MAX_SIDE, MAX_UPLOAD_BYTES, PhotoRejected, photo_prepare
from tests.factories_learning_journey import image_bytes

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def upload(content: bytes, name: str = "photo.png", content_type: str = "image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_png_name_with_other_content_is_refused():
    fake = upload(b"%PDF-1.4 definitely not an image", name="holiday.png")

    with pytest.raises(PhotoRejected, match="JPG, PNG or WebP"):
        photo_prepare(fake)


def test_a_real_image_in_another_format_is_refused():
    gif = upload(image_bytes("GIF"), name="photo.png")

    with pytest.raises(PhotoRejected, match="JPG, PNG or WebP"):
        photo_prepare(gif)


def test_a_truncated_png_is_refused():
    broken = upload(image_bytes("PNG", (200, 200))[:60])

    with pytest.raises(PhotoRejected):
        photo_prepare(broken)


def test_an_upload_over_10_mb_is_refused_before_it_is_read():
    big = upload(b"\x89PNG" + b"0" * MAX_UPLOAD_BYTES)

    with pytest.raises(PhotoRejected, match="10 MB"):
        photo_prepare(big)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_accepted_formats_become_jpeg(fmt):
    prepared = photo_prepare(upload(image_bytes(fmt, (50, 40)), name="x.bin"))

    with Image.open(io.BytesIO(prepared.content)) as result:
        assert result.format == "JPEG"
        assert result.size == (50, 40) == (prepared.width, prepared.height)


def test_a_large_photo_is_resized_to_1600_on_its_longest_side():
    prepared = photo_prepare(upload(image_bytes("PNG", (3200, 1200))))

    assert (prepared.width, prepared.height) == (MAX_SIDE, 600)


def test_exif_with_gps_is_stripped_and_orientation_applied_first():
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # the camera was turned: show it rotated 90 degrees
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD)[2] = (51.0, 30.0, 0.0)  # latitude
    content = image_bytes("JPEG", (80, 40), exif=exif.tobytes())
    with Image.open(io.BytesIO(content)) as original:
        assert original.getexif()[ORIENTATION] == 6

    prepared = photo_prepare(upload(content, name="camera.jpg", content_type="image/jpeg"))

    with Image.open(io.BytesIO(prepared.content)) as result:
        assert not result.getexif()
        assert "exif" not in result.info
    assert (prepared.width, prepared.height) == (40, 80)


def test_transparency_is_laid_on_white():
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(out, format="PNG")

    prepared = photo_prepare(upload(out.getvalue()))

    with Image.open(io.BytesIO(prepared.content)) as result:
        assert result.convert("RGB").getpixel((5, 5)) > (250, 250, 250)
