"""Admin for learning: framework data and judgements read-only; scales and policies editable.

Judgements, early assessments and periods are written by learning.tracker.services, which
audit and check versions; writing them here would skip both. Custom scales ("Other") and an
LA's default tracker policy may be set up by an administrator.
"""

from django.contrib import admin
from django.http import HttpRequest

from learning.models import (
    Area,
    AssessmentPeriod,
    EarlyAssessment,
    EarlyLearningGoal,
    ScalePoint,
    TrackerJudgement,
    TrackerPolicy,
    TrackerScale,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class GoalInline(admin.TabularInline):
    model = EarlyLearningGoal
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Area)
class AreaAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind", "order"]
    inlines = [GoalInline]


class ScalePointInline(admin.TabularInline):
    model = ScalePoint
    extra = 0


@admin.register(TrackerScale)
class TrackerScaleAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "framework"]
    inlines = [ScalePointInline]


@admin.register(TrackerPolicy)
class TrackerPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "local_authority",
        "care_setting",
        "scale",
        "early_assessment_weeks",
    ]
    list_select_related = ["local_authority", "care_setting", "scale"]
    raw_id_fields = ["care_setting"]


@admin.register(AssessmentPeriod)
class AssessmentPeriodAdmin(ReadOnlyAdmin):
    list_display = ["name", "care_setting", "starts_on", "ends_on"]
    list_select_related = ["care_setting"]
    list_filter = ["care_setting"]


@admin.register(TrackerJudgement)
class TrackerJudgementAdmin(ReadOnlyAdmin):
    list_display = ["child", "area", "period", "point", "by", "judged_at", "version"]
    list_select_related = ["child", "area", "period", "point", "by"]
    list_filter = ["area", "point__scale"]


@admin.register(EarlyAssessment)
class EarlyAssessmentAdmin(ReadOnlyAdmin):
    list_display = ["child", "completed_on", "by"]
    list_select_related = ["child", "by"]
