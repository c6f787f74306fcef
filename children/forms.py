"""Forms for the child's record, the team around the child, consents and moves.

Dates use the shared GOV.UK date input (``common.forms.GdsDateField``). Every message says
what to fix, in the Design System's words.
"""

from datetime import date
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    HTML,
    Field,
    Fieldset,
    Fixed,
    Fluid,
    Layout,
    Size,
    Submit,
)
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import QuerySet

from accounts.models import CareSetting, LocalAuthority, User
from children.models import HEALTH_FIELDS, Child, Consent, Room, TeamMember
from children.selectors import room_named, rooms_offered, settings_matching
from common.dates import add_years, months_between
from common.forms import DATE_HINT, GdsDateField, IdChoiceField, gds_helper
from common.submissions import TOKEN_FIELD, SubmissionTokenMixin
from common.versioning import VersionField

# Early years: from birth to the end of the year in which a child turns five. A child who
# is six on the start date is past the early years foundation stage.
EARLY_YEARS_MONTHS = 72


# --- The child's record ---------------------------------------------------------------

EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"
EMERGENCY_PHONE = "Enter a phone number for the emergency contact"


class ChildForm(forms.ModelForm):
    """Add a child or change their record (not leaving or moving: those have their own)."""

    date_of_birth = GdsDateField(label="Date of birth")
    start_date = GdsDateField(
        label="Start date", help_text="The day the child started at this setting. " + DATE_HINT
    )
    entered_care_on = GdsDateField(label="Date entered care", required=False)
    # Declared, not generated from the foreign key: a generated field reads the id leniently.
    room = IdChoiceField(
        label="Room or group (optional)",
        queryset=Room.objects.none(),
        required=False,
        empty_label="No room",
        help_text="The setting's rooms and groups, kept by the manager under Children, Rooms",
        error_messages={"invalid_choice": "Select a room from the list"},
    )
    responsible_la = IdChoiceField(
        label="Responsible local authority",
        queryset=LocalAuthority.objects.none(),
        required=False,
        empty_label="Select the local authority",
        help_text="The local authority that looks after the child. If it is not the setting's "
        "own, the child is placed out of county and that authority arranges the PEP.",
    )

    class Meta:
        model = Child
        fields = [
            "first_name",
            "last_name",
            "preferred_name",
            "date_of_birth",
            "start_date",
            "room",
            "home_languages",
            "sen_status",
            "funded_entitlement",
            "looked_after_status",
            "legal_status",
            "entered_care_on",
            "emergency_placement",
            "responsible_la",
            "shared_with_la",
            *HEALTH_FIELDS,
        ]
        labels = {
            "first_name": "First name",
            "last_name": "Last name",
            "preferred_name": "Preferred name (optional)",
            "home_languages": "Home languages (optional)",
            "sen_status": "Special educational needs (SEN)",
            "funded_entitlement": "Funded entitlement",
            "looked_after_status": "Is the child looked after?",
            "legal_status": "Legal status",
            "emergency_placement": "This was an emergency placement",
            "shared_with_la": "Share this child's case with the setting's improvement advisor",
            "allergies": "Allergies (optional)",
            "dietary_needs": "Dietary needs (optional)",
            "medical_conditions": "Medical conditions (optional)",
            "medication": "Medication (optional)",
            "gp_name": "GP's name (optional)",
            "gp_practice": "GP practice (optional)",
            "gp_phone": "GP practice phone (optional)",
        }
        help_texts = {
            "preferred_name": "If the child is known by another first name",
            "home_languages": "For example, English and Polish",
            "legal_status": "From the child's care plan (SSDA903 code)",
            "shared_with_la": "The advisor can then open this child's record. Advisors "
            "already see children who are looked after.",
            "allergies": "What the child is allergic to and what to do, for example: peanuts, "
            "anaphylaxis, adrenaline pen in the office",
            "dietary_needs": "For example, vegetarian, halal or no cow's milk",
            "medical_conditions": "For example, asthma or epilepsy, and what to do",
            "medication": "Medicines the setting keeps or gives, with the dose and when",
        }
        error_messages = {
            "first_name": {"required": "Enter the child's first name"},
            "last_name": {"required": "Enter the child's last name"},
            "sen_status": {"required": "Select the child's SEN status"},
            "funded_entitlement": {"required": "Select the child's funded entitlement"},
            "looked_after_status": {"required": "Select whether the child is looked after"},
        }

    def __init__(self, *args: Any, care_setting: CareSetting, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.care_setting = care_setting
        self.today = today
        self.fields["responsible_la"].queryset = LocalAuthority.objects.order_by("name")
        room = self.fields["room"]
        room.queryset = rooms_offered(care_setting, keeping=self.instance.room_id)
        room.label_from_instance = lambda offered: offered.label
        for name in ("sen_status", "funded_entitlement", "looked_after_status"):
            self.fields[name].widget = forms.RadioSelect(choices=self.fields[name].choices)
        # Only the choices: the model field's blank "---------" would be a radio too.
        self.fields["sen_status"].choices = Child.Sen.choices
        self.fields["funded_entitlement"].choices = Child.Entitlement.choices
        self.fields["looked_after_status"].choices = Child.LookedAfter.choices
        self.fields["legal_status"].choices = [
            ("", "Select the legal status"),
            *Child.LegalStatus.choices,
        ]
        self.helper = gds_helper(
            self.button_label(),
            *self.name_fields(),
            "date_of_birth",
            "start_date",
            *self.extra_fields(),
            Field.select("room"),
            Field.text("home_languages", field_width=Fluid.TWO_THIRDS),
            Field.radios("sen_status", legend_size=Size.MEDIUM),
            Field.radios("funded_entitlement", legend_size=Size.MEDIUM),
            # Grounds and evidence are recorded in the EYPP section of the child's page.
            HTML('<p class="govuk-body">EYPP is recorded on the child\'s EYPP page.</p>'),
            Field.radios("looked_after_status", legend_size=Size.MEDIUM),
            # Not a conditional reveal: GOV.UK Frontend marks revealing radios with
            # aria-expanded, which axe-core rejects (alphagov/govuk-frontend#979).
            Fieldset(
                HTML(
                    '<p class="govuk-hint">Only for a looked-after child. When a child leaves '
                    "care, clear these answers.</p>"
                ),
                Field.select("legal_status"),
                "entered_care_on",
                Field.checkbox("emergency_placement", small=True),
                Field.select("responsible_la"),
                legend="If the child is looked after",
                legend_size=Size.MEDIUM,
            ),
            Field.checkbox("shared_with_la"),
            Fieldset(
                HTML(
                    '<p class="govuk-hint">Shown to everyone who looks after the child, on '
                    "their record and in the key person's list.</p>"
                ),
                Field.textarea("allergies", rows=2),
                Field.textarea("dietary_needs", rows=2),
                Field.textarea("medical_conditions", rows=2),
                Field.textarea("medication", rows=2),
                legend="Health and dietary needs",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("gp_name", field_width=Fluid.TWO_THIRDS),
                Field.text("gp_practice", field_width=Fluid.TWO_THIRDS),
                Field.text("gp_phone", field_width=Fixed.TWENTY),
                legend="The child's GP",
                legend_size=Size.MEDIUM,
            ),
            *self.last_fields(),
        )

    def button_label(self) -> str:
        return "Save changes"

    def last_fields(self) -> list[Any]:
        return []

    def name_fields(self) -> list[Any]:
        return [
            Field.text("first_name", field_width=Fluid.ONE_HALF),
            Field.text("last_name", field_width=Fluid.ONE_HALF),
            Field.text("preferred_name", field_width=Fluid.ONE_HALF),
        ]

    def extra_fields(self) -> list[Any]:
        return []

    def clean_first_name(self) -> str:
        return self.cleaned_data["first_name"].strip()

    def clean_last_name(self) -> str:
        return self.cleaned_data["last_name"].strip()

    def clean_date_of_birth(self) -> date:
        born = self.cleaned_data["date_of_birth"]
        if born > self.today:
            raise ValidationError("Date of birth must be today or in the past")
        return born

    def clean_start_date(self) -> date:
        start = self.cleaned_data["start_date"]
        if start > add_years(self.today, 1):
            raise ValidationError("Start date must be no more than a year from today")
        return start

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        born, start = cleaned.get("date_of_birth"), cleaned.get("start_date")
        if born and start:
            if start < born:
                self.add_error("start_date", "Start date must be on or after the date of birth")
            elif months_between(born, start) >= EARLY_YEARS_MONTHS:
                self.add_error(
                    "date_of_birth",
                    "The child must be under 6 on their start date: the early years are "
                    "from birth to 5",
                )
        status = cleaned.get("looked_after_status")
        if status == Child.LookedAfter.LOOKED_AFTER:
            self._clean_looked_after(cleaned, born)
        elif status:
            self._clean_not_looked_after(cleaned)
        return cleaned

    def _clean_looked_after(self, cleaned: dict[str, Any], born: date | None) -> None:
        if not cleaned.get("responsible_la"):
            self.add_error(
                "responsible_la", "Select the local authority responsible for the child"
            )
        entered = cleaned.get("entered_care_on")
        if entered and entered > self.today:
            self.add_error("entered_care_on", "Date entered care must be today or in the past")
        elif entered and born and entered < born:
            self.add_error(
                "entered_care_on", "Date entered care must be on or after the date of birth"
            )

    def _clean_not_looked_after(self, cleaned: dict[str, Any]) -> None:
        only_in_care = {
            "legal_status": "Remove the legal status: the child is not looked after",
            "entered_care_on": "Remove the date entered care: the child is not looked after",
            "emergency_placement": "Untick emergency placement: the child is not looked after",
            "responsible_la": "Remove the responsible local authority: the child is not "
            "looked after",
        }
        for name, message in only_in_care.items():
            if cleaned.get(name) and name not in self.errors:
                self.add_error(name, message)


class ChildAddForm(SubmissionTokenMixin, ChildForm):
    """Add a child, optionally saying where they came from outside the portal."""

    previous_setting = forms.CharField(
        label="Previous setting (optional)",
        max_length=150,
        required=False,
        help_text="If the child comes from a setting that is not on the portal, enter its name "
        "to record the change of setting. If it is on the portal, ask its manager to move the "
        "child's record to you instead, so the history comes with it.",
    )

    # The first parent or carer, added to the team around the child with the child.
    carer_name = forms.CharField(label="Full name (optional)", max_length=150, required=False)
    carer_role = forms.ChoiceField(
        label="Who they are",
        choices=[(role.value, role.label) for role in TeamMember.CARER_ROLES],
        initial=TeamMember.Role.PARENT,
        required=False,
        widget=forms.RadioSelect,
    )
    carer_relationship = forms.CharField(
        label="Relationship to the child (optional)",
        max_length=80,
        required=False,
        help_text="For example, mother, grandfather or foster carer",
    )
    carer_phone = forms.CharField(label="Phone (optional)", max_length=30, required=False)
    carer_email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        error_messages={"invalid": EMAIL_FORMAT},
    )
    carer_parental_responsibility = forms.BooleanField(
        label="Has parental responsibility for the child", required=False
    )
    carer_emergency_contact = forms.BooleanField(
        label="Emergency contact: call them first if the child is ill or hurt",
        required=False,
    )

    CARER_FIELDS = (
        "carer_name",
        "carer_role",
        "carer_relationship",
        "carer_phone",
        "carer_email",
        "carer_parental_responsibility",
        "carer_emergency_contact",
    )

    def button_label(self) -> str:
        return "Add child"

    def extra_fields(self) -> list[Any]:
        return [TOKEN_FIELD, Field.text("previous_setting", field_width=Fluid.TWO_THIRDS)]

    def last_fields(self) -> list[Any]:
        return [
            Fieldset(
                HTML(
                    '<p class="govuk-hint">They join the team around the child and can then '
                    "give the consents. Leave this empty to add them later.</p>"
                ),
                Field.text("carer_name", field_width=Fluid.TWO_THIRDS),
                Field.radios("carer_role", legend_size=Size.SMALL, inline=True),
                Field.text("carer_relationship", field_width=Fluid.ONE_HALF),
                Field.text("carer_phone", field_width=Fixed.TWENTY),
                Field.text("carer_email", field_width=Fluid.TWO_THIRDS),
                Field.checkbox("carer_parental_responsibility", small=True),
                Field.checkbox("carer_emergency_contact", small=True),
                legend="Parent or carer",
                legend_size=Size.MEDIUM,
            )
        ]

    def clean_carer_name(self) -> str:
        return " ".join(self.cleaned_data["carer_name"].split())

    def clean_carer_email(self) -> str:
        return self.cleaned_data["carer_email"].strip().lower()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        details = [name for name in self.CARER_FIELDS if name not in ("carer_name", "carer_role")]
        given = any(cleaned.get(name) for name in details) or "carer_email" in self.errors
        if given and not cleaned.get("carer_name") and "carer_name" not in self.errors:
            self.add_error(
                "carer_name",
                "Enter the parent or carer's full name, or clear their details to add them later",
            )
        if cleaned.get("carer_name") and not cleaned.get("carer_role"):
            self.add_error("carer_role", "Select who the parent or carer is")
        if cleaned.get("carer_emergency_contact") and not cleaned.get("carer_phone"):
            self.add_error("carer_phone", EMERGENCY_PHONE)
        return cleaned

    def child_fields(self) -> dict[str, Any]:
        """Return what the form cleaned for the child's record (and their arrival)."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.CARER_FIELDS
        }

    def carer_fields(self) -> dict[str, Any] | None:
        """Return the first carer as the team member to add, or None if none was given."""
        cleaned = self.cleaned_data
        if not cleaned.get("carer_name"):
            return None
        emergency = bool(cleaned["carer_emergency_contact"])
        return {
            "role": cleaned["carer_role"],
            "name": cleaned["carer_name"],
            "relationship": cleaned["carer_relationship"],
            "phone": cleaned["carer_phone"],
            "email": cleaned["carer_email"],
            "has_parental_responsibility": bool(cleaned["carer_parental_responsibility"]),
            "is_emergency_contact": emergency,
            "emergency_order": 1 if emergency else None,
        }


class ChildEditForm(ChildForm):
    """Change a child's record, refusing to overwrite someone else's change (``version``)."""

    version = VersionField()

    def name_fields(self) -> list[Any]:
        return ["version", *super().name_fields()]


class ChildLeaveForm(forms.Form):
    """Record the day a child leaves the setting, and where they go."""

    version = VersionField()
    leave_date = GdsDateField(label="Leave date")
    leaving_destination = forms.CharField(
        label="Where is the child going?",
        max_length=150,
        error_messages={"required": "Enter where the child is going"},
        help_text="For example, Reception at Oakfield Primary School, or moved out of the area",
    )

    def __init__(self, *args: Any, child: Child, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.child = child
        self.today = today
        self.helper = gds_helper(
            "Record leaving",
            "version",
            "leave_date",
            Field.text("leaving_destination", field_width=Fluid.TWO_THIRDS),
        )

    def clean_leave_date(self) -> date:
        leave = self.cleaned_data["leave_date"]
        if leave < self.child.start_date:
            raise ValidationError(
                f"Leave date must be on or after the start date, {self.child.start_date:%-d %B %Y}"
            )
        if leave > add_years(self.today, 1):
            raise ValidationError("Leave date must be no more than a year from today")
        return leave


class MoveForm(forms.Form):
    """Move a child's record to another setting on the portal, in any local authority."""

    version = VersionField()
    new_setting = forms.CharField(
        label="New setting",
        max_length=150,
        error_messages={"required": "Enter the new setting's Ofsted URN or name"},
        help_text="Its Ofsted URN, like EY123456, or its name. Settings in every local "
        "authority on the portal can be found.",
    )
    moved_on = GdsDateField(
        label="Date of the move",
        help_text="The child's first day at the new setting. " + DATE_HINT,
    )
    reason = forms.CharField(
        label="Reason for the move (optional)",
        max_length=250,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, child: Child, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.child = child
        self.today = today
        self.helper = gds_helper(
            "Move the child's record",
            "version",
            Field.text("new_setting", field_width=Fluid.TWO_THIRDS),
            "moved_on",
            Field.textarea("reason", rows=3),
        )

    def clean_new_setting(self) -> CareSetting:
        wanted = " ".join(self.cleaned_data["new_setting"].split())
        found = settings_matching(wanted, excluding=self.child.care_setting)
        if not found:
            here = self.child.care_setting
            if wanted.upper().replace(" ", "") == here.ofsted_urn or wanted.lower() == (
                here.name.lower()
            ):
                raise ValidationError("The child is already at this setting")
            raise ValidationError(
                "No setting on the portal has that Ofsted URN or name. If the child is going to "
                "a setting that does not use the portal, record that they have left instead."
            )
        if len(found) > 1:
            listed = "; ".join(
                f"{setting.name}, {setting.local_authority.name} ({setting.ofsted_urn})"
                for setting in found[:5]
            )
            more = " and others" if len(found) > 5 else ""
            raise ValidationError(
                f"More than one setting matches: enter the Ofsted URN of the one you mean. "
                f"Matches: {listed}{more}"
            )
        return found[0]

    def clean_moved_on(self) -> date:
        moved_on = self.cleaned_data["moved_on"]
        if moved_on > self.today:
            raise ValidationError(
                "Date of the move must be today or in the past: move the record on the child's "
                "first day at the new setting"
            )
        if moved_on < self.child.start_date:
            raise ValidationError(
                f"Date of the move must be on or after the start date here, "
                f"{self.child.start_date:%-d %B %Y}"
            )
        if months_between(self.child.date_of_birth, moved_on) >= EARLY_YEARS_MONTHS:
            raise ValidationError("The child must be under 6 on the date of the move")
        return moved_on


# --- Rooms ---------------------------------------------------------------------------

MAX_AGE_MONTHS = 72


def _months_field(label: str) -> forms.IntegerField:
    named = label.split(" (")[0]
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_AGE_MONTHS,
        help_text="In months, for example 24 for 2 years",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "invalid": f"{named} must be a whole number of months, like 24",
            "min_value": f"{named} must be between 0 and {MAX_AGE_MONTHS} months",
            "max_value": f"{named} must be between 0 and {MAX_AGE_MONTHS} months",
        },
    )


