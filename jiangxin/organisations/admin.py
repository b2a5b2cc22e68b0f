from django import forms
from django.contrib import admin

from jiangxin.audit.services import client_ip
from jiangxin.core import stamps
from jiangxin.organisations import services
from jiangxin.organisations.creditcode import CreditCodeError, parse_credit_code
from jiangxin.organisations.models import Enterprise, Industry, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "path")
    list_filter = ("kind",)
    search_fields = ("name", "short_name")
    readonly_fields = ("path", "depth")

    # Nodes are created on the pages, through the service that keeps paths right.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        super().delete_model(request, obj)  # audited (audit.admin_audited)
        stamps.bump(stamps.ROSTER)  # the roster's filters list the nodes


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "order")

    def delete_model(self, request, obj):
        super().delete_model(request, obj)  # audited (audit.admin_audited)
        stamps.bump(stamps.ROSTER)


class EnterpriseAdminForm(forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = list(services.ENTERPRISE_FIELDS)

    def clean_credit_code(self):
        try:
            return parse_credit_code(self.cleaned_data["credit_code"])
        except CreditCodeError as err:
            raise forms.ValidationError(str(err)) from None


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    """Changes go through the same services as the pages: validated, audited, stamped."""

    form = EnterpriseAdminForm

    list_display = ("name", "credit_code", "industry", "size", "union")
    list_filter = ("industry", "size")
    search_fields = ("name", "credit_code")
    autocomplete_fields = ["union"]

    def save_model(self, request, obj, form, change):
        fields = {
            f: form.cleaned_data[f] for f in services.ENTERPRISE_FIELDS if f in form.cleaned_data
        }
        if change:
            saved = services.update_enterprise(
                by=request.user, ip=client_ip(request), enterprise=obj, **fields
            )
        else:
            saved = services.create_enterprise(by=request.user, ip=client_ip(request), **fields)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        super().delete_model(request, obj)  # audited (audit.admin_audited)
        stamps.bump(stamps.ROSTER)
