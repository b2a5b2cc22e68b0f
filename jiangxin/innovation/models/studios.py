"""The studio registry: 劳模 / 工匠 / 技能大师 / 职工创新工作室, their members and the rule a lead
must meet for each kind.

A studio belongs to its host enterprise's union node (``organisation``, with ``org_path`` kept
on the row like ``Worker.org_path``): that node's subtree-above sees it and its admins change it;
its lead and current members see it too. The lead's honours are never stored here: they are read
from the roster (``workers.Honour``) whenever shown or checked. The state and the naming never
change on the studio's form: a batch's naming, the annual assessment and the recording of an
existing naming (登记既有命名) move them, each a logged step.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiangxin.accounts.access import Reach, ScopedQuerySet
from jiangxin.core import bounds
from jiangxin.core.validators import event_dates, in_range
from jiangxin.innovation import qualification
from jiangxin.workers.models import Honour, SkillLevel


class StudioQuerySet(ScopedQuerySet):
    """Seen by the host union's subtree-above, and by the studio's lead and current members."""

    scope_path = "org_path"

    def own_q(self, reach: Reach, user) -> Q:
        if not reach.worker_id:
            return Q(pk__in=[])
        members = StudioMember.objects.current().filter(worker_id=reach.worker_id)
        return Q(lead_id=reach.worker_id) | Q(pk__in=members.values("studio_id"))

    def named(self) -> StudioQuerySet:
        """Studios holding their name now (已命名); the registry's headline counts these."""
        return self.filter(state=Studio.State.NAMED)

    def public(self) -> StudioQuerySet:
        """What the public showcase lists: named studios only (not those under rectification,
        delisted or revoked, nor applications)."""
        return self.named()


