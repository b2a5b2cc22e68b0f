from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiangxin.accounts.access import ScopedQuerySet, paths_q, reach_of
from jiangxin.audit import clock
from jiangxin.core.masking import mask_personal_numbers, mask_personal_numbers_in


class AuditQuerySet(ScopedQuerySet):
    # Entries are scoped by a snapshot of the owning node's path taken when they were written,
    # so a union admin keeps seeing their subtree's history.
    scope_path = "org_path"

    def visible_to(self, user):
        """All of it to the audit administrator; their subtree's entries to union staff; none to
        anyone else — the system administrator's reach over every node included
        (``audit.policies``)."""
        from jiangxin.accounts.policies import can_read_audit

        if can_read_audit(user):
            return self.all()
        return self.filter(paths_q(self.scope_path, reach_of(user).view_paths))

    def editable_by(self, user):
        return self.none()  # the log is append-only (and the database refuses changes)


class AuditEntry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("新增")
        UPDATE = "update", _("修改")
        DELETE = "delete", _("删除")
        IMPORT = "import", _("导入")
        EXPORT = "export", _("导出")
        UNMASK = "unmask", _("查看完整信息")
        LOGIN = "login", _("登录")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOGOUT = "logout", _("退出")
        APPROVE = "approve", _("审核通过")
        REJECT = "reject", _("审核驳回")
        PRUNE = "prune", _("清理过期日志")

    # Set when written and never changed (the log is append-only): ``clock.now``.
    at = models.DateTimeField(_("时间"), default=clock.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("操作人"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    action = models.CharField(_("操作"), max_length=14, choices=Action.choices)
    org_path = models.CharField(max_length=255, blank=True, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=50, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    changes = models.JSONField(_("变更"), default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.shown_actor} {self.get_action_display()} {self.shown_object}"

    @property
    def action_label(self) -> str:
        """The action in Chinese, for every code the services write (``audit.labels``)."""
        from jiangxin.audit.labels import action_label

        return action_label(self.action, self.object_type)

    # What the audit page and the admin show: entries are written masked (``services.record``);
    # these mask again on the way out, for rows written before that.
    @property
    def shown_actor(self) -> str:
        return mask_personal_numbers(self.actor_label)

    @property
    def shown_object(self) -> str:
        return mask_personal_numbers(self.object_repr)

    @property
    def shown_changes(self):
        return mask_personal_numbers_in(self.changes)
