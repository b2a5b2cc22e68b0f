from django.contrib import admin

from jiangxin.audit.services import client_ip
from jiangxin.core import stamps
from jiangxin.workers import services
from jiangxin.workers.models import Honour, ImportJob, Occupation, Worker

_SECRET = ("id_number_enc", "id_number_hash", "mobile_enc", "mobile_hash")


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "min_level", "max_level")
    search_fields = ("code", "name")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)  # audited (audit.admin_audited)
        stamps.bump(stamps.ROSTER)  # filter choices and labels show occupation names

    def delete_model(self, request, obj):
        super().delete_model(request, obj)  # audited
        stamps.bump(stamps.ROSTER)


class HonourInline(admin.TabularInline):
    """Honours are added, changed and removed through the roster services: checked, audited."""

    model = Honour
    extra = 0
    fields = ("kind", "level", "title", "year")


@admin.register(Worker)
class WorkerAdmin(admin.ModelAdmin):
    """Read-mostly: roster changes go through the pages, which validate and audit them; the
    honours inline goes through the same services."""

    list_display = ("name", "gender", "id_number_masked", "organisation", "skill_level")
    list_filter = ("gender", "skill_level", "employment_form")
    search_fields = ("name",)
    readonly_fields = [
        f.name
        for f in Worker._meta.fields
        if f.name not in (*_SECRET, "name_search", "name_pinyin")
    ]
    exclude = (*_SECRET, "name_search", "name_pinyin")
    inlines = [HonourInline]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        pass  # every field is read-only here; honours are saved in save_formset

    def delete_model(self, request, obj):
        services.delete_worker(by=request.user, ip=client_ip(request), worker=obj)

    def save_formset(self, request, form, formset, change):
        ip = client_ip(request)
        honours = formset.save(commit=False)
        for honour in formset.deleted_objects:
            services.delete_honour(by=request.user, ip=ip, honour=honour)
        for honour in honours:
            fields = {f: getattr(honour, f) for f in ("kind", "level", "title", "year")}
            if honour.pk is None:
                services.add_honour(by=request.user, ip=ip, worker=form.instance, **fields)
            else:
                services.update_honour(by=request.user, ip=ip, honour=honour, **fields)


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("original_name", "created_by", "status", "total_rows", "created")
    list_filter = ("status",)
    readonly_fields = [f.name for f in ImportJob._meta.fields]
