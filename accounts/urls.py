from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import forms, views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in_view, name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=forms.ResetPasswordForm,
            template_name="accounts/password_reset_form.html",
            subject_template_name="emails/password_reset_subject.txt",
            email_template_name="emails/password_reset_body.txt",
            html_email_template_name="emails/password_reset_body.html",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="accounts/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.ChooseNewPasswordView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path(
        "password/change/",
        views.ChangePasswordView.as_view(),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
]
