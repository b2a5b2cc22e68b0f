"""Changes made in the Django admin are audited like every other: a delete — from an object's
delete page or the bulk action "删除所选" — writes an ``AuditEntry`` (with what went with it),
and so does a save or an inline's delete that no service of the app handles.

The admin site (``accounts/admin_site.py``) places ``AuditedAdmin`` behind every registered
ModelAdmin, ours and third parties' (axes, django-tasks, auth) alike: a class that calls its
app's service (``WorkerAdmin.delete_model`` → ``workers.services.delete_worker``) keeps it, and
every other goes through ``audit.services.delete_audited`` / ``save_audited``."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import NestedObjects
from django.db import router, transaction

from jiangxin.audit.services import client_ip, delete_audited, save_audited


def org_path_of(obj) -> str:
    """The union node an entry about ``obj`` belongs to, so that node's admins read it; ""
    when it has none (then only the audit administrator does)."""
    if isinstance(getattr(obj, "org_path", None), str):
        return obj.org_path
    if obj._meta.label_lower == "organisations.organisation":
        return obj.path
    for name in ("organisation", "union"):
        node = getattr(obj, name, None)
        if node is not None and isinstance(getattr(node, "path", None), str):
            return node.path
    return ""


def deleted_with(obj) -> dict:
    """What a delete of ``obj`` takes with it (cascades), by model: {"workers.honour": 3}."""
    collector = NestedObjects(using=router.db_for_write(type(obj), instance=obj))
    collector.collect([obj])
    counts = {
        model._meta.label_lower: len(rows)
        for model, rows in collector.model_objs.items()
        if model is not type(obj) and rows
    }
    return {"deleted_with": counts} if counts else {}


class AuditedAdmin(admin.ModelAdmin):
    def delete_model(self, request, obj):
        with transaction.atomic():
            delete_audited(
                obj,
                by=request.user,
                ip=client_ip(request),
                org_path=org_path_of(obj),
                changes=deleted_with(obj),
            )

    def delete_queryset(self, request, queryset):
        # The bulk action: each row through this admin's own delete_model (its service).
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)

    def save_model(self, request, obj, form, change):
        # Field names only: a value may be a password or personal data.
        save_audited(
            obj,
            by=request.user,
            ip=client_ip(request),
            org_path=org_path_of(obj),
            changes={"fields": sorted(form.changed_data)},
            clean=False,  # the admin's form has cleaned it
        )

    def save_formset(self, request, form, formset, change):
        ip = client_ip(request)
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            delete_audited(obj, by=request.user, ip=ip, org_path=org_path_of(obj))
        for obj in instances:
            save_audited(obj, by=request.user, ip=ip, org_path=org_path_of(obj), clean=False)
        formset.save_m2m()
