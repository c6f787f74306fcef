from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import (
    AdvisorAssignment,
    CareSetting,
    LaRole,
    LocalAuthority,
    Membership,
    OfstedInspection,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "full_name", "password")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "dfe_code", "pep_review_cycle"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(CareSetting)
class CareSettingAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "ofsted_urn", "local_authority", "is_active"]
    list_select_related = ["local_authority"]
    list_filter = ["kind", "local_authority"]
    search_fields = ["name", "ofsted_urn"]


@admin.register(OfstedInspection)
class OfstedInspectionAdmin(admin.ModelAdmin):
    list_display = ["care_setting", "inspected_on", "scheme", "overall_grade"]
    list_select_related = ["care_setting"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "care_setting", "role", "is_dsl", "is_senco", "is_active"]
    list_select_related = ["user", "care_setting"]
    list_filter = ["role", "is_dsl", "is_senco", "is_active"]


@admin.register(LaRole)
class LaRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "local_authority", "role", "is_active"]
    list_select_related = ["user", "local_authority"]


@admin.register(AdvisorAssignment)
class AdvisorAssignmentAdmin(admin.ModelAdmin):
    list_display = ["la_role", "care_setting", "assigned_on"]
    list_select_related = ["la_role__user", "la_role__local_authority", "care_setting"]
