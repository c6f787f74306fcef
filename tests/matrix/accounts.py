# ruff: noqa: E501  (the grid reads best with one URL per line)
"""Permission-matrix and write-matrix rows for the accounts pages.

Signing in and out, passwords, the setting's staff, the LA's users, settings, advisers and
policy, the two audit trails and the site's health check. The dashboards are in
workspace.py.
"""

from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import LaRole
from tests.factories.accounts import DEMO_PASSWORD
from tests.forms_html import HtmlForm
from tests.matrix.base import (
    LOGIN,
    OK,
    REDIRECT,
    SENT,
    SIGNED_OUT,
    DataBuilder,
    KwargsBuilder,
    Outcome,
    Places,
    Status,
    as_rendered,
    at_colleague,
    at_la,
    at_la_setting,
    at_newcomer,
    at_setting,
    first_option,
    no_kwargs,
)


def reset_link(places: Places) -> dict[str, str]:
    # Not a real link: the page says it has expired.
    return {"uidb64": "MQ", "token": "set-password"}


_L, _R = LOGIN, REDIRECT  # short, so that the grid lines up

# fmt: off
ROWS: dict[str, tuple[KwargsBuilder, tuple[Status, ...]]] = {
    #                                                 anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "health":                            (no_kwargs,     (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "accounts:login":                    (no_kwargs,     (200, _R,  _R,  _R,  _R,  _R,  _R,  _R,  _R,  _R,  _R)),
    # POST only since Django 5; POST is in WRITES below.
    "accounts:logout":                   (no_kwargs,     (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405)),
    "accounts:password_reset":           (no_kwargs,     (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "accounts:password_reset_done":      (no_kwargs,     (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "accounts:password_reset_confirm":   (reset_link,    (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "accounts:password_reset_complete":  (no_kwargs,     (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "accounts:password_change":          (no_kwargs,     (_L, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "accounts:password_change_done":     (no_kwargs,     (_L, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200)),
    "settings:staff":                    (at_setting,    (_L, 200, 403, 403, 403, 403, 404, 403, 200, 404, 404)),
    "settings:staff_invite":             (at_setting,    (_L, 200, 403, 403, 403, 403, 404, 403, 200, 404, 404)),
    "settings:staff_edit":               (at_newcomer,   (_L, 200, 403, 403, 403, 403, 404, 403, 200, 404, 404)),
    "settings:staff_deactivate":         (at_newcomer,   (_L, 200, 403, 403, 403, 403, 404, 403, 200, 404, 404)),
    "settings:staff_resend":             (at_newcomer,   (_L, 200, 403, 403, 403, 403, 404, 403, 200, 404, 404)),
    "settings:audit":                    (at_setting,    (_L, 200, 403, 403, 403, 403, 404, 403, 200, 404, 404)),
    "la:overview":                       (at_la,         (_L, 404, 404, 404, 404, 403, 403, 403, 200, 404, 404)),
    "la:setting_add":                    (at_la,         (_L, 404, 404, 404, 404, 403, 403, 403, 200, 404, 404)),
    "la:advisor_assign":                 (at_la_setting, (_L, 404, 404, 404, 404, 403, 403, 403, 200, 404, 404)),
    "la:policy":                         (at_la,         (_L, 404, 404, 404, 404, 403, 403, 403, 200, 404, 404)),
    "la:invite":                         (at_la,         (_L, 404, 404, 404, 404, 403, 403, 403, 200, 404, 404)),
    "la:users":                          (at_la,         (_L, 404, 404, 404, 404, 403, 403, 403, 200, 404, 404)),
    "la:user_edit":                      (at_colleague,  (_L, 404, 404, 404, 404, 403, 403, 403, 200, 404, 404)),
    "la:user_deactivate":                (at_colleague,  (_L, 404, 404, 404, 404, 403, 403, 403, 200, 404, 404)),
    "la:user_resend":                    (at_colleague,  (_L, 404, 404, 404, 404, 403, 403, 403, 200, 404, 404)),
    "la:audit":                          (at_la,         (_L, 404, 404, 404, 404, 403, 403, 403, 200, 404, 404)),
}
# fmt: on


# --- The write matrix ------------------------------------------------------------------


def sign_in(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"username": places.fixture("manager").email, "password": DEMO_PASSWORD}


def reset_request(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"email": places.fixture("manager").email}


def choose_password_link(places: Places) -> dict[str, str]:
    """The manager's set-password page, reached from a real reset link (FORM_ON)."""
    uid = urlsafe_base64_encode(force_bytes(places.fixture("manager").pk))
    return {"uidb64": uid, "token": "set-password"}


def real_reset_link(places: Places) -> dict[str, str]:
    manager = places.fixture("manager")
    uid = urlsafe_base64_encode(force_bytes(manager.pk))
    return {"uidb64": uid, "token": default_token_generator.make_token(manager)}


NEW_PASSWORD = "a-brand-new-password-2026"


def new_password(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}


def change_password(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"old_password": DEMO_PASSWORD, **new_password(places, form)}


def staff_invitation(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"full_name": "Nia Newstarter", "email": "nia@example.test", "role": "practitioner"}


def la_invitation(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"full_name": "Ivan Inspector", "email": "ivan@example.test", "role": "la_admin"}


def new_setting(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {
        "name": "Hazel Tree Nursery",
        "kind": first_option(form, "kind"),
        "ofsted_urn": "EY765432",
        "address_line_1": "1 Hazel Lane",
        "town": "Northtown",
        "postcode": "NS1 2AB",
    }


def the_outsider(places: Places, form: HtmlForm) -> dict[str, Any]:
    """The home LA's improvement advisor who does not support the setting yet."""
    outsider = LaRole.objects.get(user=places.fixture("outsider_advisor"))
    return {"advisor": outsider.pk}


def longer_initial_pep(places: Places, form: HtmlForm) -> dict[str, Any]:
    days = int(form.fields["initial_pep_days"][0])
    return {"initial_pep_days": days + 1 if days < 20 else days - 1}


def room_leader(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"job_title": "Room leader", "is_senco": "on"}


def now_an_advisor(places: Places, form: HtmlForm) -> dict[str, Any]:
    return {"role": "improvement_advisor"}


_O, _S = SIGNED_OUT, SENT  # short, so that the grid lines up

# fmt: off
WRITES: dict[str, tuple[KwargsBuilder, DataBuilder, tuple[Outcome, ...]]] = {
    #                                                                             anon mgr  kp   prac dsl  adv  out  cic  lad  omgr ola
    "accounts:login":                  (no_kwargs,            sign_in,            (OK,  _R,  _R,  _R,  _R,  _R,  _R,  _R,  _R,  _R,  _R)),
    "accounts:logout":                 (no_kwargs,            as_rendered,        (_L,  _O,  _O,  _O,  _O,  _O,  _O,  _O,  _O,  _O,  _O)),
    "accounts:password_reset":         (no_kwargs,            reset_request,      (_S,  _S,  _S,  _S,  _S,  _S,  _S,  _S,  _S,  _S,  _S)),
    # Whoever holds the link may choose the password: it is the proof of identity.
    "accounts:password_reset_confirm": (choose_password_link, new_password,       (OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK)),
    "accounts:password_change":        (no_kwargs,            change_password,    (_L,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK)),
    "settings:staff_invite":           (at_setting,           staff_invitation,   (_L,  OK,  403, 403, 403, 403, 404, 403, OK,  404, 404)),
    "settings:staff_edit":             (at_newcomer,          room_leader,        (_L,  OK,  403, 403, 403, 403, 404, 403, OK,  404, 404)),
    "settings:staff_deactivate":       (at_newcomer,          as_rendered,        (_L,  OK,  403, 403, 403, 403, 404, 403, OK,  404, 404)),
    "settings:staff_resend":           (at_newcomer,          as_rendered,        (_L,  OK,  403, 403, 403, 403, 404, 403, OK,  404, 404)),
    "la:user_edit":                    (at_colleague,         now_an_advisor,     (_L,  404, 404, 404, 404, 403, 403, 403, OK,  404, 404)),
    "la:user_deactivate":              (at_colleague,         as_rendered,        (_L,  404, 404, 404, 404, 403, 403, 403, OK,  404, 404)),
    "la:user_resend":                  (at_colleague,         as_rendered,        (_L,  404, 404, 404, 404, 403, 403, 403, OK,  404, 404)),
    "la:setting_add":                  (at_la,                new_setting,        (_L,  404, 404, 404, 404, 403, 403, 403, OK,  404, 404)),
    "la:advisor_assign":               (at_la_setting,        the_outsider,       (_L,  404, 404, 404, 404, 403, 403, 403, OK,  404, 404)),
    "la:invite":                       (at_la,                la_invitation,      (_L,  404, 404, 404, 404, 403, 403, 403, OK,  404, 404)),
    "la:policy":                       (at_la,                longer_initial_pep, (_L,  404, 404, 404, 404, 403, 403, 403, OK,  404, 404)),
}
# fmt: on
# A POST-only URL's form is on another page: url name -> (that page, its kwargs).
FORM_ON: dict[str, tuple[str, KwargsBuilder]] = {
    "accounts:logout": ("notifications:list", no_kwargs),
    "accounts:password_reset_confirm": ("accounts:password_reset_confirm", real_reset_link),
}
