from django.contrib import admin

from jiangxin.innovation.models import LeadRule


@admin.register(LeadRule)
class LeadRuleAdmin(admin.ModelAdmin):
    """The lead rule of each kind of studio (without a row, the issue's default holds). Saves are
    checked by ``LeadRule.clean`` and audited by the admin site (``audit.admin_audited``)."""

    list_display = ("kind", "min_skill_level", "honours", "updated")
