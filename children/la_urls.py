"""Children an LA advisor follows, under /la/<la_slug>/children/."""

from django.urls import path

from children import views

app_name = "la_children"

urlpatterns = [
    path("<id:child_id>/", views.la_child_detail_view, name="detail"),
]