class Studio(models.Model):
    class Kind(models.TextChoices):
        MODEL_WORKER = "model_worker", _("劳模创新工作室")
        CRAFTSMAN = "craftsman", _("工匠创新工作室")
        SKILL_MASTER = "skill_master", _("技能大师工作室")
        WORKER = "worker", _("职工创新工作室")

    class Level(models.TextChoices):
        """The level of the union that named it (a 泉州工匠创新工作室 is city level)."""

        NATIONAL = "national", _("全国级")
        PROVINCE = "province", _("省级")
        CITY = "city", _("市级")
        COUNTY = "county", _("县级")
        TOWN = "town", _("镇级")

    class State(models.TextChoices):
        APPLYING = "applying", _("申报中")
        NAMED = "named", _("已命名")
        RECTIFYING = "rectifying", _("整改中")
        DELISTED = "delisted", _("已摘牌")
        REVOKED = "revoked", _("已撤销")

    ENDED = (State.DELISTED, State.REVOKED)

    name = models.CharField(_("工作室名称"), max_length=100)
    kind = models.CharField(_("类别"), max_length=14, choices=Kind.choices)
    naming_level = models.CharField(_("命名级别"), max_length=10, choices=Level.choices)
    naming_body = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("命名单位"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("命名该工作室的工会；不在本平台的（如全国总工会）可不填"),
    )
    enterprise = models.ForeignKey(
        "organisations.Enterprise",
        verbose_name=_("依托企业"),
        on_delete=models.PROTECT,
        related_name="studios",
    )
    # The host enterprise's union node, and its path (scoping filters one table).
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("所属工会"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    org_path = models.CharField(max_length=255, editable=False)
    lead = models.ForeignKey(
        "workers.Worker",
        verbose_name=_("领办人"),
        on_delete=models.PROTECT,
        related_name="studios_led",
    )
    focus = models.TextField(_("研究方向"), max_length=1000)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    floor_area = models.DecimalField(
        _("场所面积（平方米）"),
        max_digits=8,
        decimal_places=1,
        null=True,
        blank=True,
        validators=in_range(bounds.FLOOR_AREA),
    )
    founded = models.DateField(_("成立日期"), validators=event_dates())
    plaque_number = models.CharField(
        _("牌匾编号"), max_length=40, blank=True, help_text=_("命名时颁发，唯一")
    )
    state = models.CharField(
        _("状态"), max_length=12, choices=State.choices, default=State.APPLYING
    )
    named_on = models.DateField(_("命名日期"), null=True, blank=True, validators=event_dates())
    delisted_on = models.DateField(
        _("摘牌（撤销）日期"), null=True, blank=True, validators=event_dates()
    )
    barred_until = models.DateField(
        _("不得再申报至"), null=True, blank=True, validators=event_dates()
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = StudioQuerySet.as_manager()

    class Meta:
        verbose_name = _("创新工作室")
        verbose_name_plural = _("创新工作室")
        ordering = ["org_path", "name", "pk"]
        indexes = [
            models.Index(
                fields=["org_path"], name="studio_org_path", opclasses=["varchar_pattern_ops"]
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["plaque_number"],
                condition=~Q(plaque_number=""),
                name="studio_unique_plaque",
            ),
            models.UniqueConstraint(fields=["enterprise", "name"], name="studio_unique_name"),
            models.CheckConstraint(
                condition=~Q(state="named") | Q(named_on__isnull=False),
                name="studio_named_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["delisted", "revoked"]) | Q(delisted_on__isnull=False),
                name="studio_ended_has_date",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.state in (self.State.NAMED, self.State.RECTIFYING) and not self.named_on:
            errors["named_on"] = _("已命名的工作室须填写命名日期")
        if self.state in self.ENDED and not self.delisted_on:
            errors["delisted_on"] = _("已摘牌或已撤销的工作室须填写摘牌（撤销）日期")
        if self.named_on and self.founded and self.named_on < self.founded:
            errors["named_on"] = _("命名日期不能早于成立日期")
        if self.delisted_on and self.named_on and self.delisted_on < self.named_on:
            errors["delisted_on"] = _("摘牌日期不能早于命名日期")
        if errors:
            raise ValidationError(errors)

    @property
    def is_current(self) -> bool:
        """Holds its name (named, or named and under rectification)."""
        return self.state in (self.State.NAMED, self.State.RECTIFYING)


class StudioMemberQuerySet(ScopedQuerySet):
    """A membership goes with its studio."""

    scope_path = "studio__org_path"

    def own_q(self, reach: Reach, user) -> Q:
        if not reach.worker_id:
            return Q(pk__in=[])
        return Q(studio__in=Studio.objects.filter(StudioQuerySet().own_q(reach, user)))

    def current(self) -> StudioMemberQuerySet:
        return self.filter(left__isnull=True)


class StudioMember(models.Model):
    """A worker in a studio's team. The lead is ``Studio.lead``, not a member row; leaving
    sets ``left`` (the history stays)."""

    class Role(models.TextChoices):
        CORE = "core", _("核心成员")
        MEMBER = "member", _("成员")
        ADVISER = "adviser", _("技术顾问")

    studio = models.ForeignKey(Studio, on_delete=models.CASCADE, related_name="members")
    worker = models.ForeignKey(
        "workers.Worker",
        verbose_name=_("职工"),
        on_delete=models.PROTECT,
        related_name="studio_memberships",
    )
    role = models.CharField(_("角色"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    joined = models.DateField(_("加入日期"), validators=event_dates())
    left = models.DateField(_("退出日期"), null=True, blank=True, validators=event_dates())

    objects = StudioMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("工作室成员")
        verbose_name_plural = _("工作室成员")
        ordering = ["role", "joined", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["studio", "worker"],
                condition=Q(left__isnull=True),
                name="studio_member_once",
            ),
            models.CheckConstraint(
                condition=Q(left__isnull=True) | Q(left__gte=models.F("joined")),
                name="studio_member_left_after_joined",
            ),
        ]

    def __str__(self):
        return f"{self.studio}：{self.worker}（{self.get_role_display()}）"


class LeadRule(models.Model):
    """The lead qualification of one kind of studio, as set on the 领办人资格规则 page
    (``services_lead_rules``). Without a row the issue's default holds
    (``qualification.DEFAULT_RULES``)."""

    class Match(models.TextChoices):
        ANY = qualification.ANY, _("具备其一即可")
        ALL = qualification.ALL, _("须全部具备")

    kind = models.CharField(
        _("工作室类别"), max_length=14, choices=Studio.Kind.choices, unique=True
    )
    honours = models.JSONField(
        _("可满足条件的荣誉"),
        default=list,
        blank=True,
        help_text=_(
            '任一即可，如 [{"kind": "model_worker", "min_level": "city"}]；为空则不要求荣誉'
        ),
    )
    match = models.CharField(
        _("荣誉条件的满足方式"), max_length=3, choices=Match.choices, default=Match.ANY
    )
    min_skill_level = models.PositiveSmallIntegerField(
        _("最低技能等级"), choices=SkillLevel.choices, default=SkillLevel.NONE
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("领办人资格规则")
        verbose_name_plural = _("领办人资格规则")
        ordering = ["kind"]

    def __str__(self):
        return self.get_kind_display()

    def clean(self):
        problems = qualification.problems_in(
            {"honours": self.honours, "match": self.match}, Honour.Kind.values
        )
        if problems:
            raise ValidationError({"honours": problems})

    def as_rule(self) -> qualification.Rule:
        return qualification.rule_from(
            {
                "honours": self.honours,
                "match": self.match,
                "min_skill_level": self.min_skill_level,
            }
        )

    @staticmethod
    def rule_for(kind: str) -> qualification.Rule:
        row = LeadRule.objects.filter(kind=kind).first()
        return row.as_rule() if row else qualification.DEFAULT_RULES.get(kind, qualification.Rule())


def names() -> qualification.Names:
    """The roster's words for the qualification messages."""
    return qualification.Names(
        honour_kinds={k: str(v) for k, v in Honour.Kind.choices},
        honour_levels={k: str(v) for k, v in Honour.Level.choices},
        skill_levels={k: str(v) for k, v in SkillLevel.choices},
        medals=frozenset({Honour.Kind.MAY_DAY_MEDAL.value}),
    )


def lead_verdict(kind: str, worker) -> qualification.Verdict:
    """Whether ``worker`` may lead a studio of ``kind``, from their roster record now."""
    held = [
        qualification.Held(kind=h.kind, level=h.level, label=h.display())
        for h in worker.honours.all()
    ]
    return qualification.qualify(LeadRule.rule_for(kind), held, worker.skill_level, names())