class RoomForm(forms.Form):
    """Add a room or group to the setting's list, with the ages it is for."""

    name = forms.CharField(
        label="Name",
        max_length=60,
        help_text="For example, Caterpillars or Pre-school room",
        error_messages={
            "required": "Enter the room's name",
            "max_length": "The room's name must be 60 characters or fewer",
        },
    )
    min_age_months = _months_field("From age (optional)")
    max_age_months = _months_field("Up to age (optional)")

    def __init__(
        self, *args: Any, care_setting: CareSetting, room: Room | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.care_setting = care_setting
        self.room = room
        self.helper = gds_helper(
            self.button_label(),
            *self.first_fields(),
            Field.text("name", field_width=Fluid.ONE_HALF),
            Fieldset(
                HTML('<p class="govuk-hint">Leave both empty if the room is for any age.</p>'),
                Field.text("min_age_months", field_width=Fixed.THREE),
                Field.text("max_age_months", field_width=Fixed.THREE),
                legend="Ages the room is for",
                legend_size=Size.MEDIUM,
            ),
            *self.last_fields(),
        )

    def button_label(self) -> str:
        return "Add room"

    def first_fields(self) -> list[Any]:
        return []

    def last_fields(self) -> list[Any]:
        return []

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise ValidationError("Enter the room's name")
        taken = (
            None if self.is_repeat() else room_named(self.care_setting, name, excluding=self.room)
        )
        if taken is not None:
            raise ValidationError(f"There is already a room called {taken.name}")
        return name

    def is_repeat(self) -> bool:
        """Return whether this render was sent and saved before (only an addition knows)."""
        return False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        low, high = cleaned.get("min_age_months"), cleaned.get("max_age_months")
        if low is not None and high is not None and high <= low:
            self.add_error(
                "max_age_months", f"Up to age must be more than the from age, {low} months"
            )
        return cleaned


class RoomAddForm(SubmissionTokenMixin, RoomForm):
    """Add a room, once however often the same render is sent."""

    def first_fields(self) -> list[Any]:
        return [TOKEN_FIELD]


class RoomEditForm(RoomForm):
    """Rename, re-order or archive a room, refusing to overwrite someone else's change."""

    version = VersionField()
    order = forms.IntegerField(
        label="Position in lists",
        min_value=1,
        max_value=999,
        help_text="Rooms are listed in this order, for example youngest first",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the room's position in lists",
            "invalid": "Position in lists must be a whole number, like 2",
            "min_value": "Position in lists must be between 1 and 999",
            "max_value": "Position in lists must be between 1 and 999",
        },
    )
    archived = forms.BooleanField(
        label="Archive this room",
        required=False,
        help_text="It is no longer offered for a child or in the filters. Children who were "
        "in it keep its name on their record. Untick to use the room again.",
    )

    def button_label(self) -> str:
        return "Save changes"

    def first_fields(self) -> list[Any]:
        return ["version"]

    def last_fields(self) -> list[Any]:
        return [Field.text("order", field_width=Fixed.THREE), Field.checkbox("archived")]

    def room_fields(self) -> dict[str, Any]:
        """Return the room's fields as the service takes them."""
        cleaned = self.cleaned_data
        return {
            "name": cleaned["name"],
            "min_age_months": cleaned["min_age_months"],
            "max_age_months": cleaned["max_age_months"],
            "order": cleaned["order"],
            "is_active": not cleaned["archived"],
        }


