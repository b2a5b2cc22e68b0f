"""The Django admin site: open to the three platform administrators (each sees the part of
their duty, ``admin_duties``), every registered ModelAdmin — third parties' included — gated
by its model's duty and audited (``audit.admin_audited``) as it is registered."""

from __future__ import annotations

from django.contrib import admin
from django.db.models.base import ModelBase

from jiangxin.accounts import policies
from jiangxin.accounts.admin_duties import on_duty
from jiangxin.audit.admin_audited import AuditedAdmin


class JiangxinAdminSite(admin.AdminSite):
    def has_permission(self, request):
        user = request.user
        return user.is_active and user.is_staff and policies.can_reach_admin(user)

    def register(self, model_or_iterable, admin_class=None, **options):
        models = (
            [model_or_iterable] if isinstance(model_or_iterable, ModelBase) else model_or_iterable
        )
        for model in models:
            built = on_duty(admin_class or admin.ModelAdmin, model, defaults=(AuditedAdmin,))
            super().register(model, built, **options)
