from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from jiangxin.audit.models import AuditEntry

# The stored texts are shown only through their masked forms (a mobile or ID number in them,
# from rows written before entries were masked, stays masked here too).
_MASKED = {"actor_label", "object_repr", "changes"}


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_shown", "ip", "action_shown", "object_shown")
    list_filter = ("action",)
    search_fields = ("actor_label", "object_repr")
    fields = readonly_fields = [
        *(f.name for f in AuditEntry._meta.fields if f.name not in _MASKED),
        "actor_shown",
        "object_shown",
        "changes_shown",
    ]

    @admin.display(description=_("操作人"), ordering="actor_label")
    def actor_shown(self, obj: AuditEntry) -> str:
        return obj.shown_actor

    @admin.display(description=_("操作"), ordering="action")
    def action_shown(self, obj: AuditEntry) -> str:
        return obj.action_label

    @admin.display(description=_("对象"), ordering="object_repr")
    def object_shown(self, obj: AuditEntry) -> str:
        return obj.shown_object

    @admin.display(description=_("变更"))
    def changes_shown(self, obj: AuditEntry):
        return obj.shown_changes

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