# --- Team around the child -------------------------------------------------------------


PR_ROLES = (*TeamMember.CARER_ROLES, TeamMember.Role.OTHER)


class TeamMemberForm(SubmissionTokenMixin, forms.ModelForm):
    """Add someone to the team around the child (once per render), or change their details.

    A change carries the ``version`` of the member it was made from.
    """

    class Meta:
        model = TeamMember
        fields = [
            "role",
            "name",
            "relationship",
            "organisation",
            "email",
            "phone",
            "address",
            "has_parental_responsibility",
            "invite_to_pep",
            "is_emergency_contact",
            "emergency_order",
            "notes",
            "is_active",
        ]
        labels = {
            "role": "Role",
            "name": "Full name",
            "relationship": "Relationship to the child (optional)",
            "organisation": "Organisation (optional)",
            "email": "Email address (optional)",
            "phone": "Phone (optional)",
            "address": "Address (optional)",
            "has_parental_responsibility": "Has parental responsibility for the child",
            "invite_to_pep": "Invite to PEP meetings",
            "is_emergency_contact": "Emergency contact: call them if the child is ill or hurt",
            "emergency_order": "Order to call (optional)",
            "notes": "Notes (optional)",
            "is_active": "Still part of the team around the child",
        }
        help_texts = {
            "relationship": "For carers: for example mother, grandfather, foster carer",
            "organisation": "For example, Northshire Children's Services or Oakfield Primary "
            "School",
            "invite_to_pep": "They get the invitation by email, so enter an email address",
            "emergency_order": "1 for the first person to call, 2 for the next",
            "is_active": "Untick when this person is no longer involved. Their past consents "
            "stay on the record.",
        }
        error_messages = {
            "role": {"required": "Select the person's role"},
            "name": {"required": "Enter the person's full name"},
            "email": {"invalid": EMAIL_FORMAT},
            "emergency_order": {
                "invalid": "The order to call must be a whole number, like 1",
                "min_value": "The order to call must be between 1 and 9",
                "max_value": "The order to call must be between 1 and 9",
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = TeamMember.Role.choices
        self.fields["role"].widget = forms.RadioSelect(choices=TeamMember.Role.choices)
        self.fields["address"].widget.attrs["rows"] = 3
        self.fields["notes"].widget.attrs["rows"] = 3
        order = self.fields["emergency_order"]
        order.min_value, order.max_value = 1, 9
        order.validators = [MinValueValidator(1), MaxValueValidator(9)]
        order.widget = forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})
        adding = self.instance.pk is None
        if adding:
            del self.fields["is_active"]
        else:
            del self.fields[TOKEN_FIELD]
            self.fields["version"] = VersionField()
            self.initial.setdefault("version", self.instance.version)
        self.helper = gds_helper(
            "Add to the team" if adding else "Save changes",
            TOKEN_FIELD if adding else "version",
            Field.radios("role", legend_size=Size.MEDIUM),
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.text("relationship", field_width=Fluid.ONE_HALF),
            Field.text("organisation", field_width=Fluid.TWO_THIRDS),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.text("phone", field_width=Fixed.TWENTY),
            Field.textarea("address", rows=3),
            Field.checkbox("has_parental_responsibility"),
            Field.checkbox("invite_to_pep"),
            Field.checkbox("is_emergency_contact"),
            Field.text("emergency_order", field_width=Fixed.TWO),
            Field.textarea("notes", rows=3),
            *([] if adding else [Field.checkbox("is_active")]),
        )

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        role = cleaned.get("role")
        if cleaned.get("has_parental_responsibility") and role and role not in PR_ROLES:
            self.add_error(
                "has_parental_responsibility",
                "Only a parent, carer or other family member can have parental responsibility "
                "here: the local authority's share under a care order is not a person's",
            )
        wants_invitation = cleaned.get("invite_to_pep") and "email" not in self.errors
        if wants_invitation and not cleaned.get("email"):
            self.add_error("email", "Enter an email address to invite this person to PEP meetings")
        if cleaned.get("is_emergency_contact"):
            if not cleaned.get("phone"):
                self.add_error("phone", EMERGENCY_PHONE)
        elif cleaned.get("emergency_order") is not None:
            self.add_error(
                "emergency_order", "Tick emergency contact, or remove the order to call"
            )
        return cleaned


