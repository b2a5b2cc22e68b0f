from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiangxin.accounts.access import Reach, ScopedQuerySet, reach_of
from jiangxin.core import crypto
from jiangxin.core.validators import date_range, years


class SkillLevel(models.IntegerChoices):
    """职业技能等级, on the 2022 eight-level scale (学徒工 … 首席技师), in rising order."""

    NONE = 0, _("无等级")
    APPRENTICE = 1, _("学徒工")
    L5 = 2, _("五级/初级工")
    L4 = 3, _("四级/中级工")
    L3 = 4, _("三级/高级工")
    L2 = 5, _("二级/技师")
    L1 = 6, _("一级/高级技师")
    SPECIAL = 7, _("特级技师")
    CHIEF = 8, _("首席技师")


class Occupation(models.Model):
    """职业/工种 from 中华人民共和国职业分类大典 (2022), with the skill levels it has."""

    code = models.CharField(_("职业编码"), max_length=20, unique=True)
    name = models.CharField(_("职业名称"), max_length=60)
    min_level = models.PositiveSmallIntegerField(
        _("最低等级"), choices=SkillLevel.choices, default=SkillLevel.L5
    )
    max_level = models.PositiveSmallIntegerField(
        _("最高等级"), choices=SkillLevel.choices, default=SkillLevel.L1
    )

    class Meta:
        verbose_name = _("职业（工种）")
        verbose_name_plural = _("职业（工种）")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_level__lte=models.F("max_level")), name="occupation_level_range"
            )
        ]

    def __str__(self):
        return f"{self.name}（{self.code}）"

    def allows(self, level: int) -> bool:
        """A level may be held in this occupation (无等级 always may)."""
        return level == SkillLevel.NONE or self.min_level <= level <= self.max_level

    def level_labels(self) -> str:
        return "、".join(
            str(SkillLevel(v).label) for v in range(self.min_level, self.max_level + 1)
        )


class WorkerQuerySet(ScopedQuerySet):
    # The owning node's path is kept on the row: lists filter and order one table, and the
    # planner has statistics for how much of the roster a subtree holds.
    scope_path = "org_path"

    def own_q(self, reach: Reach, user) -> Q:
        return Q(pk=reach.worker_id) if reach.worker_id else Q(pk__in=[])

    def search(self, text: str) -> "WorkerQuerySet":
        """Name, pinyin or initials; a full ID number or mobile is looked up by its hash."""
        text = text.strip()
        if not text:
            return self
        compact = text.replace(" ", "").replace("-", "").upper()
        if len(compact) == 18 and compact[:17].isdigit():
            return self.filter(id_number_hash__in=crypto.lookup_hashes(compact))
        if len(compact) == 11 and compact.isdigit():
            return self.filter(mobile_hash__in=crypto.lookup_hashes(compact))
        if text.isascii():
            return self.filter(name_search__contains=text.lower().replace(" ", ""))
        return self.filter(name__contains=text)


