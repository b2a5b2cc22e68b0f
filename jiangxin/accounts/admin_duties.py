"""The Django admin by duty (三员分立). Each registered model belongs to one platform duty:
accounts, grants, API tokens, permission groups and lockouts to the security administrator; the
audit log to the audit administrator; everything else — the union tree, enterprises, the roster, registrations, jobs — to the system
administrator. Only the holder of a model's duty sees or changes it (the security administrator
also reads the union tree, to choose a grant's node); Django's per-model permissions play no
part, so a superuser is the system administrator and nothing more. The audit log belongs to the
audit administrator (read-only there, as on its page ``audit_list``).

The admin site (``accounts/admin_site.py``) builds each registered class as
``DutyGate → the class → AuditedAdmin → DutyPermissions``: the gate asks for the duty first, the
class's own refusals still hold (``has_add_permission → False``), and ``DutyPermissions`` answers
where Django would have consulted the permission table. Inlines are built the same way, with
their parent's duty."""

from __future__ import annotations

from functools import cache

from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin

from jiangxin.accounts import policies
from jiangxin.accounts.models import PlatformRole

Role = PlatformRole.Role
SECURITY_MODELS = {
    "accounts.user",
    "accounts.grant",
    "accounts.apitoken",
    "accounts.platformrole",
    "auth.group",
    "auth.permission",
}
SECURITY_APPS = {"axes"}  # lockouts: unlocking an account is deleting its attempts
AUDIT_MODELS = {"audit.auditentry"}
ALSO_VIEWED_BY = {"organisations.organisation": (Role.SECURITY,)}


def duty_of(model) -> str:
    label = model._meta.label_lower
    if label in SECURITY_MODELS or model._meta.app_label in SECURITY_APPS:
        return Role.SECURITY
    if label in AUDIT_MODELS:
        return Role.AUDIT
    return Role.SYSTEM


class DutyGate:
    """Before the admin class: each permission needs the model's duty, then the class's own."""

    duty: str = Role.SYSTEM
    viewers: tuple[str, ...] = ()

    def _on_duty(self, request) -> bool:
        return policies.admin_duty_allows(request.user, self.duty)

    def _may_view(self, request) -> bool:
        return self._on_duty(request) or any(
            policies.admin_duty_allows(request.user, duty) for duty in self.viewers
        )

    def has_module_permission(self, request):
        return self._may_view(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._may_view(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):  # an inline's takes the parent object too
        return self._on_duty(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._on_duty(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._on_duty(request) and super().has_delete_permission(request, obj)


class ModelDutyGate(DutyGate):
    def get_inlines(self, request, obj):
        return [on_duty_inline(inline, self.duty) for inline in super().get_inlines(request, obj)]


class DutyPermissions(admin.ModelAdmin):
    """Behind the admin class: the duty, checked by the gate, stands for Django's permissions."""

    def has_module_permission(self, request):
        return True

    def has_view_permission(self, request, obj=None):
        return True

    def has_add_permission(self, request):
        return True

    def has_change_permission(self, request, obj=None):
        return True

    def has_delete_permission(self, request, obj=None):
        return True


class InlineDutyPermissions(InlineModelAdmin):
    def has_view_permission(self, request, obj=None):
        return True

    def has_add_permission(self, request, obj):
        return True

    def has_change_permission(self, request, obj=None):
        return True

    def has_delete_permission(self, request, obj=None):
        return True


def on_duty(admin_class: type, model, *, defaults: tuple[type, ...] = ()) -> type:
    """``admin_class`` gated by ``model``'s duty, with ``defaults`` (and ``DutyPermissions``)
    behind it; a class already built this way is returned as it is."""
    if issubclass(admin_class, DutyGate):
        return admin_class
    behind: list[type] = [c for c in (*defaults, DutyPermissions) if not issubclass(admin_class, c)]
    bases: list[type] = [ModelDutyGate]
    if admin_class is not admin.ModelAdmin:
        bases.append(admin_class)
    label = model._meta.label_lower
    return type(
        admin_class.__name__,
        (*bases, *behind),
        {
            "__module__": admin_class.__module__,
            "duty": duty_of(model),
            "viewers": ALSO_VIEWED_BY.get(label, ()),
        },
    )


@cache
def on_duty_inline(inline_class: type, duty: str) -> type:
    if issubclass(inline_class, DutyGate):
        return inline_class
    return type(
        inline_class.__name__,
        (DutyGate, inline_class, InlineDutyPermissions),
        {"__module__": inline_class.__module__, "duty": duty},
    )
