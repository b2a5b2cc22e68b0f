from django.apps import apps
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiangxin.accounts.access import ScopedQuerySet
from jiangxin.accounts.usernames import NotPersonalNumberValidator


class User(AbstractUser):
    """An account. A worker's account is bound to their roster record (``Worker.account``);
    union staff get ``Grant`` rows; platform admins are superusers."""

    # Shown in the audit log, the admin and to every admin granting a role: never a mobile or
    # an ID number (accounts.usernames).
    username = models.CharField(
        _("用户名"),
        max_length=150,
        unique=True,
        help_text=_("150个字符以内，可用字母、数字和 @ . + - _；不能是手机号码或身份证号码。"),
        validators=[UnicodeUsernameValidator(), NotPersonalNumberValidator()],
        error_messages={"unique": _("该用户名已被使用，请换一个。")},
    )
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    # The mobile is a login name too: kept encrypted, found by its keyed hash.
    mobile_hash = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    mobile_enc = models.TextField(blank=True, editable=False)
    mobile_masked = models.CharField(_("手机号码"), max_length=11, blank=True, editable=False)
    # Raised to end every session of the account (grant or platform role taken away):
    # a session remembers the value it was opened under (accounts.twofactor.SessionGuard).
    session_generation = models.PositiveIntegerField(default=0, editable=False)

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

    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="grants"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("工会组织"),
        on_delete=models.CASCADE,
        related_name="grants",
    )
    role = models.CharField(_("角色"), max_length=10, choices=Role.choices)
    created = models.DateTimeField(_("授权时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("授权")
        verbose_name_plural = _("授权")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="grant_one_per_node"),
        ]

    def __str__(self):
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"

    def clean(self):
        # 三员分立: the security and audit administrators' accounts are theirs alone.
        if (
            self.user_id
            and PlatformRole.objects.filter(
                user_id=self.user_id,
                role__in=[PlatformRole.Role.SECURITY, PlatformRole.Role.AUDIT],
            ).exists()
        ):
            raise ValidationError(
                _("安全管理员和审计管理员使用专用账号，不能再获得工会授权（三员分立）。")
            )


class ApiToken(models.Model):
    """A bearer token for /api/v1/. Only its hash is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=50)
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)
    # Set when the token is made (API_TOKEN_DAYS on); from then on it is refused.
    expires = models.DateTimeField(_("有效期至"))

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def expired(self) -> bool:
        return self.expires <= timezone.now()


class RegistrationQuerySet(ScopedQuerySet):
    """Decided by the unions above the enterprise; the applicant sees their own."""

    scope_path = "enterprise__union__path"

    def own_q(self, reach, user) -> models.Q:
        return models.Q(user=user) if user.is_authenticated else models.Q(pk__in=[])

    def with_conflicts(self):
        """Each registration with what the reviewer must know (the applicant is never told):
        ``id_bound_elsewhere`` — the ID number's roster record is bound to another account;
        ``id_pending_elsewhere`` — another pending registration claims the same ID number;
        ``mobile_taken`` — the mobile is another account's login mobile."""
        Worker = apps.get_model("workers", "Worker")
        return self.annotate(
            id_bound_elsewhere=models.Exists(
                Worker.objects.filter(
                    id_number_hash=models.OuterRef("id_number_hash"), account__isnull=False
                ).exclude(account_id=models.OuterRef("user_id"))
            ),
            id_pending_elsewhere=models.Exists(
                Registration.objects.filter(
                    id_number_hash=models.OuterRef("id_number_hash"),
                    status=Registration.Status.PENDING,
                ).exclude(pk=models.OuterRef("pk"))
            ),
            mobile_taken=models.Exists(
                User.objects.filter(mobile_hash=models.OuterRef("mobile_hash"))
                .exclude(mobile_hash="")
                .exclude(pk=models.OuterRef("user_id"))
            ),
        )


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
    # The mobile the applicant gave (the account holds it encrypted; it becomes the account's
    # login mobile on approval): compared with the other accounts' login mobiles when the union
    # reviews, since the applicant is never told.
    mobile_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
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
    # The mobile is held encrypted on the account; its hash here moves with a key rotation.
    DERIVED_HASHES = (("mobile_hash", "user__mobile_enc"),)

    class Meta:
        verbose_name = _("注册申请")
        verbose_name_plural = _("注册申请")
        ordering = ["status", "-created"]

    def __str__(self):
        return f"{self.name}（{self.enterprise}）"

    def conflicts(self) -> list[str]:
        """What stands in the way of approval, in words (needs ``with_conflicts()``)."""
        found = []
        if self.id_bound_elsewhere:
            found.append(_("该公民身份号码的职工档案已绑定其他账号"))
        if self.mobile_taken:
            found.append(_("该手机号码已是其他账号的登录手机号"))
        return [str(message) for message in found]

    def warnings(self) -> list[str]:
        """What the reviewer should check but may approve (needs ``with_conflicts()``)."""
        if self.id_pending_elsewhere:
            return [str(_("另有待审核的申请使用同一公民身份号码，请核实后只通过其中一份"))]
        return []


class PlatformRole(models.Model):
    """One of the three platform duties (三员分立) an account holds: the system administrator
    runs the platform (the Django admin's data and configuration), the security administrator
    grants roles and manages accounts and lockouts, the audit administrator reads the audit log.

    An account holds at most one (the one-to-one key); a superuser is the system administrator
    without a row and may hold no other. Given and taken back only through
    ``accounts.services.assign_platform_role`` / ``revoke_platform_role`` (audited)."""

    class Role(models.TextChoices):
        SYSTEM = "system", _("系统管理员")
        SECURITY = "security", _("安全管理员")
        AUDIT = "audit", _("审计管理员")

    user = models.OneToOneField(
        User, verbose_name=_("账号"), on_delete=models.CASCADE, related_name="platform_role"
    )
    role = models.CharField(_("平台角色"), max_length=10, choices=Role.choices)
    granted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(_("授予时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("平台角色")
        verbose_name_plural = _("平台角色")
        ordering = ["role", "user__username"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=["system", "security", "audit"]),
                name="platform_role_known",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"


class TotpDevice(models.Model):
    """A person's authenticator app (TOTP, RFC 6238). The shared secret is kept encrypted
    under DATA_KEY (``secret_enc``, rotated with the other columns); ``confirmed`` once the
    person typed a first code. ``last_step`` refuses a code used twice."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    secret_enc = models.TextField(editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    confirmed = models.BooleanField(default=False)
    last_step = models.BigIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    ENCRYPTED_FIELDS = (("secret_enc", "secret_hash"),)

    class Meta:
        verbose_name = _("动态口令设备")
        verbose_name_plural = _("动态口令设备")

    def __str__(self):
        return f"{self.user} · TOTP"


class RecoveryCode(models.Model):
    """One of the ten one-time codes that stand in for a TOTP code; stored hashed."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64, db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("恢复码")
        verbose_name_plural = _("恢复码")

    def __str__(self):
        return f"{self.user} · {_('恢复码')}"
