"""Forms for observations and concerns: validate and convert, nothing else.

Photos are checked by content and prepared here (``learning.images``), so the service
receives clean JPEG bytes. Browsers never keep a chosen file after an error: every photo
message says to choose the file again.
"""

from datetime import date
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from children.models import Child
from common.forms import GdsDateField, IdMultipleChoiceField
from common.submissions import TOKEN_FIELD, SubmissionTokenMixin
from common.versioning import VersionField
from learning.images import PhotoRejected, PreparedPhoto, photo_prepare
from learning.journey.selectors import ChildGroup, children_without_photo_consent
from learning.journey.services import MAX_PHOTOS
from learning.models import Area, Observation

CHOOSE_AGAIN = "Choose the photo again if you still want to add it."


class PhotosInput(forms.FileInput):
    """A file input that lets the user pick several photos at once."""

    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several uploaded files, each checked and prepared as a photo."""

    widget = PhotosInput

    def clean(self, data: Any, initial: Any = None) -> list[PreparedPhoto]:
        uploads = data if isinstance(data, list | tuple) else [data]
        uploads = [upload for upload in uploads if upload]
        prepared = []
        for upload in uploads:
            super().clean(upload, initial)
            prepared.append(_prepare(upload))
        return prepared


def _prepare(upload: UploadedFile) -> PreparedPhoto:
    try:
        return photo_prepare(upload)
    except PhotoRejected as problem:
        raise ValidationError(f"The photo {upload.name} {problem}. {CHOOSE_AGAIN}") from None


def _names(children: list[Child]) -> str:
    names = [str(child) for child in children]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class ObservationForm(forms.Form):
    """The fields an observation has, whether recorded or changed."""

    observed_on = GdsDateField(label="Date of the observation")
    text = forms.CharField(
        label="What did you see and hear?",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter what you saw and heard"},
    )
    areas = IdMultipleChoiceField(
        label="Areas of learning",
        queryset=Area.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={"required": "Select at least one area of learning"},
    )
    next_steps = forms.CharField(
        label="Next steps (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you will offer next to build on this.",
    )
    status = forms.ChoiceField(
        label="Is the observation ready?",
        choices=[
            (Observation.Status.PUBLISHED, "Yes, publish it in the learning journey"),
            (Observation.Status.DRAFT, "No, save it as a draft only I and the manager can see"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the observation is ready"},
    )
    visible_to_carers = forms.BooleanField(
        label="Share with the child's carers",
        required=False,
        help_text="Carers see published observations that are shared with them.",
    )
    photos = PhotosField(
        label="Photos (optional)",
        required=False,
        help_text=f"Up to {MAX_PHOTOS} JPG, PNG or WebP photos, each smaller than 10 MB. "
        "Only of children whose carers have given photo consent.",
    )

    def __init__(
        self,
        *args: Any,
        today: date,
        area_choices: list[Area],
        photo_room: int = MAX_PHOTOS,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.photo_room = photo_room
        self.fields["areas"].queryset = Area.objects.filter(pk__in=[a.pk for a in area_choices])
        self.fields["areas"].choices = [(area.pk, area.name) for area in area_choices]
        self.fields["photos"].widget.attrs.update(
            {"accept": "image/jpeg,image/png,image/webp", "class": "govuk-file-upload"}
        )
        if photo_room < MAX_PHOTOS:
            self.fields["photos"].help_text = f"You can add {photo_room} more. " + str(
                self.fields["photos"].help_text
            )

    def layout_fields(self) -> list[Any]:
        return [
            "observed_on",
            Field.textarea("text", rows=6),
            Field.checkboxes("areas", legend_size=Size.SMALL, small=True),
            Field.textarea("next_steps", rows=3),
            Field.radios("status", legend_size=Size.SMALL),
            Field.checkbox("visible_to_carers"),
            *([Field("photos")] if self.photo_room else []),
        ]

    def clean_observed_on(self) -> date:
        observed_on = self.cleaned_data["observed_on"]
        if observed_on > self.today:
            raise ValidationError("Date of the observation must be today or in the past")
        return observed_on

    def clean_photos(self) -> list[PreparedPhoto]:
        photos = self.cleaned_data["photos"]
        if len(photos) > self.photo_room:
            if not self.photo_room:
                raise ValidationError("This observation already has the most photos it can have")
            raise ValidationError(
                f"Choose no more than {self.photo_room} photos, then choose them again"
            )
        return photos

    def children_for_consent(self) -> list[Child]:
        raise NotImplementedError

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        photos = cleaned.get("photos")
        observed_on = cleaned.get("observed_on")
        children = self.children_for_consent()
        if photos and observed_on and children:
            missing = children_without_photo_consent(children, on=observed_on)
            if missing:
                verb = "has" if len(missing) == 1 else "have"
                self.add_error(
                    "photos",
                    f"{_names(missing)} {verb} no photo consent: remove the photo or the "
                    f"child. {CHOOSE_AGAIN}",
                )
        return cleaned


class ObservationAddForm(SubmissionTokenMixin, ObservationForm):
    """Record an observation of one or several children, perhaps with a concern for the DSL."""

    field_order = ["children"]  # first in the error summary, as on the page

    children = forms.TypedMultipleChoiceField(
        label="Which children is it about?",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the children the observation is about"},
    )
    concern = forms.CharField(
        label="I have a safeguarding concern about this child (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only the designated safeguarding lead sees this. It is not part of the "
        "observation and carers never see it. If a child is in immediate danger, tell the "
        "DSL now.",
    )

    def __init__(self, *args: Any, groups: list[ChildGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups = groups
        self.by_pk = {child.pk: child for group in groups for child in group.children}
        self.fields["children"].choices = [(pk, str(child)) for pk, child in self.by_pk.items()]
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            TOKEN_FIELD,
            HTML('{% include "learning/observation_children_fieldset.html" %}'),
            *self.layout_fields(),
            Field.textarea("concern", rows=3),
            Submit("submit", "Save observation"),
        )

    def children_for_consent(self) -> list[Child]:
        return self.cleaned_data.get("children", [])

    def clean_children(self) -> list[Child]:
        return [self.by_pk[pk] for pk in self.cleaned_data["children"]]

    def chosen(self) -> set[str]:
        """Return the ids ticked, as strings, for the hand-drawn checkboxes."""
        value = self["children"].value() or []
        return {str(pk) for pk in value}


class ObservationEditForm(ObservationForm):
    """Change an observation; its children stay as they are."""

    version = VersionField()

    def __init__(self, *args: Any, children: list[Child], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.children = children
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            "version", *self.layout_fields(), Submit("submit", "Save changes")
        )

    def children_for_consent(self) -> list[Child]:
        return self.children
