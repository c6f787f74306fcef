"""Children of a setting, under /settings/<setting_slug>/children/."""

app_name = "children"

urlpatterns: list = []
