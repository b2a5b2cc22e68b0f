"""What PIPL asks the platform to keep about the people whose data it holds: which version of
the notice each account accepted, and each worker's requests to correct their record."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiangxin.accounts.access import Reach, ScopedQuerySet
from jiangxin.core import crypto


class Consent(models.Model):
    """An account accepted the personal-information notice of one version (``settings.
    PRIVACY_NOTICE_VERSION``); the digest of the text shown is kept, so what was accepted can be
    proved later even if the template is edited by mistake."""

    class Via(models.TextChoices):
        REGISTRATION = "registration", _("注册时勾选同意")
        NOTICE = "notice", _("登录后阅读并同意")
        SETUP = "setup", _("由系统初始化记录")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents"
    )
    version = models.PositiveSmallIntegerField(_("规则版本"))
    text_digest = models.CharField(max_length=64)
    accepted_at = models.DateTimeField(_("同意时间"), auto_now_add=True)
    via = models.CharField(_("方式"), max_length=12, choices=Via.choices)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)

    class Meta:
        verbose_name = _("同意记录")
        verbose_name_plural = _("同意记录")
        ordering = ["-accepted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "version"], name="consent_once_per_version")
        ]

    def __str__(self):
        return f"{self.user} · v{self.version}"


class CorrectionQuerySet(ScopedQuerySet):
    """A request goes with the worker's record: the unions above it see it and the admins who
    may edit the record decide it; the worker sees their own."""

    scope_path = "worker__org_path"

    def own_q(self, reach: Reach, user) -> Q:
        return Q(worker_id=reach.worker_id) if reach.worker_id else Q(pk__in=[])

    def open(self):
        return self.filter(status=CorrectionRequest.Status.OPEN)


class CorrectionRequest(models.Model):
    """申请更正: a worker says which item of their record is wrong and what it should be; their
    union corrects the record (through the ordinary edit page) and closes the request with a
    note, or rejects it with the reason."""

    class Item(models.TextChoices):
        NAME = "name", _("姓名")
        ID_NUMBER = "id_number", _("公民身份号码")
        MOBILE = "mobile", _("手机号码")
        WORKPLACE = "workplace", _("所属工会或工作单位")
        JOB = "job", _("职业、岗位或用工形式")
        SKILL_LEVEL = "skill_level", _("技能等级")
        HONOUR = "honour", _("荣誉")
        COMPETITION = "competition", _("竞赛报名或成绩")
        MENTORING = "mentoring", _("师徒结对或带徒记录")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        RESOLVED = "resolved", _("已更正")
        REJECTED = "rejected", _("不予更正")

    worker = models.ForeignKey(
        "workers.Worker", on_delete=models.CASCADE, related_name="correction_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    item = models.CharField(_("需要更正的项目"), max_length=12, choices=Item.choices)
    # What it should be — often the person's correct ID number or mobile: encrypted like them.
    details_enc = models.TextField(editable=False)
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default=Status.OPEN)
    note = models.CharField(_("处理意见"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    created = models.DateTimeField(_("提交时间"), auto_now_add=True)

    objects = CorrectionQuerySet.as_manager()
    # Token column → its keyed-hash column (none: never looked up); core key rotation reads this.
    ENCRYPTED_FIELDS = (("details_enc", ""),)

    class Meta:
        verbose_name = _("更正申请")
        verbose_name_plural = _("更正申请")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["status", "decided_at"], name="correction_status_decided")]

    def __str__(self):
        return f"{self.worker} · {self.get_item_display()}"

    def details(self) -> str:
        """What the worker says the item should be (shown to them and to the union deciding)."""
        return crypto.decrypt(self.details_enc)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
