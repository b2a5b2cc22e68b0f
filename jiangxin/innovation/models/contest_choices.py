"""The 五小 contest's fixed choices: the five categories (小发明 … 小建议), project types, benefit
kinds, the exclusions an edition blocks or warns on, and the levels of the chain (lowest first,
``LEVEL_RANK``). Re-exported by ``models.contest``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    INVENTION = "invention", _("小发明")
    CREATION = "creation", _("小创造")
    RENOVATION = "renovation", _("小革新")
    DESIGN = "design", _("小设计")
    SUGGESTION = "suggestion", _("小建议")


class BenefitKind(models.TextChoices):
    ENERGY = "energy", _("节能降耗")
    EQUIPMENT = "equipment", _("设备革新")
    PROCESS = "process", _("工艺改进")
    PRODUCT = "product", _("产品升级")
    SUGGESTION = "suggestion", _("合理化建议")


class ProjectType(models.TextChoices):
    TECHNICAL = "technical", _("技术创新类")
    MANAGEMENT = "management", _("管理创新类")
    SAFETY = "safety", _("安全环保类")
    SERVICE = "service", _("服务提升类")


class Exclusion(models.TextChoices):
    """What keeps a project out of the contest; the edition blocks or warns on each."""

    GOV_PLAN = "gov_plan", _("已列入政府科技计划")
    GOV_AWARD = "gov_award", _("已获政府奖励")
    SECRET = "secret", _("涉及商业秘密")
    NATIONAL_SECURITY = "national_security", _("涉及国家安全")
    IP_DISPUTE = "ip_dispute", _("存在知识产权纠纷")
    PAST_WINNER = "past_winner", _("往届“五小”获奖项目")
    WINDOW = "window", _("不在完成时间范围内")


class LevelKind(models.TextChoices):
    """A level of the chain, named by the union nodes that review at it."""

    ENTERPRISE = "enterprise", _("企业")
    TOWN = "town", _("乡镇（街道）")
    COUNTY = "county", _("县（市、区）")
    CITY = "city", _("设区市")
    PROVINCE = "province", _("省")


# Lowest first: a chain climbs this order.
LEVEL_RANK = {k: i for i, k in enumerate(LevelKind.values)}
BLOCK, WARN = "block", "warn"


def default_exclusion_modes() -> dict[str, str]:
    """Every exclusion blocks, except a past winner: the match by title and completers is a
    likeness, so it warns and the union judges."""
    return {code: (WARN if code == Exclusion.PAST_WINNER else BLOCK) for code in Exclusion.values}
