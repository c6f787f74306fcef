from django.contrib import admin

from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "subject",
        "recipient",
        "kind",
        "due_on",
        "created_at",
        "emailed_at",
        "read_at",
    ]
    list_select_related = ["recipient"]
    list_filter = ["kind", "due_on", "emailed_at", "read_at"]
    search_fields = ["subject", "recipient__email", "recipient__full_name", "dedup_key"]
    date_hierarchy = "created_at"
    raw_id_fields = ["recipient", "care_setting"]
    readonly_fields = ["dedup_key", "created_at"]
