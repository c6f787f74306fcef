"""Forms of the tracker pages: judgements per area, the early assessment, periods and scale."""

from datetime import date
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fixed, Fluid, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError

from children.models import Room
from common.forms import DATE_HINT, GdsDateField, IdChoiceField, gds_helper
from common.submissions import TOKEN_FIELD, SubmissionTokenMixin
from common.versioning import VersionField
from learning.models import Area, AssessmentPeriod, ScalePoint, TrackerJudgement, TrackerScale

NOTE_MAX = 500


def _point_choices(points: list[ScalePoint]) -> list[tuple[str, str]]:
    return [(str(point.pk), point.label) for point in points]


class JudgementsForm(forms.Form):
    """One period's judgements of a child: a radio group, a note and a version per area."""

    def __init__(
        self,
        *args: Any,
        areas: list[Area],
        points: list[ScalePoint],
        current: dict[int, TrackerJudgement],
        **kwargs: Any,
    ) -> None:
        initial = {}
        for area_id, judgement in current.items():
            initial[f"point_{area_id}"] = str(judgement.point_id)
            initial[f"note_{area_id}"] = judgement.note
            initial[f"version_{area_id}"] = judgement.version
        super().__init__(*args, initial=initial, **kwargs)
        self.areas = areas
        self.points_by_id = {str(point.pk): point for point in points}
        layout = []
        for area in areas:
            self.fields[f"point_{area.pk}"] = forms.ChoiceField(
                label=area.name,
                choices=_point_choices(points),
                widget=forms.RadioSelect,
                required=False,
                error_messages={"invalid_choice": f"Choose a judgement for {area.name}"},
            )
            self.fields[f"note_{area.pk}"] = forms.CharField(
                label=f"Note on {area.name} (optional)",
                required=False,
                max_length=NOTE_MAX,
                error_messages={
                    "max_length": f"The note on {area.name} must be {NOTE_MAX} characters or fewer"
                },
            )
            self.fields[f"version_{area.pk}"] = VersionField(required=False)
            layout += [
                Field.radios(f"point_{area.pk}", legend_size=Size.MEDIUM, small=True),
                Field.text(f"note_{area.pk}", field_width=Fluid.FULL),
                Field(f"version_{area.pk}"),
            ]
        self.helper = gds_helper("Save judgements", *layout)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for area in self.areas:
            point = cleaned.get(f"point_{area.pk}")
            note = cleaned.get(f"note_{area.pk}")
            if note and not point:
                self.add_error(
                    f"point_{area.pk}", f"Choose a judgement for {area.name}, or clear the note"
                )
        chosen = [area for area in self.areas if cleaned.get(f"point_{area.pk}")]
        if self.areas and not chosen and not self.errors:
            # Saving nothing is not a save: say so on the first area, linked from the summary.
            self.add_error(
                f"point_{self.areas[0].pk}",
                "Choose a judgement in at least one area: nothing has been saved",
            )
        return cleaned

    def changed_areas(self, saved: dict[int, TrackerJudgement]) -> list[Area]:
        """Return the areas whose judgement or note differs from the saved one.

        An area judged again by someone else since the form was opened counts as changed,
        so the save reports the conflict rather than "nothing changed".
        """
        changed = []
        for area, point, note, version in self.entries():
            if point is None:
                continue
            judgement = saved.get(area.pk)
            if (
                judgement is None
                or judgement.version != version
                or judgement.point_id != point.pk
                or judgement.note != note
            ):
                changed.append(area)
        return changed

    def entries(self) -> list[tuple[Area, ScalePoint | None, str, int | None]]:
        """Return (area, point, note, version) per area from the cleaned data."""
        return [
            (
                area,
                self.points_by_id.get(self.cleaned_data.get(f"point_{area.pk}") or ""),
                self.cleaned_data.get(f"note_{area.pk}") or "",
                self.cleaned_data.get(f"version_{area.pk}"),
            )
            for area in self.areas
        ]


