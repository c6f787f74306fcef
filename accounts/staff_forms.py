"""Forms for changing, deactivating and re-inviting people, in the GOV.UK style."""

from typing import Any

from crispy_forms_gds.layout import Field, Fluid, Layout, Size, Submit
from django import forms

from accounts.models import LaRole, Membership
from common.forms import gds_helper
from common.submissions import TOKEN_FIELD, SubmissionTokenMixin
from common.versioning import VersionField


def _name_field() -> forms.CharField:
    return forms.CharField(
        label="Full name",
        max_length=150,
        error_messages={
            "required": "Enter the person's full name",
            "max_length": "The name must be 150 characters or fewer",
        },
    )


def _role_field(choices: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Role",
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the person's role",
            "invalid_choice": "Select the person's role",
        },
    )


def _lock_name(form: forms.Form, elsewhere: bool) -> None:
    """Show the name as it is, not to be changed, for someone who also works elsewhere."""
    if not elsewhere:
        form.fields["full_name"].help_text = "As they would like it shown to colleagues."
        return
    field = form.fields["full_name"]
    field.disabled = True
    field.help_text = (
        "They also work elsewhere on EYFS Portal, so their name cannot be changed here."
    )


class StaffEditForm(forms.Form):
    """Change a member of staff, refusing to overwrite someone else's change (``version``)."""

    version = VersionField()
    full_name = _name_field()
    role = _role_field(Membership.Role.choices)
    job_title = forms.CharField(
        label="Job title (optional)",
        max_length=80,
        required=False,
        error_messages={"max_length": "The job title must be 80 characters or fewer"},
    )
    is_dsl = forms.BooleanField(label="Designated safeguarding lead (DSL)", required=False)
    is_senco = forms.BooleanField(
        label="Special educational needs coordinator (SENCo)", required=False
    )

    def __init__(self, *args: Any, elsewhere: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _lock_name(self, elsewhere)
        self.helper = gds_helper(
            "Save changes",
            "version",
            Field.text("full_name", field_width=Fluid.TWO_THIRDS),
            Field.radios("role", legend_size=Size.MEDIUM),
            Field.text("job_title", field_width=Fluid.TWO_THIRDS),
            Field.checkbox("is_dsl"),
            Field.checkbox("is_senco"),
        )

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_job_title(self) -> str:
        return self.cleaned_data["job_title"].strip()


class LaRoleEditForm(forms.Form):
    """Change a person's name and role at the LA (``version`` as for staff)."""

    version = VersionField()
    full_name = _name_field()
    role = _role_field(LaRole.Role.choices)

    def __init__(self, *args: Any, elsewhere: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _lock_name(self, elsewhere)
        self.helper = gds_helper(
            "Save changes",
            "version",
            Field.text("full_name", field_width=Fluid.TWO_THIRDS),
            Field.radios("role", legend_size=Size.MEDIUM),
        )

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())


class DeactivateForm(forms.Form):
    """Take a person's access away, with the reason kept in the audit trail."""

    reason = forms.CharField(
        label="Reason",
        max_length=250,
        initial="Left the setting",
        error_messages={
            "required": "Enter the reason",
            "max_length": "The reason must be 250 characters or fewer",
        },
    )

    def __init__(self, *args: Any, initial_reason: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if initial_reason:
            self.fields["reason"].initial = initial_reason
        self.helper = gds_helper("Deactivate")
        # The button warns: access is taken away at once.
        self.helper.layout = Layout(
            Field.text("reason", field_width=Fluid.TWO_THIRDS),
            Submit("submit", "Deactivate", css_class="govuk-button--warning"),
        )

    def clean_reason(self) -> str:
        return self.cleaned_data["reason"].strip()


class ResendInvitationForm(SubmissionTokenMixin, forms.Form):
    """Send the invitation again: nothing to fill in, only the button.

    The render's submission token sends it once, however often the button is pressed.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = gds_helper("Send the invitation again", TOKEN_FIELD)


class UserSearchForm(forms.Form):
    """Find people by part of their name or e-mail address."""

    q = forms.CharField(
        label="Search by name or email address",
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false"}),
    )

    def search(self) -> str:
        """Return what to search for; "" when nothing (or nothing sensible) was typed."""
        if not self.is_valid():
            return ""
        return self.cleaned_data["q"].strip()
