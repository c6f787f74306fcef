"""Read-only admin: allocations and training are written only by keypersons.services.

Writing here would skip the audit trail and, for allocations, leave ``Child.key_person``
(which the permission door reads) out of step with the current allocation.
"""

from django.contrib import admin
from django.http import HttpRequest

from keypersons.models import KeyPersonAllocation, TrainingRecord


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(KeyPersonAllocation)
class KeyPersonAllocationAdmin(ReadOnlyAdmin):
    list_display = ["child", "staff", "kind", "is_designated", "starts_on", "ends_on"]
    list_select_related = ["child", "staff"]
    list_filter = ["kind", "is_designated", "child__care_setting"]
    search_fields = ["child__first_name", "child__last_name", "staff__full_name", "staff__email"]
    date_hierarchy = "starts_on"


@admin.register(TrainingRecord)
class TrainingRecordAdmin(ReadOnlyAdmin):
    list_display = ["staff", "course", "care_setting", "completed_on", "expires_on"]
    list_select_related = ["staff", "care_setting"]
    list_filter = ["course", "care_setting"]
    search_fields = ["staff__full_name", "staff__email", "provider"]
    date_hierarchy = "completed_on"
