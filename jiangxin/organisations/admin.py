from django.contrib import admin

from jiangxin.organisations.models import Enterprise, Industry, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "path")
    list_filter = ("kind",)
    search_fields = ("name", "short_name")
    readonly_fields = ("path", "depth")

    def has_add_permission(self, request):
        return False  # nodes are created through the service, which keeps paths right


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "order")


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ("name", "credit_code", "industry", "size", "union")
    list_filter = ("industry", "size")
    search_fields = ("name", "credit_code")
    autocomplete_fields = ["union"]
