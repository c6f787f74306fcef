"""Children an LA advisor follows, under /la/<la_slug>/children/."""

app_name = "la_children"

urlpatterns: list = []
