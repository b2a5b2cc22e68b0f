from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext as _

from jiangxin.accounts import services
from jiangxin.accounts.models import ApiToken, Grant, Registration, User
from jiangxin.audit.services import client_ip
from jiangxin.core import crypto


class GrantInline(admin.TabularInline):
    """Roles are granted and taken back through the account services: checked and audited."""

    model = Grant
    extra = 0
    fields = ("organisation", "role")
    autocomplete_fields = ["organisation"]


@admin.register(User)
class JiangxinUserAdmin(UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("匠心"), {"fields": ("display_name", "mobile_masked")}),
    )
    readonly_fields = ("mobile_masked", "last_login", "date_joined")
    # The mobile is only ever shown masked; a full mobile typed in the search box finds its
    # account through the keyed hash, never by storing or comparing it in clear.
    list_display = (
        "username",
        "display_name",
        "mobile_masked",
        "is_active",
        "is_superuser",
        "last_login",
    )
    search_fields = ("username", "display_name")
    search_help_text = _("按用户名、姓名或完整手机号查找")
    inlines = [GrantInline]

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        compact = search_term.strip().replace(" ", "").replace("-", "")
        if len(compact) == 11 and compact.isdigit():
            results = results | queryset.filter(mobile_hash=crypto.keyed_hash(compact))
        return results, may_have_duplicates

    def get_readonly_fields(self, request, obj=None):
        # Platform duties (三员分立) are given on their own page, one per account, audited:
        # never by ticking superuser or staff here; Django's permissions play no part.
        flags = ("is_superuser", "is_staff", "groups", "user_permissions")
        return (*super().get_readonly_fields(request, obj), *flags)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Grant:
            return super().save_formset(request, form, formset, change)
        ip = client_ip(request)
        grants = formset.save(commit=False)
        for grant in formset.deleted_objects:
            services.revoke_grant(by=request.user, ip=ip, grant=grant)
        for grant in grants:
            if grant.pk is not None:  # moved to another node: the old grant goes
                old = Grant.objects.select_related("organisation").get(pk=grant.pk)
                if old.organisation_id != grant.organisation_id:
                    services.revoke_grant(by=request.user, ip=ip, grant=old)
            services.grant_role(
                by=request.user,
                ip=ip,
                user=form.instance,
                organisation=grant.organisation,
                role=grant.role,
            )
        return None


class RegistrationAdminForm(forms.ModelForm):
    """Only a pending registration's decision can be made here, as on the review page."""

    class Meta:
        model = Registration
        fields = ("status", "note")

    def clean(self):
        data = super().clean()
        current = Registration.objects.with_conflicts().get(pk=self.instance.pk)
        old = current.status
        new = data.get("status")
        if new != old and old != Registration.Status.PENDING:
            raise forms.ValidationError(_("该申请已审核，不能更改结果"))
        if new == Registration.Status.PENDING and old != Registration.Status.PENDING:
            raise forms.ValidationError(_("已审核的申请不能退回待审核"))
        if new == Registration.Status.APPROVED and old != new and current.conflicts():
            raise forms.ValidationError(
                _("不能通过：{conflicts}。请核实后驳回该申请。").format(
                    conflicts="；".join(current.conflicts())
                )
            )
        if new == Registration.Status.REJECTED and not (data.get("note") or "").strip():
            self.add_error("note", _("驳回时请写明原因，方便职工修改后重新申请"))
        return data


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Approving, rejecting and deleting go through the account services: checked, audited."""

    form = RegistrationAdminForm
    list_display = ("name", "id_number_masked", "enterprise", "status", "created")
    list_filter = ("status",)
    fields = (
        "name",
        "id_number_masked",
        "enterprise",
        "user",
        "conflicts_shown",
        "status",
        "note",
        "decided_by",
    )
    readonly_fields = (
        "name",
        "id_number_masked",
        "enterprise",
        "user",
        "conflicts_shown",
        "decided_by",
    )

    @admin.display(description=_("审核提示"))
    def conflicts_shown(self, obj: Registration) -> str:
        checked = Registration.objects.with_conflicts().get(pk=obj.pk)
        return "；".join(checked.conflicts() + checked.warnings()) or "—"

    def has_add_permission(self, request):
        return False  # workers register themselves on the site

    def save_model(self, request, obj, form, change):
        if "status" not in form.changed_data:
            return
        registration = Registration.objects.get(pk=obj.pk)
        ip = client_ip(request)
        if obj.status == Registration.Status.APPROVED:
            services.approve_registration(by=request.user, ip=ip, registration=registration)
        elif obj.status == Registration.Status.REJECTED:
            services.reject_registration(
                by=request.user, ip=ip, registration=registration, note=obj.note
            )

    def delete_model(self, request, obj):
        services.delete_registration(by=request.user, ip=client_ip(request), registration=obj)

    def delete_queryset(self, request, queryset):
        for registration in queryset:
            self.delete_model(request, registration)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are seen and revoked here, never made or changed (a token moved to another
    account would carry that account's rights); revoking goes through the service: audited."""

    list_display = ("name", "user", "prefix", "created", "last_used", "expires")
    fields = readonly_fields = ("name", "user", "prefix", "created", "last_used", "expires")
    list_select_related = ("user",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        services.revoke_api_token(by=request.user, ip=client_ip(request), token=obj)

    def delete_queryset(self, request, queryset):
        for token in queryset:
            self.delete_model(request, token)


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
