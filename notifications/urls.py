"""The signed-in user's notifications."""

app_name = "notifications"

urlpatterns: list = []
