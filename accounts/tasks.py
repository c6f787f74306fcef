"""E-mails about accounts, sent by the worker."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User


@shared_task(
    name="accounts.tasks.send_invitation",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=8,
)
def send_invitation(
    *,
    user_id: int,
    invited_by_id: int,
    place: str,
    role: str,
    is_new: bool,
    set_password: bool = False,
) -> None:
    """E-mail the invited person; a new account gets a link to choose a password.

    ``set_password`` sends that link whatever the account holds: an invitation sent again
    to someone who has not signed in yet.
    """
    user = User.objects.get(pk=user_id)
    invited_by = User.objects.filter(pk=invited_by_id).first()
    if set_password or not user.has_usable_password():
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    else:
        path = reverse("accounts:login")
    context = {
        "user": user,
        "invited_by": invited_by.full_name if invited_by else "Your local authority",
        "place": place,
        "role": role,
        "is_new": is_new,
        "link": f"{settings.SITE_URL}{path}",
    }
    subject = render_to_string("emails/invitation_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("emails/invitation_body.txt", context),
        to=[user.email],
    )
    message.attach_alternative(
        render_to_string("emails/invitation_body.html", context), "text/html"
    )
    message.send()
