"""Forms of the PEP paperwork: one per section, the submission and the SMART targets.

Sections may be saved part-done: what a section needs before the PEP can be submitted is
decided by ``pep.paperwork.sections`` at submission, not here. Every section form carries
the PEP's version (``common.versioning``); a target's edit form carries what the target
said when the form was rendered (``loaded``), since targets have no version of their own.
"""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fieldset, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError

from common.forms import GdsDateField, IdChoiceField, IdMultipleChoiceField, gds_helper
from common.submissions import SubmissionTokenMixin
from common.versioning import VersionField
from learning.models import Area, ObservationPhoto
from pep.models import Pep, PepTarget, TargetReview

TEXT_LIMIT = 5000
_WHOLE = re.compile(r"\s*[0-9]{1,6}\s*")
_MONEY = re.compile(r"\s*£?\s*([0-9]{1,7}(\.[0-9]{1,2})?)\s*")
_HOURS = re.compile(r"\s*([0-9]{1,3}(\.[0-9])?)\s*")


def _text(label: str, *, help_text: str = "", rows: int = 4, required: bool = False) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": f"Enter {label[0].lower()}{label[1:]}",
            "max_length": f"{label} must be {TEXT_LIMIT:,} characters or fewer",
        },
    )


class WholeNumberField(forms.CharField):
    """A count typed in ASCII digits only, within a range; blank is None."""

    def __init__(self, *, label: str, maximum: int, **kwargs: Any) -> None:
        super().__init__(label=label, required=False, max_length=20, **kwargs)
        self.maximum = maximum
        self.widget.attrs.update({"inputmode": "numeric"})

    def clean(self, value: Any) -> int | None:
        text = super().clean(value)
        if not text:
            return None
        name = str(self.label)
        if not _WHOLE.fullmatch(text):
            raise ValidationError(f"{name} must be a whole number, like 38")
        number = int(text)
        if number > self.maximum:
            raise ValidationError(f"{name} must be {self.maximum} or fewer")
        return number


class DecimalTextField(forms.CharField):
    """A money amount or hours typed in ASCII digits, within a range; blank is None."""

    def __init__(
        self, *, label: str, pattern: re.Pattern, example: str, maximum: Decimal, **kw: Any
    ) -> None:
        super().__init__(label=label, required=False, max_length=20, **kw)
        self.pattern, self.example, self.maximum = pattern, example, maximum
        self.widget.attrs.update({"inputmode": "decimal"})

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if not text:
            return None
        name = str(self.label)
        found = self.pattern.fullmatch(text)
        if not found:
            raise ValidationError(f"{name} must be a number, like {self.example}")
        try:
            number = Decimal(found.group(1))
        except InvalidOperation:
            raise ValidationError(f"{name} must be a number, like {self.example}") from None
        if number > self.maximum:
            raise ValidationError(f"{name} must be {self.maximum} or less")
        return number


