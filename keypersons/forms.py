"""Forms for allocating key persons and recording training, in the GOV.UK style."""

from datetime import date
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fixed, Fluid, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from accounts.models import User
from children.models import Child
from common import dates
from common.forms import GdsDateField, IdChoiceField, IdField, IdMultipleChoiceField, gds_helper
from common.submissions import TOKEN_FIELD, SubmissionTokenMixin
from common.versioning import VersionField
from keypersons.models import KeyPersonAllocation, TrainingRecord
from keypersons.selectors import key_children_label

Kind = KeyPersonAllocation.Kind
MAX_ID = 9_223_372_036_854_775_807


def _seen_field() -> forms.IntegerField:
    """The id of the child's current allocation of a kind as the form showed it (0: none)."""
    return forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_ID)


def _warning_helper(button: str, *fields: Any) -> FormHelper:
    """Return a GOV.UK form helper whose button warns that something ends."""
    helper = gds_helper(button, *fields)
    helper.layout = Layout(*fields, Submit("submit", button, css_class="govuk-button--warning"))
    return helper


def _not_in_future(value: date | None, message: str) -> None:
    if value is not None and value > dates.today():
        raise ValidationError(message)


class StaffChoiceField(IdChoiceField):
    """Choose a member of staff, each shown with their caseload.

    Those with the children in care training say so; those at or past the setting's limit
    of key children say that too (a warning, never a refusal).
    """

    def __init__(self, *args: Any, trained_ids: set[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.trained_ids = trained_ids or set()
        self.limit: int | None = None

    def offer(
        self,
        staff: list[User] | QuerySet[User],
        *,
        queryset: QuerySet[User] | None = None,
        limit: int | None = None,
    ) -> None:
        """Offer the staff already loaded (with caseload counts); check a choice in queryset.

        Given a list, the options come from it, so the page reads the staff once; the
        queryset only checks the value sent back. Given a queryset alone, it does both.
        """
        self.limit = limit
        if queryset is None:
            assert isinstance(staff, QuerySet)
            self.queryset = staff
            return
        self.queryset = queryset
        self.choices = [
            ("", self.empty_label),
            *((person.pk, self.label_from_instance(person)) for person in staff),
        ]

    def label_from_instance(self, obj: User) -> str:
        label = obj.full_name
        if obj.pk in self.trained_ids:
            label += " (children in care training)"
        count = getattr(obj, "key_child_count", None)
        if count is None:
            return label
        label += f" — {key_children_label(count)}"
        if obj.looked_after_count:
            label += f", {obj.looked_after_count} looked after"
        if self.limit is not None and count == self.limit:
            label += f" (at the limit of {self.limit})"
        elif self.limit is not None and count > self.limit:
            label += f" (over the limit of {self.limit})"
        return label


def _staff_field(label: str) -> StaffChoiceField:
    return StaffChoiceField(
        label=label,
        queryset=User.objects.none(),
        empty_label="Choose a member of staff",
        error_messages={
            "required": "Choose a member of staff",
            "invalid_choice": "Choose a member of staff at this setting",
        },
    )


class AllocateForm(SubmissionTokenMixin, forms.Form):
    """Allocate (or change) a child's key person or buddy key person.

    ``seen_key_person`` and ``seen_buddy`` say which allocations the page showed, so a
    change someone else made in between is explained rather than replaced unawares.
    """

    seen_key_person = _seen_field()
    seen_buddy = _seen_field()

    kind = forms.ChoiceField(
        label="Allocate as",
        choices=Kind.choices,
        initial=Kind.KEY_PERSON,
        widget=forms.RadioSelect,
        error_messages={"required": "Select key person or buddy key person"},
    )
    staff = _staff_field("Member of staff")
    is_designated = forms.BooleanField(
        label="Designated key person for this child in care",
        required=False,
        help_text="The designated key person leads on the looked-after child's education "
        "and PEP and should hold the children in care training.",
    )
    starts_on = GdsDateField(
        label="Starts on (optional)",
        what="the start date",
        required=False,
        help_text="For example, 27 3 2026. Leave blank for today.",
    )
    reason = forms.CharField(
        label="Reason",
        max_length=250,
        required=False,
        help_text="Needed when you change a key person or buddy. "
        "For example: settling in, key person's working days changed.",
        error_messages={"max_length": "The reason must be 250 characters or fewer"},
    )

    def __init__(
        self,
        *args: Any,
        staff: list[User] | QuerySet[User],
        trained_ids: set[int],
        current_kinds: set[str],
        looked_after: bool,
        staff_queryset: QuerySet[User] | None = None,
        limit: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.current_kinds = current_kinds
        self.fields["staff"].trained_ids = trained_ids
        self.fields["staff"].offer(staff, queryset=staff_queryset, limit=limit)
        fields = [
            TOKEN_FIELD,
            "seen_key_person",
            "seen_buddy",
            Field.radios("kind", legend_size=Size.SMALL, inline=True),
            Field.select("staff"),
        ]
        if looked_after:
            fields.append(Field.checkbox("is_designated"))
        else:
            del self.fields["is_designated"]
        fields += [Field("starts_on"), Field.text("reason", field_width=Fluid.FULL)]
        self.helper = gds_helper("Save allocation", *fields)

    def clean_starts_on(self) -> date | None:
        value = self.cleaned_data["starts_on"]
        _not_in_future(value, "The start date must be today or in the past")
        return value

    def clean_reason(self) -> str:
        return self.cleaned_data["reason"].strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        # A repeat of a first allocation finds it current now: the service answers it.
        if kind in self.current_kinds and not data.get("reason") and not self.is_repeat():
            self.add_error("reason", "Enter the reason for the change")
        if kind == Kind.BUDDY and data.get("is_designated"):
            self.add_error("is_designated", "Only the key person can be the designated key person")
        data.setdefault("is_designated", False)
        return data


class BulkAllocateForm(forms.Form):
    """Make one member of staff the key person of several children (a new intake)."""

    children = IdMultipleChoiceField(
        label="Children",
        queryset=Child.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select the children to allocate",
            "invalid_choice": "Select children on roll at this setting",
            "invalid_pk_value": "Select children on roll at this setting",
        },
    )
    staff = _staff_field("Key person")
    reason = forms.CharField(
        label="Reason",
        max_length=250,
        help_text="For example: new intake, September 2026",
        error_messages={
            "required": "Enter the reason, for example: new intake",
            "max_length": "The reason must be 250 characters or fewer",
        },
    )

    def __init__(
        self,
        *args: Any,
        children: QuerySet[Child],
        staff: list[User] | QuerySet[User],
        staff_queryset: QuerySet[User] | None = None,
        limit: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = children
        self.fields["staff"].offer(staff, queryset=staff_queryset, limit=limit)
        # The children are ticked in the board's table; the form renders the rest.
        self.helper = gds_helper(
            "Allocate the selected children",
            Field.select("staff"),
            Field.text("reason", field_width=Fluid.TWO_THIRDS),
        )
        self.helper.form_tag = False

    def selected_ids(self) -> set[str]:
        """Return the ids ticked in the submitted form, to tick them again on an error."""
        return set(self.data.getlist("children")) if self.is_bound else set()

    def clean_reason(self) -> str:
        return self.cleaned_data["reason"].strip()


class EndAllocationForm(forms.Form):
    """End a child's key person or buddy without allocating someone else."""

    kind = forms.ChoiceField(
        label="Which allocation ends",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select key person or buddy key person"},
    )
    ends_on = GdsDateField(
        label="Ends on (optional)",
        what="the end date",
        required=False,
        help_text="For example, 27 3 2026. Leave blank for today.",
    )
    reason = forms.CharField(
        label="Reason",
        max_length=250,
        help_text="For example: key person left the setting",
        error_messages={
            "required": "Enter the reason the allocation ends",
            "max_length": "The reason must be 250 characters or fewer",
        },
    )

    # The allocation of each kind the page showed, so that one ended (and perhaps replaced)
    # meanwhile is explained rather than a newer one ended.
    key_person_allocation = IdField(required=False)
    buddy_allocation = IdField(required=False)

    def __init__(self, *args: Any, current_kinds: set[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A kind ended meanwhile stays a choice, so the service can say what happened.
        posted = self.data.get(self.add_prefix("kind")) if self.is_bound else None
        self.fields["kind"].choices = [
            (value, label) for value, label in Kind.choices if value in current_kinds | {posted}
        ]
        self.helper = _warning_helper(
            "End allocation",
            "key_person_allocation",
            "buddy_allocation",
            Field.radios("kind", legend_size=Size.SMALL),
            Field("ends_on"),
            Field.text("reason", field_width=Fluid.FULL),
        )

    def clean_ends_on(self) -> date | None:
        value = self.cleaned_data["ends_on"]
        _not_in_future(value, "The end date must be today or in the past")
        return value

    def seen_allocation_id(self) -> int | None:
        """Return the id of the allocation of the chosen kind that the page showed."""
        return self.cleaned_data.get(f"{self.cleaned_data['kind']}_allocation")


class StaffLeavingForm(forms.Form):
    """End every allocation a member of staff holds, when they leave."""

    ends_on = GdsDateField(
        label="Last day (optional)",
        what="the last day",
        required=False,
        help_text="For example, 27 3 2026. Leave blank for today.",
    )
    reason = forms.CharField(
        label="Reason",
        max_length=250,
        initial="Left the setting",
        error_messages={
            "required": "Enter the reason",
            "max_length": "The reason must be 250 characters or fewer",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _warning_helper(
            "End all their allocations",
            Field("ends_on"),
            Field.text("reason", field_width=Fluid.TWO_THIRDS),
        )

    def clean_ends_on(self) -> date | None:
        value = self.cleaned_data["ends_on"]
        _not_in_future(value, "The last day must be today or in the past")
        return value


class TrainingRecordForm(SubmissionTokenMixin, forms.Form):
    """Record a course a member of staff completed."""

    course = forms.ChoiceField(
        label="Course",
        choices=TrainingRecord.Course.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the course"},
    )
    completed_on = GdsDateField(
        label="Date completed", what="the date completed", help_text="For example, 27 3 2026"
    )
    expires_on = GdsDateField(
        label="Expiry date (optional)",
        what="the expiry date",
        required=False,
        help_text="Leave blank to work it out: safeguarding as your local authority sets "
        "(2 years unless it says otherwise), designated safeguarding lead 2 years, paediatric "
        "first aid 3 years; the other courses have no fixed expiry. Enter a date if the "
        "certificate gives a different one.",
    )
    provider = forms.CharField(
        label="Training provider (optional)",
        max_length=150,
        required=False,
        error_messages={"max_length": "The provider must be 150 characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            "Save training record",
            TOKEN_FIELD,
            Field.radios("course", legend_size=Size.SMALL),
            Field("completed_on"),
            Field("expires_on"),
            Field.text("provider", field_width=Fluid.TWO_THIRDS),
        )

    def clean_completed_on(self) -> date:
        value = self.cleaned_data["completed_on"]
        _not_in_future(value, "The date completed must be today or in the past")
        return value

    def clean_provider(self) -> str:
        return self.cleaned_data["provider"].strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        completed, expires = data.get("completed_on"), data.get("expires_on")
        if completed and expires and expires <= completed:
            self.add_error("expires_on", "The expiry date must be after the date completed")
        return data


class KeyChildrenLimitForm(forms.Form):
    """The most key children one key person should hold at the setting."""

    limit = forms.IntegerField(
        label="Most key children for one key person",
        min_value=1,
        max_value=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        help_text="Choosing someone who already has this many as a key person shows a "
        "warning. It never stops you.",
        error_messages={
            "required": "Enter the most key children for one key person",
            "invalid": "Enter the limit as a whole number, like 8",
            "min_value": "The limit must be at least 1",
            "max_value": "The limit must be 30 or fewer",
        },
    )
    # The setting's version the page was opened at: a change made meanwhile is not overwritten.
    version = VersionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            "Save limit", "version", Field.text("limit", field_width=Fixed.TWO)
        )