class Worker(models.Model):
    """A roster record. Gender and birth date come from the ID number; the ID number and the
    mobile are stored encrypted, with keyed hashes for uniqueness and look-up and a masked
    form for display."""

    class Gender(models.TextChoices):
        MALE = "M", _("男")
        FEMALE = "F", _("女")

    class EmploymentForm(models.TextChoices):
        REGULAR = "regular", _("正式用工")
        DISPATCHED = "dispatched", _("劳务派遣")
        PLATFORM = "platform", _("新就业形态（平台）")

    class PostCategory(models.TextChoices):
        NONE = "", _("一般岗位")
        KEY = "key", _("关键岗位")
        IMPORTANT = "important", _("重点岗位")
        HIGH_TECH = "hightech", _("高新技能岗位")

    name = models.CharField(_("姓名"), max_length=50)
    name_search = models.CharField(max_length=600, editable=False)
    # The roster's order: pinyin.sort_key(name), plain ASCII, so SQLite and PostgreSQL agree.
    name_pinyin = models.CharField(max_length=300, editable=False, default="")
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices, editable=False)
    birth_date = models.DateField(_("出生日期"), editable=False, validators=date_range())
    id_number_enc = models.TextField(editable=False)
    # Uniqueness and the index are declared in Meta, so PostgreSQL gets no pattern-ops
    # ("LIKE") index for these hashes, which are only ever compared whole.
    id_number_hash = models.CharField(max_length=64, editable=False)
    id_number_masked = models.CharField(_("公民身份号码"), max_length=18, editable=False)
    mobile_enc = models.TextField(blank=True, editable=False)
    mobile_hash = models.CharField(max_length=64, blank=True, editable=False)
    mobile_masked = models.CharField(_("手机号码"), max_length=11, blank=True, editable=False)

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("所属工会"),
        on_delete=models.PROTECT,
        related_name="workers",
        db_index=False,  # lookups go by org_path (indexed); only a node's deletion asks by id
    )
    org_path = models.CharField(max_length=255, editable=False)  # = organisation.path
    enterprise = models.ForeignKey(
        "organisations.Enterprise",
        verbose_name=_("工作单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workers",
    )
    employment_form = models.CharField(
        _("用工形式"), max_length=12, choices=EmploymentForm.choices, default=EmploymentForm.REGULAR
    )
    platform_name = models.CharField(_("平台名称"), max_length=50, blank=True)
    occupation = models.ForeignKey(
        Occupation,
        verbose_name=_("职业（工种）"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workers",
    )
    job_post = models.CharField(_("岗位"), max_length=50, blank=True)
    workshop = models.CharField(_("车间（班组）"), max_length=50, blank=True, db_default="")
    post_category = models.CharField(
        _("岗位类别"), max_length=10, choices=PostCategory.choices, blank=True, default=""
    )
    skill_level = models.PositiveSmallIntegerField(
        _("技能等级"), choices=SkillLevel.choices, default=SkillLevel.NONE
    )
    front_line = models.BooleanField(_("一线职工"), default=True)
    start_date = models.DateField(_("入职日期"), null=True, blank=True, validators=date_range())
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账号"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="worker",
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = WorkerQuerySet.as_manager()
    # Token column → the keyed hash of the same value (core/keys.py rotates both).
    ENCRYPTED_FIELDS = (("id_number_enc", "id_number_hash"), ("mobile_enc", "mobile_hash"))

    class Meta:
        verbose_name = _("职工")
        verbose_name_plural = _("职工")
        ordering = ["organisation_id", "name_pinyin", "pk"]
        indexes = [
            models.Index(fields=["name_pinyin", "id"], name="worker_pinyin"),
            models.Index(
                fields=["org_path"], name="worker_org_path", opclasses=["varchar_pattern_ops"]
            ),
            models.Index(fields=["mobile_hash"], name="worker_mobile_hash"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["id_number_hash"], name="worker_unique_id_number"),
            models.CheckConstraint(
                condition=~Q(employment_form="platform") | ~Q(platform_name=""),
                name="worker_platform_named",
            ),
        ]

    def __str__(self):
        return self.name

    def id_number(self) -> str:
        """The clear ID number. Callers show it only through ``services.unmask_worker``,
        which checks access and writes the audit entry."""
        return crypto.decrypt(self.id_number_enc)

    def mobile(self) -> str:
        return crypto.decrypt(self.mobile_enc) if self.mobile_enc else ""


class HonourQuerySet(ScopedQuerySet):
    """A worker's honours go with their roster record."""

    scope_path = "worker__org_path"

    def own_q(self, reach: Reach, user) -> Q:
        return Q(worker_id=reach.worker_id) if reach.worker_id else Q(pk__in=[])


class Honour(models.Model):
    """荣誉: 劳动模范, 五一劳动奖章, 工匠, 技术能手, 技能大师 — with level and year."""

    class Kind(models.TextChoices):
        MODEL_WORKER = "model_worker", _("劳动模范")
        MAY_DAY_MEDAL = "may_day", _("五一劳动奖章")
        CRAFTSMAN = "craftsman", _("工匠")
        TECH_EXPERT = "tech_expert", _("技术能手")
        SKILL_MASTER = "skill_master", _("技能大师")

    class Level(models.TextChoices):
        NATIONAL = "national", _("全国")
        PROVINCE = "province", _("省级")
        CITY = "city", _("市级")
        COUNTY = "county", _("县级")

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="honours")
    kind = models.CharField(_("荣誉类别"), max_length=14, choices=Kind.choices)
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices)
    title = models.CharField(_("称号"), max_length=50, blank=True, help_text=_("如 八闽工匠"))
    year = models.PositiveSmallIntegerField(_("年度"), validators=years())

    objects = HonourQuerySet.as_manager()

    class Meta:
        verbose_name = _("荣誉")
        verbose_name_plural = _("荣誉")
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "kind", "level", "year"], name="honour_once_per_year"
            )
        ]

    def __str__(self):
        return self.display()

    def display(self) -> str:
        if self.title:
            return f"{self.title}（{self.year}）"
        return f"{self.get_level_display()}{self.get_kind_display()}（{self.year}）"


class ImportJobQuerySet(ScopedQuerySet):
    """An import is its uploader's alone (it holds a file of other people's ID numbers, not a
    union's record); platform admins see all."""

    def visible_to(self, user):
        if reach_of(user).platform:
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(created_by=user)

    editable_by = visible_to


class ImportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        VALIDATING = "validating", _("校验中")
        INVALID = "invalid", _("有错误，未导入")
        READY = "ready", _("校验通过，待确认")
        IMPORTING = "importing", _("导入中")
        DONE = "done", _("已导入")
        FAILED = "failed", _("失败")
        CANCELLED = "cancelled", _("已取消")

    ACTIVE = (Status.QUEUED, Status.VALIDATING, Status.IMPORTING)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    created = models.DateTimeField(_("上传时间"), auto_now_add=True)
    finished = models.DateTimeField(_("完成时间"), null=True, blank=True)
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=200)
    file_kind = models.CharField(max_length=6, blank=True)
    # SHA-256 of the bytes the spreadsheet guard let through at validation: the confirm step
    # parses the same bytes without checking them again (a different file is checked afresh)
    checked_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    phase = models.CharField(max_length=40, blank=True)
    total_rows = models.PositiveIntegerField(_("行数"), default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    new_count = models.PositiveIntegerField(_("新增"), default=0)
    update_count = models.PositiveIntegerField(_("更新"), default=0)
    error_count = models.PositiveIntegerField(_("错误"), default=0)
    errors = models.JSONField(default=list, blank=True)  # [[row, column, message], …], capped
    preview = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    # Signs of life of whoever processes the job: the django-tasks result id (blank when the
    # request itself does the work) and the last time the processing wrote anything.
    task_id = models.CharField(max_length=64, blank=True)
    heartbeat = models.DateTimeField(_("最近进展"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.original_name}（{self.get_status_display()}）"

    @property
    def progress(self) -> int:
        if self.status in (self.Status.DONE, self.Status.READY, self.Status.INVALID):
            return 100
        if not self.total_rows:
            return 0
        return min(99, int(self.processed_rows * 100 / self.total_rows))

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def last_sign_of_life(self):
        return self.heartbeat or self.created