def _section_helper(*fields: Any) -> FormHelper:
    """A helper for a section form whose <form> and button the page writes itself."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*fields)
    return helper


class SectionForm(forms.Form):
    """A section of the paperwork: its Pep fields and the PEP's version."""

    version = VersionField()
    # The Pep fields the section writes, in order.
    FIELDS: tuple[str, ...] = ()

    def __init__(self, *args: Any, pep: Pep, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pep = pep

    @classmethod
    def initial_for(cls, pep: Pep) -> dict[str, Any]:
        """Return the form's initial values from the PEP as saved."""
        return {"version": pep.version, **{name: getattr(pep, name) for name in cls.FIELDS}}

    def pep_fields(self) -> dict[str, Any]:
        """Return the cleaned values of the section's Pep fields (blank text as "")."""
        return {name: self.cleaned_data.get(name) for name in self.FIELDS}


class MoreAboutMeForm(SectionForm):
    """The child's voice: prompts written for the key person of a child who may not talk yet."""

    FIELDS = Pep.VOICE_FIELDS
    voice_likes = _text(
        "What I like",
        help_text="Toys, games, songs, food, places. If the child does not talk yet, write "
        "what you have seen them choose and come back to, in their words if you can: "
        '"I like the water tray".',
    )
    voice_dislikes = _text(
        "What I don't like",
        help_text="What they turn away from, push away or get upset by: noise, textures, "
        "being rushed.",
    )
    voice_comforters = _text(
        "What comforts me",
        help_text="A toy, a blanket, a song, being held: what settles them when they are upset.",
    )
    voice_routines = _text(
        "My routines",
        help_text="Arriving, eating, sleeping, nappy or toilet: what helps their day go well.",
    )
    voice_important_people = _text(
        "People who are important to me",
        help_text="Carers, family they see, friends at the setting, staff they go to. Use "
        "first names or roles only.",
    )
    voice_happy = _text(
        "What makes me happy",
        help_text="When do you see them smile, laugh, join in or show you something?",
    )
    voice_worried = _text(
        "What makes me worried or upset",
        help_text="Changes, separations, loud places, people they do not know.",
    )
    voice_calm = _text(
        "What helps me feel calm",
        help_text="What you and the carers do that works: a quiet corner, a cuddle, a story.",
    )
    voice_how_i_show_it = _text(
        "How I show how I feel",
        help_text="Their signs, sounds, words, gestures or behaviour when they are happy, "
        "worried, tired or hungry.",
    )

    def __init__(self, *args: Any, photos: list[ObservationPhoto], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.photos = photos
        if photos:
            field = IdMultipleChoiceField(
                queryset=ObservationPhoto.objects.filter(pk__in=[p.pk for p in photos]),
                required=False,
                label="Photos from my learning journey (optional)",
                widget=forms.CheckboxSelectMultiple,
            )
            field.choices = [(photo.pk, photo.caption or "Photo") for photo in photos]
            self.fields["voice_photos"] = field
        self.helper = _section_helper(
            *(Field.textarea(name, rows=3) for name in self.FIELDS), "version"
        )

    @classmethod
    def initial_with_photos(cls, pep: Pep, photo_ids: frozenset[int]) -> dict[str, Any]:
        return {**cls.initial_for(pep), "voice_photos": sorted(photo_ids)}

    def chosen_photo_ids(self) -> set[int] | None:
        """Return the ids of the chosen photos, or None when no photos were offered."""
        if "voice_photos" not in self.fields:
            return None
        return {photo.pk for photo in self.cleaned_data.get("voice_photos") or []}


HOW_GIVEN_HINT = (
    "For example: told to the key person at collection on 3 March and typed in by them; "
    "or given to the children in care advisor by phone and typed in by them."
)


class ViewsForm(SectionForm):
    """The carer's and the social worker's views, and how each were given."""

    FIELDS = (
        "carer_views",
        "carer_views_source",
        "social_worker_views",
        "social_worker_views_source",
    )
    carer_views = _text(
        "The carer's views",
        help_text="What the carer says about how the child is doing, at the setting and at home.",
        rows=5,
    )
    carer_views_source = forms.CharField(
        label="How were the carer's views given?",
        required=False,
        max_length=150,
        help_text=HOW_GIVEN_HINT,
        error_messages={
            "max_length": "How the carer's views were given must be 150 characters or fewer"
        },
    )
    social_worker_views = _text(
        "The social worker's views",
        help_text="What the social worker says about the child's care plan and education.",
        rows=5,
    )
    social_worker_views_source = forms.CharField(
        label="How were the social worker's views given?",
        required=False,
        max_length=150,
        help_text=HOW_GIVEN_HINT,
        error_messages={
            "max_length": "How the social worker's views were given must be 150 characters "
            "or fewer"
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _section_helper(
            Fieldset(
                Field.textarea("carer_views", rows=5),
                Field.text("carer_views_source"),
                legend="The carer",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.textarea("social_worker_views", rows=5),
                Field.text("social_worker_views_source"),
                legend="The social worker",
                legend_size=Size.MEDIUM,
            ),
            "version",
        )


class AttendanceHealthForm(SectionForm):
    """Attendance this term, funded hours, health and SEN."""

    FIELDS = (
        "sessions_offered",
        "sessions_attended",
        "funded_hours",
        "attendance_notes",
        "health",
        "sen_support",
    )
    sessions_offered = WholeNumberField(label="Sessions offered this term", maximum=500)
    sessions_attended = WholeNumberField(label="Sessions attended this term", maximum=500)
    funded_hours = DecimalTextField(
        label="Funded hours a week",
        pattern=_HOURS,
        example="15 or 22.5",
        maximum=Decimal(60),
        help_text="The early education hours funded for the child, for example 15 or 30.",
    )
    attendance_notes = _text(
        "Notes on attendance",
        help_text="Reasons for absences, patterns, and contact or visits that clash with "
        "sessions.",
        rows=3,
    )
    health = _text(
        "Health and wellbeing",
        help_text="Health needs, appointments, medication, sleep and eating, as they affect "
        "the child's learning.",
    )
    sen_support = _text(
        "SEN status and support",
        help_text="Filled in from the child's record; say what support is in place and who "
        "is involved (SENCo, EY SEND inclusion, therapists).",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _section_helper(
            Fieldset(
                Field.text("sessions_offered", field_width=4),
                Field.text("sessions_attended", field_width=4),
                Field.text("funded_hours", field_width=4),
                Field.textarea("attendance_notes", rows=3),
                legend="Attendance",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.textarea("health", rows=4),
                Field.textarea("sen_support", rows=4),
                legend="Health and SEN",
                legend_size=Size.MEDIUM,
            ),
            "version",
        )

    @classmethod
    def initial_for(cls, pep: Pep) -> dict[str, Any]:
        initial = super().initial_for(pep)
        if not pep.sen_support:
            initial["sen_support"] = pep.child.get_sen_status_display()
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        offered, attended = data.get("sessions_offered"), data.get("sessions_attended")
        if offered is not None and attended is not None and attended > offered:
            self.add_error(
                "sessions_attended",
                "Sessions attended this term must be no more than the sessions offered",
            )
        return data


class ProgressForm(SectionForm):
    """The key person's summary of progress, beside the tracker's judgements."""

    FIELDS = ("progress_notes", "transition_notes")
    progress_notes = _text(
        "Your summary of progress",
        help_text="What the judgements above mean for this child: strengths, where they need "
        "help, and what has made a difference since the last PEP.",
        rows=6,
    )
    transition_notes = _text(
        "Transition to school (optional)",
        help_text="For a child starting school within a year: the school, visits planned, "
        "what the school needs to know.",
        rows=3,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _section_helper(
            Field.textarea("progress_notes", rows=6),
            Field.textarea("transition_notes", rows=3),
            "version",
        )


class PreviousTargetsForm(SectionForm):
    """How each of the previous PEP's targets went: an outcome and the evidence."""

    def __init__(
        self,
        *args: Any,
        targets: list[PepTarget],
        reviews: dict[int, TargetReview],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.targets = targets
        layout: list[Any] = []
        for number, target in enumerate(targets, start=1):
            outcome, evidence = f"outcome_{target.pk}", f"evidence_{target.pk}"
            self.fields[outcome] = forms.ChoiceField(
                label=f"How did target {number} go?",
                choices=TargetReview.Outcome.choices,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Select one of the outcomes shown"},
            )
            self.fields[evidence] = _text(
                f"Evidence for target {number}",
                help_text="What you saw, when, and who else saw it: observations, the "
                "tracker, the carer's view.",
                rows=3,
            )
            review = reviews.get(target.pk)
            if review is not None and not self.is_bound:
                self.initial.setdefault(outcome, review.outcome)
                self.initial.setdefault(evidence, review.evidence)
            layout.append(
                Fieldset(
                    HTML(
                        '<p class="govuk-body"><strong>{}</strong></p>'.format(
                            _escape(f"{target.area.name}: {target.target}")
                        )
                    ),
                    Field.radios(outcome, legend_size=Size.SMALL, small=True),
                    Field.textarea(evidence, rows=3),
                    legend=f"Target {number}",
                    legend_size=Size.MEDIUM,
                )
            )
        self.helper = _section_helper(*layout, "version")

    @classmethod
    def initial_for(cls, pep: Pep) -> dict[str, Any]:
        return {"version": pep.version}

    def pep_fields(self) -> dict[str, Any]:
        return {}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for number, target in enumerate(self.targets, start=1):
            if data.get(f"evidence_{target.pk}") and not data.get(f"outcome_{target.pk}"):
                self.add_error(
                    f"outcome_{target.pk}",
                    f"Select how target {number} went, or remove the evidence",
                )
        return data

    def reviews(self) -> dict[int, tuple[str, str]]:
        """Return {target id: (outcome or "", evidence)} for every previous target."""
        return {
            target.pk: (
                self.cleaned_data.get(f"outcome_{target.pk}") or "",
                self.cleaned_data.get(f"evidence_{target.pk}") or "",
            )
            for target in self.targets
        }


def _escape(text: str) -> str:
    from django.utils.html import escape

    return str(escape(text))


class SubmitForm(forms.Form):
    """Submit the paperwork, as it stood when the page was read."""

    version = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper("Submit the paperwork", "version")


# --- SMART targets ------------------------------------------------------------------------


TARGET_FIELDS = (
    "area",
    "target",
    "actions",
    "who",
    "by_when",
    "success_measure",
    "eypp_funded",
    "cost",
)


class TargetForm(forms.Form):
    """A SMART target: what, how, who, by when, how success is measured, and its funding."""

    area = IdChoiceField(
        queryset=Area.objects.order_by("order"),
        label="Area of learning",
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the area of learning"},
    )
    target = _text(
        "The target",
        help_text="What the child will be able to do, in plain words.",
        rows=3,
        required=True,
    )
    actions = _text("Actions", help_text="What the setting, the carer and others will do.", rows=3)
    who = forms.CharField(
        label="Who will do it",
        required=False,
        max_length=150,
        help_text="A role, for example: key person, carer, speech and language therapist.",
        error_messages={"max_length": "Who will do it must be 150 characters or fewer"},
    )
    by_when = GdsDateField(label="By when", required=False, what="the date to achieve it by")
    success_measure = _text(
        "How success is measured",
        help_text="What you will see or hear when it is achieved, and how often.",
        rows=3,
    )
    eypp_funded = forms.BooleanField(
        label="Funded by the Early Years Pupil Premium", required=False
    )
    cost = DecimalTextField(
        label="Cost",
        pattern=_MONEY,
        example="120.00",
        maximum=Decimal(100000),
        help_text="In pounds, for example 120.00. Needed when the target is funded by EYPP.",
    )

    def __init__(self, *args: Any, button: str = "Save the target", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].label_from_instance = lambda area: area.name
        self.helper = gds_helper(
            button,
            Field.radios("area", legend_size=Size.SMALL, small=True),
            Field.textarea("target", rows=3),
            Field.textarea("actions", rows=3),
            Field.text("who"),
            "by_when",
            Field.textarea("success_measure", rows=3),
            Field.checkbox("eypp_funded"),
            Field.text("cost", field_width=10),
            *self.extra_layout(),
        )

    def extra_layout(self) -> list[str]:
        return []

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("eypp_funded") and data.get("cost") is None and "cost" not in self.errors:
            self.add_error("cost", "Enter the cost, as the target is funded by EYPP")
        return data

    def target_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in TARGET_FIELDS}


class TargetAddForm(SubmissionTokenMixin, TargetForm):
    def extra_layout(self) -> list[str]:
        return ["submission_token"]


class TargetEditForm(TargetForm):
    """Change a target; ``loaded`` says what it said when the form was rendered."""

    loaded = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def extra_layout(self) -> list[str]:
        return ["loaded"]


class ConfirmForm(forms.Form):
    """A button that confirms, with what the record said when it was shown."""

    loaded = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, button: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            "loaded", Submit("submit", button, css_class="govuk-button--warning")
        )
