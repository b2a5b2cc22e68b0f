from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiangxin.accounts.access import ScopedQuerySet


class User(AbstractUser):
    """An account. A worker's account is bound to their roster record (``Worker.account``);
    union staff get ``Grant`` rows; platform admins are superusers."""

    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    # The mobile is a login name too: kept encrypted, found by its keyed hash.
    mobile_hash = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    mobile_enc = models.TextField(blank=True, editable=False)
    mobile_masked = models.CharField(_("手机号码"), max_length=11, blank=True, editable=False)

    objects = UserManager()
    # Token column → the keyed hash of the same value (core/keys.py rotates both).
    ENCRYPTED_FIELDS = (("mobile_enc", "mobile_hash"),)

    class Meta:
        verbose_name = _("账号")
        verbose_name_plural = _("账号")

    def __str__(self):
        return self.display_name or self.username


class Grant(models.Model):
    """A role on a union node; it covers the node's whole subtree."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("工会管理员")
        VIEWER = "viewer", _("查看者")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="grants"
    )
    role = models.CharField(_("角色"), max_length=10, choices=Role.choices)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("授权")
        verbose_name_plural = _("授权")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="grant_one_per_node"),
        ]

    def __str__(self):
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"


class ApiToken(models.Model):
    """A bearer token for /api/v1/. Only its hash is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=50)
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"


class RegistrationQuerySet(ScopedQuerySet):
    """Decided by the unions above the enterprise; the applicant sees their own."""

    scope_path = "enterprise__union__path"

    def own_q(self, reach, user) -> models.Q:
        return models.Q(user=user) if user.is_authenticated else models.Q(pk__in=[])


class Registration(models.Model):
    """A worker's self-registration, waiting for their enterprise union's admin."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已通过")
        REJECTED = "rejected", _("已驳回")

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="registration")
    name = models.CharField(_("姓名"), max_length=50)
    id_number_enc = models.TextField(editable=False)
    id_number_hash = models.CharField(max_length=64, db_index=True, editable=False)
    id_number_masked = models.CharField(_("公民身份号码"), max_length=18, editable=False)
    enterprise = models.ForeignKey(
        "organisations.Enterprise", verbose_name=_("工作单位"), on_delete=models.CASCADE
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created = models.DateTimeField(_("提交时间"), auto_now_add=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("审核意见"), max_length=200, blank=True)

    objects = RegistrationQuerySet.as_manager()
    ENCRYPTED_FIELDS = (("id_number_enc", "id_number_hash"),)

    class Meta:
        verbose_name = _("注册申请")
        verbose_name_plural = _("注册申请")
        ordering = ["status", "-created"]

    def __str__(self):
        return f"{self.name}（{self.enterprise}）"