# --- Consents ------------------------------------------------------------------------


class ConsentForm(SubmissionTokenMixin, forms.Form):
    """Record a carer's answer to one kind of consent."""

    kind = forms.ChoiceField(
        label="Consent for",
        choices=Consent.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the consent is for"},
    )
    granted = forms.TypedChoiceField(
        label="Answer",
        choices=[("yes", "Consent given"), ("no", "Consent refused")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether consent was given or refused"},
    )
    given_by = IdChoiceField(
        label="Who answered",
        queryset=TeamMember.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select who gave or refused consent",
            "invalid_choice": "Select someone from the list",
        },
    )
    given_on = GdsDateField(label="Date of the answer")
    notes = forms.CharField(
        label="Notes (optional)",
        max_length=250,
        required=False,
        help_text="For example, photographs only for the learning journey, not for display",
    )

    def __init__(
        self, *args: Any, child: Child, givers: QuerySet[TeamMember], today: date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.child = child
        self.today = today
        self.fields["given_by"].queryset = givers
        self.fields["given_by"].label_from_instance = _giver_label
        self.helper = gds_helper(
            "Save consent",
            TOKEN_FIELD,
            Field.radios("kind", legend_size=Size.MEDIUM),
            Field.radios("granted", legend_size=Size.MEDIUM, inline=True),
            Field.radios("given_by", legend_size=Size.MEDIUM),
            "given_on",
            Field.text("notes", field_width=Fluid.TWO_THIRDS),
        )

    def clean_given_on(self) -> date:
        given_on = self.cleaned_data["given_on"]
        if given_on > self.today:
            raise ValidationError("Date of the answer must be today or in the past")
        if given_on < self.child.date_of_birth:
            raise ValidationError("Date of the answer must be on or after the child's birth")
        return given_on


def _giver_label(member: TeamMember) -> str:
    detail = member.relationship or member.get_role_display()
    return f"{member.name} ({detail})"


class ConsentWithdrawForm(forms.Form):
    """Record the day a consent was withdrawn."""

    withdrawn_on = GdsDateField(label="Date consent was withdrawn")

    def __init__(self, *args: Any, consent: Consent, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.consent = consent
        self.today = today
        self.helper = gds_helper("Withdraw consent", "withdrawn_on")

    def clean_withdrawn_on(self) -> date:
        withdrawn_on = self.cleaned_data["withdrawn_on"]
        if withdrawn_on > self.today:
            raise ValidationError("Date consent was withdrawn must be today or in the past")
        if withdrawn_on < self.consent.given_on:
            raise ValidationError(
                f"Date consent was withdrawn must be on or after the day it was given, "
                f"{self.consent.given_on:%-d %B %Y}"
            )
        return withdrawn_on


# --- Filters on the list ---------------------------------------------------------------

ANY = ""
UNALLOCATED = "none"
AGE_BANDS = {
    "under_2": "Under 2",
    "two": "2 years old",
    "three_plus": "3 and over",
}


class ChildFilterForm(forms.Form):
    """The filters of the children list: all optional; a value that makes no sense is ignored."""

    q = forms.CharField(label="Name", required=False, max_length=80)
    room = forms.ChoiceField(label="Room or group", required=False)
    age = forms.ChoiceField(
        label="Age", required=False, choices=[(ANY, "Any age"), *AGE_BANDS.items()]
    )
    key_person = forms.ChoiceField(label="Key person", required=False)
    looked_after = forms.ChoiceField(
        label="Care status",
        required=False,
        choices=[
            (ANY, "Any"),
            (Child.LookedAfter.LOOKED_AFTER, "Looked after"),
            (Child.LookedAfter.PREVIOUSLY, "Previously looked after"),
        ],
    )
    sen = forms.ChoiceField(
        label="SEN",
        required=False,
        choices=[
            (ANY, "Any"),
            ("any", "SEN support or EHC plan"),
            (Child.Sen.SEN_SUPPORT, "SEN support"),
            (Child.Sen.EHCP, "EHC plan"),
        ],
    )
    eypp = forms.BooleanField(label="Early years pupil premium", required=False)
    unallocated = forms.BooleanField(label="No key person", required=False)
    include_left = forms.BooleanField(label="Include children who have left", required=False)

    def __init__(self, *args: Any, rooms: list[Room], staff: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["room"].choices = [(ANY, "Any room")] + [
            (str(room.pk), room.name if room.is_active else f"{room.name} (archived)")
            for room in rooms
        ]
        self.fields["key_person"].choices = [
            (ANY, "Anyone"),
            (UNALLOCATED, "Not allocated"),
            *((str(user.pk), user.full_name) for user in staff),
        ]
        helper = FormHelper()
        helper.form_method = "get"
        helper.disable_csrf = True
        helper.layout = Layout(
            Field.text("q", label_size=Size.SMALL),
            Field.select("room"),
            Field.select("age"),
            Field.select("key_person"),
            Field.select("looked_after"),
            Field.select("sen"),
            Fieldset(
                Field.checkbox("eypp", small=True),
                Field.checkbox("unallocated", small=True),
                Field.checkbox("include_left", small=True),
                legend="Only show",
                legend_size=Size.SMALL,
            ),
            Submit("apply", "Apply filters", css_class="govuk-button--secondary"),
            HTML('<p class="govuk-body"><a class="govuk-link" href="?">Clear filters</a></p>'),
        )
        self.helper = helper

    def filters(self) -> dict[str, Any]:
        """Return the valid filters that are set; invalid ones are dropped, not refused."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: value for name, value in cleaned.items() if value not in (ANY, None, False)}
