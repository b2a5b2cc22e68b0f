from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext as _

from jiangxin.accounts.models import ApiToken, Grant, Registration, User


class GrantInline(admin.TabularInline):
    model = Grant
    extra = 0
    autocomplete_fields = ["organisation"]


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
