"""Pages of concerns, under /settings/<setting_slug>/safeguarding/ (and the old addresses).

Mounted without a prefix so that the learning journey's old addresses of concerns
(``learning/worries/...``) can redirect here; every new page is under ``safeguarding/``.
"""

from django.urls import path

from safeguarding.concerns import views

urlpatterns = [
    path("safeguarding/concerns/new/", views.concern_raise_view, name="concern_raise"),
    path("safeguarding/my-concerns/", views.my_concerns_view, name="my_concerns"),
    path(
        "safeguarding/my-concerns/<id:concern_id>/",
        views.concern_receipt_view,
        name="concern_receipt",
    ),
    path("safeguarding/concerns/", views.concern_list_view, name="concern_list"),
    path(
        "safeguarding/concerns/<id:concern_id>/", views.concern_detail_view, name="concern_detail"
    ),
    path(
        "safeguarding/concerns/<id:concern_id>/acknowledge/",
        views.concern_acknowledge_view,
        name="concern_acknowledge",
    ),
    path(
        "safeguarding/concerns/<id:concern_id>/actions/new/",
        views.concern_action_add_view,
        name="concern_action_add",
    ),
    path(
        "safeguarding/concerns/<id:concern_id>/outcome/",
        views.concern_outcome_view,
        name="concern_outcome",
    ),
    path(
        "safeguarding/concerns/<id:concern_id>/category/",
        views.concern_category_view,
        name="concern_category",
    ),
    path(
        "safeguarding/concerns/<id:concern_id>/related/",
        views.concern_link_view,
        name="concern_link",
    ),
    path("safeguarding/settings/", views.review_settings_view, name="review_settings"),
    # Old addresses, from when concerns were the learning journey's "worries".
    path("learning/worries/", views.moved_concern_list_view, name="worry_list"),
    path(
        "learning/worries/<id:concern_id>/acknowledge/",
        views.moved_concern_acknowledge_view,
        name="worry_acknowledge",
    ),
]
