from django.contrib import admin

from children.models import Child, Consent, Room, SettingChange, TeamMember


@admin.register(Child)
class ChildAdmin(admin.ModelAdmin):
    list_display = [
        "last_name",
        "first_name",
        "date_of_birth",
        "care_setting",
        "looked_after_status",
        "responsible_la",
        "leave_date",
    ]
    list_select_related = ["care_setting", "responsible_la"]
    list_filter = ["looked_after_status", "sen_status", "care_setting__local_authority"]
    search_fields = ["first_name", "last_name", "preferred_name", "care_setting__name"]
    raw_id_fields = ["care_setting", "key_person", "room"]


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "care_setting", "min_age_months", "max_age_months", "is_active"]
    list_select_related = ["care_setting"]
    list_filter = ["is_active"]
    search_fields = ["name", "care_setting__name"]
    raw_id_fields = ["care_setting"]


@admin.register(TeamMember)
class TeamMemberAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "child", "has_parental_responsibility", "is_active"]
    list_select_related = ["child"]
    list_filter = ["role", "is_active"]
    search_fields = ["name", "child__first_name", "child__last_name"]
    raw_id_fields = ["child"]


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["child", "kind", "granted", "given_by", "given_on", "withdrawn_on"]
    list_select_related = ["child", "given_by"]
    list_filter = ["kind", "granted"]
    raw_id_fields = ["child", "given_by"]


@admin.register(SettingChange)
class SettingChangeAdmin(admin.ModelAdmin):
    list_display = ["child", "from_setting", "from_description", "to_setting", "moved_on"]
    list_select_related = ["child", "from_setting", "to_setting"]
    raw_id_fields = ["child", "from_setting", "to_setting", "recorded_by"]
