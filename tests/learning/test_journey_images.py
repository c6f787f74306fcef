"""Photos are judged by content, capped at 10 MB, stripped of EXIF and resized."""

import io
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from learning.images import (
    MAX_INPUT_SIDE,
    MAX_PIXELS,
    MAX_SIDE,
    MAX_UPLOAD_BYTES,
    PhotoRejected,
    photo_prepare,
)
from tests.factories.learning_journey import huge_png, image_bytes

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


# --- Size in pixels: refused from the header, decoded in bounded memory ---------------------


# Pillow warns when it opens something this big; the portal then refuses it.
pixel_warning = pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")


@pixel_warning
def test_a_small_png_of_huge_dimensions_is_refused_without_being_decoded(monkeypatch):
    bomb = huge_png(13_000, 13_000)
    decoded = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda image: decoded.append(image))

    with pytest.raises(PhotoRejected) as refusal:
        photo_prepare(upload(bomb, name="bomb.png"))

    assert len(bomb) < 25_000
    assert str(refusal.value) == (
        "is 13,000 by 13,000 pixels: it must be no more than 40 megapixels, "
        "like 7,700 by 5,100 pixels"
    )
    assert not decoded


@pixel_warning
@pytest.mark.parametrize(
    ("size", "said"),
    [
        ((8_000, 5_001), "is 8,000 by 5,001 pixels"),  # just over 40 megapixels
        ((20_001, 100), "is 20,001 by 100 pixels"),  # a thin strip with an absurd side
        ((30_000, 30_000), "has far too many pixels"),  # Pillow will not even open it
    ],
)
def test_a_photo_too_big_in_pixels_is_refused_saying_so(monkeypatch, size, said):
    decoded = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda image: decoded.append(image))

    with pytest.raises(PhotoRejected) as refusal:
        photo_prepare(upload(huge_png(*size), name="big.png"))

    assert str(refusal.value) == (
        f"{said}: it must be no more than 40 megapixels, like 7,700 by 5,100 pixels"
    )
    assert not decoded


def test_the_pixel_limits_are_forty_megapixels_and_twenty_thousand_a_side():
    assert (MAX_PIXELS, MAX_INPUT_SIDE) == (40_000_000, 20_000)


PEAK_MEMORY = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    from django.core.files.uploadedfile import SimpleUploadedFile
    from learning.images import photo_prepare

    def kilobytes(field):
        status = Path("/proc/self/status").read_text()
        return int(next(l for l in status.splitlines() if l.startswith(field)).split()[1])

    photo = SimpleUploadedFile("camera.jpg", Path(sys.argv[1]).read_bytes())
    Path("/proc/self/clear_refs").write_text("5")  # the peak starts again from here
    before = kilobytes("VmRSS:")
    prepared = photo_prepare(photo)
    print(prepared.width, prepared.height, (kilobytes("VmHWM:") - before) // 1024)
    """
)


def test_a_large_camera_photo_is_prepared_in_bounded_memory(tmp_path):
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    photo = tmp_path / "camera.jpg"
    photo.write_bytes(image_bytes("JPEG", (6_000, 4_000), exif=exif.tobytes(), quality=90))

    # A fresh process, whose peak resident memory (Linux counts it) is this photo's alone.
    said = subprocess.run(
        [sys.executable, "-c", PEAK_MEMORY, str(photo)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout.split()

    width, height, grown_mb = map(int, said)
    assert (width, height) == (1_067, MAX_SIDE)
    # Decoded at full size it takes 96 MB, and each full-size copy as much again; decoded at
    # half size and shrunk in place it takes about 45 MB.
    assert grown_mb < 64
