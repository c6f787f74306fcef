"""Forms for signing in, passwords, settings and staff, in the GOV.UK style."""

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from crispy_forms_gds.layout import Field, Fixed, Fluid, Size
from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from accounts.models import CareSetting, LaRole, LocalAuthority, Membership, User
from common.forms import IdChoiceField, gds_helper
from common.submissions import TOKEN_FIELD, SubmissionTokenMixin
from common.versioning import VersionField

DAY_MONTH = re.compile(r"(?P<day>[0-9]{1,2})\s*[/ ]\s*(?P<month>[0-9]{1,2})")


class SignInForm(auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )
    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been closed. Ask your manager or LA administrator.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            "Sign in",
            Field.text("username", field_width=Fluid.TWO_THIRDS),
            Field.text("password", field_width=Fluid.TWO_THIRDS),
        )

    def clean_username(self) -> str:
        return self.cleaned_data["username"].strip().lower()


class ResetPasswordForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(
            "Send the link", Field.text("email", field_width=Fluid.TWO_THIRDS)
        )

    def get_users(self, email: str) -> Iterator[User]:
        """Include invited people who have not chosen a password yet."""
        return iter(User.objects.filter(email__iexact=email, is_active=True))


class ChooseNewPasswordForm(auth_forms.SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = "At least 12 characters, not a common password."
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password2"].error_messages["required"] = "Confirm your new password"
        self.error_messages = {
            **self.error_messages,
            "password_mismatch": "The passwords do not match",
        }
        self.helper = gds_helper(
            "Save password",
            Field.text("new_password1", field_width=Fluid.TWO_THIRDS),
            Field.text("new_password2", field_width=Fluid.TWO_THIRDS),
        )


class ChangePasswordForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = "At least 12 characters, not a common password."
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password2"].error_messages["required"] = "Confirm your new password"
        self.error_messages = {
            **self.error_messages,
            "password_mismatch": "The passwords do not match",
            "password_incorrect": "Your current password is not correct",
        }
        self.helper = gds_helper(
            "Change password",
            Field.text("old_password", field_width=Fluid.TWO_THIRDS),
            Field.text("new_password1", field_width=Fluid.TWO_THIRDS),
            Field.text("new_password2", field_width=Fluid.TWO_THIRDS),
        )


class CareSettingForm(SubmissionTokenMixin, forms.ModelForm):
    """Add a care setting to the LA."""

    class Meta:
        model = CareSetting
        fields = [
            "name",
            "kind",
            "ofsted_urn",
            "address_line_1",
            "address_line_2",
            "town",
            "postcode",
            "phone",
            "email",
        ]
        error_messages = {
            "name": {"required": "Enter the setting's name"},
            "kind": {"required": "Select the kind of setting"},
            "ofsted_urn": {
                "required": "Enter the setting's Ofsted URN",
                "unique": "A setting with this Ofsted URN is already on the portal",
            },
            "address_line_1": {"required": "Enter the first line of the address"},
            "town": {"required": "Enter the town or city"},
            "postcode": {"required": "Enter the postcode"},
        }
        labels = {
            "address_line_1": "Address line 1",
            "address_line_2": "Address line 2 (optional)",
            "phone": "Phone (optional)",
            "email": "Email address (optional)",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = CareSetting.Kind.choices
        self.fields["kind"].widget = forms.RadioSelect(choices=CareSetting.Kind.choices)
        self.fields["ofsted_urn"].help_text = "For example, EY123456 or 2654321"
        self.helper = gds_helper(
            "Add setting",
            TOKEN_FIELD,
            Field.text("name"),
            Field.radios("kind", legend_size=Size.MEDIUM),
            Field.text("ofsted_urn", field_width=Fixed.TEN),
            Field.text("address_line_1"),
            Field.text("address_line_2"),
            Field.text("town", field_width=Fluid.TWO_THIRDS),
            Field.text("postcode", field_width=Fixed.TEN),
            Field.text("phone", field_width=Fixed.TWENTY),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
        )

    def validate_unique(self) -> None:
        # The clash is looked for before the token: a first post committing in between makes
        # both visible at once, so a repeat is never refused for what it saved itself.
        try:
            self.instance.validate_unique(exclude=self._get_validation_exclusions())
        except ValidationError as clash:
            if not self.is_repeat():
                self._update_errors(clash)

    def clean_ofsted_urn(self) -> str:
        return self.cleaned_data["ofsted_urn"].strip().upper().replace(" ", "")

    def clean_postcode(self) -> str:
        return " ".join(self.cleaned_data["postcode"].upper().split())

    def slug(self) -> str:
        return slugify(self.cleaned_data["name"])[:70] or "setting"


class InviteForm(SubmissionTokenMixin, forms.Form):
    """Invite a person to a place by name, e-mail address and role: the shape both sides share.

    A subclass names the place's roles (``role_choices``) and adds its own questions after
    these three (``more_layout``).
    """

    role_choices: Any = ()

    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        error_messages={"required": "Enter the person's full name"},
    )
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter the person's email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the person's role"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = self.role_choices
        self.helper = gds_helper(
            "Send invitation",
            TOKEN_FIELD,
            Field.text("full_name", field_width=Fluid.TWO_THIRDS),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.radios("role", legend_size=Size.MEDIUM),
            *self.more_layout(),
        )

    def more_layout(self) -> tuple[Any, ...]:
        return ()


class InviteStaffForm(InviteForm):
    """Invite a member of staff to a care setting."""

    role_choices = Membership.Role.choices

    job_title = forms.CharField(label="Job title (optional)", max_length=80, required=False)
    is_dsl = forms.BooleanField(label="Designated safeguarding lead (DSL)", required=False)
    is_senco = forms.BooleanField(
        label="Special educational needs coordinator (SENCo)", required=False
    )

    def __init__(self, *args: Any, care_setting: CareSetting, **kwargs: Any) -> None:
        self.care_setting = care_setting
        super().__init__(*args, **kwargs)

    def more_layout(self) -> tuple[Any, ...]:
        return (
            Field.text("job_title", field_width=Fluid.TWO_THIRDS),
            Field.checkbox("is_dsl"),
            Field.checkbox("is_senco"),
        )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        # The clash first, then the token (see CareSettingForm.validate_unique).
        if (
            Membership.objects.filter(
                user__email=email, care_setting=self.care_setting, is_active=True
            ).exists()
            and not self.is_repeat()
        ):
            raise ValidationError("This person is already a member of staff at this setting")
        return email


class InviteLaStaffForm(InviteForm):
    """Invite a colleague at the LA: an administrator or an advisor."""

    role_choices = LaRole.Role.choices

    def __init__(self, *args: Any, local_authority: LocalAuthority, **kwargs: Any) -> None:
        self.local_authority = local_authority
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        email, role = cleaned.get("email"), cleaned.get("role")
        if (
            email
            and role
            and LaRole.objects.filter(
                user__email=email.strip().lower(), local_authority=self.local_authority, role=role
            ).exists()
            and not self.is_repeat()
        ):
            self.add_error("email", "This person already has that role at this local authority")
        return cleaned


class AssignAdvisorForm(forms.Form):
    """Choose the improvement advisor who supports a setting."""

    advisor = IdChoiceField(
        label="Improvement advisor",
        queryset=LaRole.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select an improvement advisor",
            "invalid_choice": "Select an improvement advisor from the list",
        },
    )

    def __init__(self, *args: Any, advisors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["advisor"].queryset = advisors
        self.fields["advisor"].label_from_instance = lambda role: role.user.full_name
        self.helper = gds_helper(
            "Assign advisor", Field.radios("advisor", legend_size=Size.MEDIUM)
        )


class LaPolicyForm(forms.ModelForm):
    """The local authority's PEP and reminder policy, with the version it was loaded at."""

    version = VersionField()
    termly_cut_off_dates = forms.CharField(
        label="Termly cut-off dates (termly cycle only)",
        required=False,
        help_text="Day and month of each cut-off, separated by commas, like 30/11, 31/3, 15/7",
    )

    class Meta:
        model = LocalAuthority
        fields = [
            "pep_review_cycle",
            "termly_cut_off_dates",
            "pep_day_count",
            "initial_pep_days",
            "emergency_pep_days",
            "change_of_setting_pep_days",
            "paperwork_lead_days",
            "ey_pep_start_age",
            "ey_pep_start_rule",
            "pep_reminder_days",
            "unallocated_key_person_days",
            "safeguarding_training_years",
            "eypp_plan_days",
            "below_good_contact_days",
            "targeted_visit_days",
            "universal_visit_days",
            "maintenance_contact_days",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("version", self.instance.version)
        if self.instance.pk and not self.is_bound:
            self.initial["termly_cut_off_dates"] = ", ".join(
                "/".join(reversed(item.split("-"))) for item in self.instance.termly_cut_off_dates
            )
        for name in ("pep_review_cycle", "pep_day_count", "ey_pep_start_rule"):
            self.fields[name].widget = forms.RadioSelect(choices=self.fields[name].choices)
        for field in self.fields.values():
            if isinstance(field, forms.IntegerField):
                label = str(field.label)
                field.label = title = label[:1].upper() + label[1:]
                field.error_messages.update(
                    {
                        "required": f"Enter a number for: {label}",
                        "invalid": f"Enter a whole number for: {label}",
                        "min_value": f"{title} must be at least %(limit_value)s",
                        "max_value": f"{title} must be at most %(limit_value)s",
                    }
                )
        radios = {"pep_review_cycle", "pep_day_count", "ey_pep_start_rule"}
        self.helper = gds_helper(
            "Save policy",
            "version",
            *(
                Field.radios(name, legend_size=Size.MEDIUM)
                if name in radios
                else Field.text(name, field_width=Fluid.TWO_THIRDS)
                if name == "termly_cut_off_dates"
                else Field.text(name, field_width=Fixed.TWO)
                for name in self.Meta.fields
            ),
        )

    def clean_termly_cut_off_dates(self) -> list[str]:
        raw = self.cleaned_data["termly_cut_off_dates"].strip()
        dates = []
        for part in filter(None, (item.strip() for item in raw.replace(";", ",").split(","))):
            # ASCII digits only, one or two of each: int() would take "٣" and overflow date().
            found = DAY_MONTH.fullmatch(part)
            try:
                if found is None:
                    raise ValueError(part)
                day, month = int(found["day"]), int(found["month"])
                date(2024, month, day)  # a leap year, so 29/2 is allowed
            except ValueError:
                raise ValidationError(
                    f"Enter each cut-off date as day/month, like 30/11 — “{part[:20]}” is not one"
                ) from None
            dates.append(f"{month:02d}-{day:02d}")
        return sorted(set(dates))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get(
            "pep_review_cycle"
        ) == LocalAuthority.ReviewCycle.TERMLY and not cleaned.get("termly_cut_off_dates"):
            self.add_error(
                "termly_cut_off_dates", "Enter the cut-off dates for a termly review cycle"
            )
        return cleaned
