"""factory_boy factories for observations and their photos.

``framework_areas()`` makes sure the seven EYFS areas exist (the data migration ships
them; get-or-create by code keeps these tests independent of it).
"""

import io
import struct
import zlib
from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory
from PIL import Image

from learning.models import Area, Observation, ObservationPhoto
from tests.factories.accounts import CareSettingFactory, ChildFactory, UserFactory

AREAS = (
    ("CL", "Communication and Language", Area.Kind.PRIME),
    ("PSED", "Personal, Social and Emotional Development", Area.Kind.PRIME),
    ("PD", "Physical Development", Area.Kind.PRIME),
    ("L", "Literacy", Area.Kind.SPECIFIC),
    ("M", "Mathematics", Area.Kind.SPECIFIC),
    ("UTW", "Understanding the World", Area.Kind.SPECIFIC),
    ("EAD", "Expressive Arts and Design", Area.Kind.SPECIFIC),
)


def framework_areas() -> dict[str, Area]:
    """Return the seven areas by code, creating any that are missing."""
    return {
        code: Area.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind, "order": order}
        )[0]
        for order, (code, name, kind) in enumerate(AREAS, start=1)
    }


def image_bytes(
    fmt: str = "PNG", size: tuple[int, int] = (40, 30), colour: str = "orange", **save: object
) -> bytes:
    """Return a small real image in the format."""
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=fmt, **save)
    return out.getvalue()


def huge_png(width: int, height: int) -> bytes:
    """Return a valid black-and-white PNG of the size: a few kilobytes however many pixels.

    Written chunk by chunk, row by row, so making it never holds the decoded image.
    """

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1 bit grey
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then black pixels
    packer = zlib.compressobj(9)
    pixels = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


class ObservationFactory(DjangoModelFactory):
    """A published observation of one child (``children=[...]`` for several)."""

    class Meta:
        model = Observation
        skip_postgeneration_save = True

    care_setting = factory.SubFactory(CareSettingFactory)
    author = factory.SubFactory(UserFactory)
    observed_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
    text = "Built a tall tower with the wooden blocks and counted them: one, two, three."
    next_steps = "Offer more blocks and count together beyond five."
    status = Observation.Status.PUBLISHED

    @factory.post_generation
    def children(self, create: bool, extracted: object, **kwargs: object) -> None:
        if not create:
            return
        if extracted is None:
            extracted = [ChildFactory(care_setting=self.care_setting)]
        self.children.set(extracted)

    @factory.post_generation
    def areas(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted:
            self.areas.set(extracted)


class ObservationPhotoFactory(DjangoModelFactory):
    class Meta:
        model = ObservationPhoto

    observation = factory.SubFactory(ObservationFactory)
    image = factory.LazyFunction(
        lambda: ContentFile(image_bytes("JPEG", (60, 40)), name="photo.jpg")
    )
