from django.contrib import admin

from jiangxin.innovation.models import AssessmentItem, AssessmentSheet, LeadRule


@admin.register(LeadRule)
class LeadRuleAdmin(admin.ModelAdmin):
    """The lead rule of each kind of studio (without a row, the issue's default holds). Saves are
    checked by ``LeadRule.clean`` and audited by the admin site (``audit.admin_audited``)."""

    list_display = ("kind", "min_skill_level", "honours", "updated")


class AssessmentItemInline(admin.TabularInline):
    model = AssessmentItem
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AssessmentSheet)
class AssessmentSheetAdmin(admin.ModelAdmin):
    """A union node's indicator sheet for the studios' annual assessment: items with points, the
    figure a read item takes, its target and deduction per unit short; band thresholds,
    rectification and bar periods. Without a sheet up a studio's path the default applies.
    Read only here: the union keeps its sheet on 考核指标表 (``views_sheets``), which checks the
    items and freezes a sheet once an assessment has used it."""

    list_display = ("name", "organisation", "edition", "superseded_at", "excellent_from")
    inlines = [AssessmentItemInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
