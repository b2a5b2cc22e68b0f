from django.contrib import admin

from jiangxin.core import stamps
from jiangxin.workers.models import Honour, ImportJob, Occupation, Worker


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "min_level", "max_level")
    search_fields = ("code", "name")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        stamps.bump(stamps.ROSTER)  # filter choices and labels show occupation names


class HonourInline(admin.TabularInline):
    model = Honour
    extra = 0


@admin.register(Worker)
class WorkerAdmin(admin.ModelAdmin):
    """Read-mostly: roster changes go through the pages, which validate and audit them."""

    list_display = ("name", "gender", "id_number_masked", "organisation", "skill_level")
    list_filter = ("gender", "skill_level", "employment_form")
    search_fields = ("name",)
    readonly_fields = [
        f.name
        for f in Worker._meta.fields
        if f.name
        not in ("id_number_enc", "id_number_hash", "mobile_enc", "mobile_hash", "name_search")
    ]
    exclude = ("id_number_enc", "id_number_hash", "mobile_enc", "mobile_hash", "name_search")
    inlines = [HonourInline]

    def has_add_permission(self, request):
        return False


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = ("original_name", "created_by", "status", "total_rows", "created")
    list_filter = ("status",)
    readonly_fields = [f.name for f in ImportJob._meta.fields]
