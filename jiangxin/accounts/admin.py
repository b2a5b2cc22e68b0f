from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext as _

from jiangxin.accounts import services
from jiangxin.accounts.models import ApiToken, Grant, Registration, User
from jiangxin.audit.services import client_ip


class GrantInline(admin.TabularInline):
    """The user's grants, read-only here: they are given, changed and taken away on the 授权
    pages (GrantAdmin), through the services, so every change is checked and audited."""

    model = Grant
    extra = 0
    fields = ("organisation", "role", "created")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(User)
class JiangxinUserAdmin(UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("匠心"), {"fields": ("display_name", "mobile_masked")}),
    )
    readonly_fields = ("mobile_masked", "last_login", "date_joined")
    list_display = ("username", "display_name", "is_active", "is_superuser", "last_login")
    search_fields = ("username", "display_name")
    inlines = [GrantInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("name", "id_number_masked", "enterprise", "status", "created")
    list_filter = ("status",)
    readonly_fields = ("id_number_masked",)
    exclude = ("id_number_enc", "id_number_hash")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created", "last_used")
    readonly_fields = ("prefix", "token_hash", "created", "last_used")


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):
    """Grants are given, changed and revoked through ``accounts.services`` (checked against the
    admin's own reach, audited), never saved by the admin directly."""

    list_display = ("user", "organisation", "role", "created")
    list_filter = ("role",)
    search_fields = ("user__username", "user__display_name", "organisation__name")
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ("user", "organisation")

    def get_readonly_fields(self, request, obj=None):
        # A grant belongs to one user on one node: change its role, or revoke it and grant anew.
        return ("user", "organisation", "created") if obj else ("created",)

    def save_model(self, request, obj, form, change):
        grant = services.grant_role(
            by=request.user,
            ip=client_ip(request),
            user=obj.user,
            organisation=obj.organisation,
            role=obj.role,
        )
        obj.pk, obj._state.adding = grant.pk, False

    def delete_model(self, request, obj):
        services.revoke_grant(by=request.user, ip=client_ip(request), grant=obj)

    def delete_queryset(self, request, queryset):
        for grant in queryset.select_related("organisation"):
            services.revoke_grant(by=request.user, ip=client_ip(request), grant=grant)