class EarlyAssessmentForm(forms.Form):
    """The starting point in the prime areas: a judgement and a note each, and a summary.

    ``version`` is the assessment's as the form showed it (0: none was recorded yet).
    """

    version = VersionField()
    completed_on = GdsDateField(label="Date completed", help_text=DATE_HINT)
    summary = forms.CharField(
        label="Summary",
        help_text="What the child enjoys, what they can do and what to build on",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter a summary of the child's starting point"},
    )

    def __init__(
        self,
        *args: Any,
        areas: list[Area],
        points: list[ScalePoint],
        today: date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.areas = areas
        self.today = today
        self.points_by_id = {str(point.pk): point for point in points}
        layout: list[Any] = []
        for area in areas:
            self.fields[f"point_{area.pk}"] = forms.ChoiceField(
                label=area.name,
                choices=_point_choices(points),
                widget=forms.RadioSelect,
                error_messages={
                    "required": f"Choose a judgement for {area.name}",
                    "invalid_choice": f"Choose a judgement for {area.name}",
                },
            )
            self.fields[f"note_{area.pk}"] = forms.CharField(
                label=f"Note on {area.name} (optional)", required=False, max_length=NOTE_MAX
            )
            layout += [
                Field.radios(f"point_{area.pk}", legend_size=Size.MEDIUM, small=True),
                Field.text(f"note_{area.pk}", field_width=Fluid.FULL),
            ]
        self.helper = gds_helper(
            "Save early assessment", "version", *layout, "summary", "completed_on"
        )

    def clean_completed_on(self) -> date:
        completed_on = self.cleaned_data["completed_on"]
        if completed_on > self.today:
            raise ValidationError("Date completed must be today or in the past")
        return completed_on

    def entries(self) -> dict[Area, tuple[ScalePoint, str]]:
        return {
            area: (
                self.points_by_id[self.cleaned_data[f"point_{area.pk}"]],
                self.cleaned_data.get(f"note_{area.pk}") or "",
            )
            for area in self.areas
        }


class PeriodForm(SubmissionTokenMixin, forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=40,
        help_text="For example, Autumn 2026",
        error_messages={"required": "Enter a name for the period"},
    )
    starts_on = GdsDateField(label="Start date", help_text=DATE_HINT)
    ends_on = GdsDateField(label="End date", help_text=DATE_HINT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            TOKEN_FIELD, Field.text("name", field_width=Fixed.TWENTY), "starts_on", "ends_on"
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on <= starts_on:
            self.add_error("ends_on", "The end date must be after the start date")
        return cleaned


class PolicyForm(forms.Form):
    """The setting's scale, with the version of its own policy the form showed (0: none)."""

    version = VersionField()
    scale = IdChoiceField(
        label="Tracker scale",
        queryset=TrackerScale.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose a tracker scale"},
    )
    early_assessment_weeks = forms.IntegerField(
        label="Weeks after starting by which the early assessment is due",
        min_value=1,
        max_value=26,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the number of weeks",
            "invalid": "The number of weeks must be a whole number, like 6",
            "min_value": "The number of weeks must be between 1 and 26",
            "max_value": "The number of weeks must be between 1 and 26",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scale"].queryset = TrackerScale.objects.order_by("name")
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "version",
            Field.radios("scale", legend_size=Size.MEDIUM),
            Field.text("early_assessment_weeks", field_width=Fixed.TWO),
            Submit("save_policy", "Save scale"),
        )


class GroupFilterForm(forms.Form):
    """GET filters of the group view: the period and the room."""

    period = forms.TypedChoiceField(label="Period", coerce=int, required=False)
    room = forms.ChoiceField(label="Room", required=False)

    def __init__(
        self, *args: Any, periods: list[AssessmentPeriod], rooms: list[Room], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.pk, p.name) for p in periods]
        self.fields["room"].choices = [
            ("", "All rooms"),
            *(
                (str(room.pk), room.name if room.is_active else f"{room.name} (archived)")
                for room in rooms
            ),
        ]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.select("period"),
            Field.select("room"),
            Submit("show", "Show", css_class="govuk-button--secondary"),
        )
