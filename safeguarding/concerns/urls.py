"""Safeguarding pages of one care setting, under /settings/<setting_slug>/.

Mounted without a prefix so that the learning journey's old addresses of concerns
(``learning/worries/...``) can redirect here; every new page is under ``safeguarding/``.
"""

from django.urls import path

from safeguarding.concerns import views

urlpatterns = [
    path("safeguarding/concerns/", views.concern_list_view, name="concern_list"),
    path(
        "safeguarding/concerns/<id:concern_id>/", views.concern_detail_view, name="concern_detail"
    ),
    path(
        "safeguarding/concerns/<id:concern_id>/acknowledge/",
        views.concern_acknowledge_view,
        name="concern_acknowledge",
    ),
    # Old addresses, from when concerns were the learning journey's "worries".
    path("learning/worries/", views.moved_concern_list_view, name="worry_list"),
    path(
        "learning/worries/<id:concern_id>/acknowledge/",
        views.moved_concern_acknowledge_view,
        name="worry_acknowledge",
    ),
]
