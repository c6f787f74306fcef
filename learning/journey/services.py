"""Writes for observations and their photos.

Keyword-only, atomic and audited: every event names each child of the observation as its
subject, so it shows on each child's trail. An edit names the version the editor started
from; if someone else saved in between, ``StaleObservation`` is raised and nothing is
written. A concern noted with an observation is handed to safeguarding through
``learning.journey.hooks.on_concern_noted``, the one seam between the two.
"""

import uuid
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F

from accounts.models import CareSetting, User
from children.models import Child
from common.audit import audit_record
from common.submissions import claim_submission
from common.versioning import StaleRecord, holds
from learning.images import PreparedPhoto
from learning.journey import hooks
from learning.journey.selectors import children_without_photo_consent
from learning.models import Area, Observation, ObservationPhoto

MAX_PHOTOS = 4
CONFLICT_MESSAGE = (
    "Someone else changed this observation while you were editing it. Your changes have not "
    "been saved: check the observation and make them again."
)


class StaleObservation(StaleRecord):
    """Someone else changed the observation after the editor loaded it."""


class PhotoConsentMissing(Exception):
    """A photo was to be attached to an observation of a child without photo consent."""

    def __init__(self, children: Sequence[Child]) -> None:
        super().__init__(", ".join(str(child) for child in children))
        self.children = list(children)


def _audit(
    *, by: User, verb: str, observation: Observation, children: Iterable[Child], **changes: Any
) -> None:
    for child in children:
        audit_record(
            actor=by,
            verb=verb,
            target=observation,
            subject=child,
            care_setting=observation.care_setting,
            changes=changes,
        )


def _attach_photos(
    *, observation: Observation, children: list[Child], photos: Sequence[PreparedPhoto]
) -> list[ObservationPhoto]:
    if not photos:
        return []
    missing = children_without_photo_consent(children, on=observation.observed_on)
    if missing:
        raise PhotoConsentMissing(missing)
    stored = []
    for prepared in photos:
        photo = ObservationPhoto(observation=observation)
        # upload_to names the file; the name given here is not used.
        photo.image.save("photo.jpg", ContentFile(prepared.content), save=False)
        photo.width, photo.height = prepared.width, prepared.height
        photo.save()
        stored.append(photo)
    return stored


@transaction.atomic
def observation_record(
    *,
    care_setting: CareSetting,
    by: User,
    children: Sequence[Child],
    observed_on: date,
    text: str,
    areas: Iterable[Area] = (),
    next_steps: str = "",
    status: str = Observation.Status.DRAFT,
    visible_to_carers: bool = False,
    photos: Sequence[PreparedPhoto] = (),
    concern: str = "",
    submission_token: uuid.UUID | None = None,
) -> Observation:
    """Record an observation of one or several children, with photos and perhaps a concern.

    Raises ``PhotoConsentMissing`` (and writes nothing) when there are photos and a child
    has no photograph consent in force on ``observed_on``. A concern becomes one safeguarding
    concern per child, raised through ``hooks.on_concern_noted`` in this transaction
    (``ConcernNotHeard``, and nothing saved, if no app listens); it is never part of the
    observation, so carers never see it.
    ``AlreadySaved`` when the same form was saved before: it is recorded once.
    """
    children = list(children)
    if len(photos) > MAX_PHOTOS:
        raise ValueError(f"At most {MAX_PHOTOS} photos")
    claim = claim_submission(token=submission_token, by=by)
    observation = Observation.objects.create(
        care_setting=care_setting,
        author=by,
        observed_on=observed_on,
        text=text,
        next_steps=next_steps,
        status=status,
        visible_to_carers=visible_to_carers,
    )
    claim.saved(observation)
    observation.children.set(children)
    area_list = list(areas)
    observation.areas.set(area_list)
    stored = _attach_photos(observation=observation, children=children, photos=photos)
    _audit(
        by=by,
        verb="observation.recorded",
        observation=observation,
        children=children,
        observed_on=observed_on.isoformat(),
        status=status,
        visible_to_carers=visible_to_carers,
        areas=[area.code for area in area_list],
        photos=len(stored),
    )
    if concern.strip():
        for child in children:
            hooks.concern_noted(observation=observation, child=child, text=concern.strip(), by=by)
    return observation


@transaction.atomic
def observation_update(
    *,
    observation: Observation,
    by: User,
    version: int,
    observed_on: date,
    text: str,
    areas: Iterable[Area] = (),
    next_steps: str = "",
    status: str,
    visible_to_carers: bool,
    photos: Sequence[PreparedPhoto] = (),
) -> Observation:
    """Change an observation unless someone else changed it since ``version``; add photos.

    A change that finds the observation already as typed (the same form sent twice, no
    photos) writes nothing.
    """
    children = list(observation.children.all())
    if len(photos) + len(observation.photos.all()) > MAX_PHOTOS:
        raise ValueError(f"At most {MAX_PHOTOS} photos")
    fields = {
        "observed_on": observed_on,
        "text": text,
        "next_steps": next_steps,
        "status": status,
        "visible_to_carers": visible_to_carers,
    }
    area_list = list(areas)
    written = Observation.objects.filter(pk=observation.pk, version=version).update(
        **fields, version=F("version") + 1
    )
    if not written:
        saved = Observation.objects.filter(pk=observation.pk).prefetch_related("areas").first()
        if (
            saved is not None
            and not photos
            and holds(saved, fields)
            and {area.pk for area in saved.areas.all()} == {area.pk for area in area_list}
        ):
            return saved
        raise StaleObservation
    before = {name: getattr(observation, name) for name in fields}
    for name, value in fields.items():
        setattr(observation, name, value)
    observation.version = version + 1
    old_codes = sorted(area.code for area in observation.areas.all())
    observation.areas.set(area_list)
    stored = _attach_photos(observation=observation, children=children, photos=photos)
    changes: dict[str, Any] = {
        name: [_plain(before[name]), _plain(value)]
        for name, value in fields.items()
        if before[name] != value
    }
    new_codes = sorted(area.code for area in area_list)
    if new_codes != old_codes:
        changes["areas"] = [old_codes, new_codes]
    if stored:
        changes["photos_added"] = len(stored)
    if changes:
        _audit(
            by=by,
            verb="observation.updated",
            observation=observation,
            children=children,
            **changes,
        )
    return observation


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


@transaction.atomic
def observation_publish(*, observation: Observation, by: User) -> Observation:
    """Publish a draft; publishing a published observation changes nothing."""
    written = Observation.objects.filter(
        pk=observation.pk, status=Observation.Status.DRAFT
    ).update(status=Observation.Status.PUBLISHED, version=F("version") + 1)
    if written:
        observation.status = Observation.Status.PUBLISHED
        observation.version += 1
        _audit(
            by=by,
            verb="observation.published",
            observation=observation,
            children=observation.children.all(),
        )
    return observation
