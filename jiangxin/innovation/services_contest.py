"""The 五小 contest's editions: opening one (with the default chain of levels, review form and
prize tiers when none is given), editing it, and the figures each level reads from the records
(收到申报项目共计 N 个, by category and by enterprise). The applications' services are in
``services_contest_applications``. Each function takes the acting user (``by``) and their address
(``ip``), runs in one transaction, asks ``policies_contest`` and stores through ``save_audited``;
it refuses with a Chinese ``ValidationError`` (by field where there is one) or
``PermissionDenied`` — and then nothing is written."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jiangxin.accounts.access import path_and_ancestors, reach_of
from jiangxin.audit.services import save_audited
from jiangxin.innovation import policies_contest as policies
from jiangxin.innovation.models import (
    Category,
    ContestApplication,
    ContestEdition,
    Criterion,
    EditionLevel,
    LevelKind,
    PrizeTier,
    Review,
)
from jiangxin.innovation.models.contest import LEVEL_RANK
from jiangxin.organisations.models import Organisation

if TYPE_CHECKING:
    from jiangxin.accounts.models import User

# The review form's default (the five criteria), weights summing to 100.
DEFAULT_CRITERIA: tuple[tuple[str, int, str], ...] = (
    (
        gettext_noop("创新性"),
        30,
        gettext_noop("首创或对现有方法有实质改进得高分；仿制、简单替换得低分"),
    ),
    (gettext_noop("先进性"), 20, gettext_noop("技术或管理水平在行业、地区内领先程度")),
    (gettext_noop("实用性"), 20, gettext_noop("已在生产中应用、操作简便、可靠程度")),
    (
        gettext_noop("经济/社会效益"),
        20,
        gettext_noop("按申报年度效益（万元）及安全、环保、质量改善综合评定"),
    ),
    (gettext_noop("推广价值"), 10, gettext_noop("可在本企业其他岗位或同行业推广的范围")),
)
# 2022 provincial tiers: 300 一等 at ¥2,000, 500 二等 at ¥1,000, 1,200 三等 at ¥500.
PROVINCIAL_TIERS: tuple[tuple[str, int, int], ...] = (
    (gettext_noop("一等奖"), 300, 2000),
    (gettext_noop("二等奖"), 500, 1000),
    (gettext_noop("三等奖"), 1200, 500),
)
# Below the province the same amounts, a hundredth of the places (the organiser edits them).
LOCAL_TIERS: tuple[tuple[str, int, int], ...] = (
    (gettext_noop("一等奖"), 3, 2000),
    (gettext_noop("二等奖"), 5, 1000),
    (gettext_noop("三等奖"), 12, 500),
)
LEVEL_DAYS = 30  # the default gap between one level's deadline and the next


@dataclass
class LevelSpec:
    level: str
    deadline: datetime.date
    mode: str = EditionLevel.Mode.REVIEW
    quota_kind: str = EditionLevel.Quota.SHARE
    quota: int | None = None
    reviews_per_application: int = 3
    max_load: int = 30
    extra: dict[str, Any] = field(default_factory=dict)


def organiser_level(organisation: Organisation) -> str:
    """The level the organiser reviews at (its own kind), or "" for a node that cannot
    organise (an enterprise union, a national federation)."""
    kind = organisation.kind
    return kind if kind in LEVEL_RANK and kind != LevelKind.ENTERPRISE else ""


def default_levels(organisation: Organisation, start: datetime.date) -> list[LevelSpec]:
    """Every level from the enterprise up to the organiser: the enterprise endorses all it
    approves of, each level between reviews and recommends half of what it received, the
    organiser reviews and awards by the prize tiers; deadlines a month apart."""
    top = LEVEL_RANK[organiser_level(organisation)]
    specs = []
    for rank, kind in enumerate(LevelKind.values[: top + 1]):
        deadline = start + datetime.timedelta(days=LEVEL_DAYS * (rank + 1))
        if kind == LevelKind.ENTERPRISE:
            specs.append(LevelSpec(kind, deadline, mode=EditionLevel.Mode.ENDORSE))
        elif rank == top:
            specs.append(LevelSpec(kind, deadline))
        else:
            specs.append(LevelSpec(kind, deadline, quota=50))
    return specs


def default_tiers(organisation: Organisation) -> tuple[tuple[str, int, int], ...]:
    return PROVINCIAL_TIERS if organisation.kind == Organisation.Kind.PROVINCE else LOCAL_TIERS


def _check_levels(organisation: Organisation, levels: Sequence[LevelSpec]) -> None:
    top = organiser_level(organisation)
    kinds = [spec.level for spec in levels]
    if not kinds or kinds[0] != LevelKind.ENTERPRISE or kinds[-1] != top:
        raise ValidationError(
            {
                "levels": _("评审层级须从企业开始、到主办单位本级（{level}）结束").format(
                    level=LevelKind(top).label if top else "—"
                )
            }
        )
    problems = []
    for before, after in zip(levels, levels[1:], strict=False):
        if LEVEL_RANK[after.level] <= LEVEL_RANK[before.level]:
            problems.append(_("评审层级须自下而上排列，每级只出现一次"))
        elif after.deadline < before.deadline:
            problems.append(
                _("{upper}的截止日期不能早于{lower}的（{day}）").format(
                    upper=LevelKind(after.level).label,
                    lower=LevelKind(before.level).label,
                    day=before.deadline,
                )
            )
    for spec in levels:
        share = spec.quota_kind == EditionLevel.Quota.SHARE
        if share and spec.quota is not None and not 1 <= spec.quota <= 100:
            problems.append(
                _("{level}的推荐比例应在 1–100% 之间").format(level=LevelKind(spec.level).label)
            )
    if problems:
        raise ValidationError({"levels": list(dict.fromkeys(problems))})


def _check_criteria(criteria: Sequence[tuple[str, int, str]]) -> None:
    if not criteria:
        raise ValidationError({"criteria": _("请至少设一项评审指标")})
    names = [n for n, _w, _d in criteria]
    if len(set(names)) != len(names):
        raise ValidationError({"criteria": _("评审指标名称不能重复")})
    total = sum(w for _n, w, _d in criteria)
    if total != 100:
        raise ValidationError(
            {"criteria": _("评审指标权重合计应为 100%，现为 {n}%").format(n=total)}
        )


def _check_tiers(tiers: Sequence[tuple[str, int, Any]]) -> None:
    if not tiers:
        raise ValidationError({"tiers": _("请至少设一个奖项等级")})
    names = [n for n, _c, _a in tiers]
    if len(set(names)) != len(names):
        raise ValidationError({"tiers": _("奖项名称不能重复")})


def _store_children(edition, levels, criteria, tiers) -> None:
    if levels is not None:
        kept = {lv.level: lv for lv in edition.levels.all()}
        # orders move up out of the way first, so the unique (edition, order) holds throughout
        for lv in kept.values():
            lv.order += 100
            lv.save(update_fields=["order"])
        for order, spec in enumerate(levels):
            row = kept.pop(spec.level, None) or EditionLevel(edition=edition, level=spec.level)
            row.order = order
            row.deadline = spec.deadline
            row.mode = (
                EditionLevel.Mode.ENDORSE if spec.level == LevelKind.ENTERPRISE else spec.mode
            )
            row.quota_kind = spec.quota_kind
            row.quota = spec.quota
            row.reviews_per_application = spec.reviews_per_application
            row.max_load = spec.max_load
            row.full_clean(exclude=["edition"])
            row.save()
        for row in kept.values():
            row.delete()
    if criteria is not None:
        edition.criteria.all().delete()
        for order, (name, weight, descriptors) in enumerate(criteria):
            row = Criterion(
                edition=edition, name=name, weight=weight, descriptors=descriptors, order=order
            )
            row.full_clean(exclude=["edition"])
            row.save()
    if tiers is not None:
        edition.tiers.all().delete()
        for order, (name, count, amount) in enumerate(tiers):
            row = PrizeTier(
                edition=edition, name=name, count=count, amount=Decimal(amount), order=order
            )
            row.full_clean(exclude=["edition"])
            row.save()


def _words(levels, criteria, tiers) -> dict[str, list[str]]:
    out = {}
    if levels is not None:
        out["levels"] = [
            f"{LevelKind(s.level).label} {s.deadline} {s.mode} {s.quota_kind}:{s.quota}"
            for s in levels
        ]
    if criteria is not None:
        out["criteria"] = [f"{n} {w}%" for n, w, _d in criteria]
    if tiers is not None:
        out["tiers"] = [f"{n} {c}×{a}" for n, c, a in tiers]
    return out


@transaction.atomic
def open_edition(
    *,
    by: User,
    ip: str | None = None,
    organisation: Organisation,
    year: int,
    title: str,
    levels: Sequence[LevelSpec] | None = None,
    criteria: Sequence[tuple[str, int, str]] = DEFAULT_CRITERIA,
    tiers: Sequence[tuple[str, int, Any]] | None = None,
    start: datetime.date | None = None,
    **fields: Any,
) -> ContestEdition:
    """Open ``organisation``'s edition of ``year``: without ``levels`` every level from the
    enterprise up to the organiser (``default_levels``, deadlines a month apart from ``start``);
    the five default criteria; the prize tiers of the organiser's kind (``default_tiers``)."""
    if not policies.can_open_edition(by, organisation):
        raise PermissionDenied(_("只有本级总工会（镇及以上）的管理员可以举办大赛"))
    if not organiser_level(organisation):
        raise ValidationError({"organisation": _("大赛由乡镇（街道）至省级总工会举办")})
    if levels is None:
        from django.utils import timezone

        levels = default_levels(organisation, start or timezone.localdate())
    tiers = default_tiers(organisation) if tiers is None else tiers
    _check_levels(organisation, levels)
    _check_criteria(criteria)
    _check_tiers(tiers)
    edition = ContestEdition(
        organisation=organisation,
        org_path=organisation.path,
        year=year,
        title=title.strip(),
        opened_by=by,
        **fields,
    )
    save_audited(
        edition,
        by=by,
        ip=ip,
        org_path=edition.org_path,
        changes=_words(levels, criteria, tiers),
        duplicate=ValidationError({"year": _("本工会已举办该年度的大赛")}),
    )
    _store_children(edition, levels, criteria, tiers)
    return edition


def levels_frozen(edition: ContestEdition) -> str:
    """The chain's levels are fixed once an application has been submitted (each carries its
    level); their deadlines, quotas and modes may still change."""
    if edition.applications.exclude(state=ContestApplication.State.DRAFT).exists():
        return _("已有项目提交，评审层级不能增减（截止日期、限额和方式仍可调整）")
    return ""


def criteria_frozen(edition: ContestEdition) -> str:
    if Review.objects.filter(assignment__level__edition=edition).exists():
        return _("已有专家评审，评审指标不能再修改")
    return ""


@transaction.atomic
def update_edition(
    *,
    by: User,
    ip: str | None = None,
    edition: ContestEdition,
    levels: Sequence[LevelSpec] | None = None,
    criteria: Sequence[tuple[str, int, str]] | None = None,
    tiers: Sequence[tuple[str, int, Any]] | None = None,
    **fields: Any,
) -> ContestEdition:
    """Change the edition's settings, its levels, review form and prize tiers (each given
    replaces what was there), within what has frozen (``levels_frozen``, ``criteria_frozen``)."""
    edition = ContestEdition.objects.select_for_update().get(pk=edition.pk)
    if not policies.can_edit_edition(by, edition):
        raise PermissionDenied(_("由主办单位的管理员修改大赛设置"))
    if levels is not None:
        _check_levels(edition.organisation, levels)
        before = list(edition.levels.values_list("level", flat=True))
        if [s.level for s in levels] != before and (frozen := levels_frozen(edition)):
            raise ValidationError({"levels": frozen})
    if criteria is not None:
        _check_criteria(criteria)
        current = [(c.name, c.weight, c.descriptors) for c in edition.criteria.all()]
        if list(criteria) != current and (frozen := criteria_frozen(edition)):
            raise ValidationError({"criteria": frozen})
    if tiers is not None:
        _check_tiers(tiers)
    changes = _words(levels, criteria, tiers)
    for name, value in fields.items():
        old = getattr(edition, name)
        if old != value:
            changes[name] = [str(old), str(value)]
            setattr(edition, name, value)
    save_audited(
        edition,
        by=by,
        ip=ip,
        org_path=edition.org_path,
        changes=changes,
        duplicate=ValidationError({"year": _("本工会已举办该年度的大赛")}),
    )
    _store_children(edition, levels, criteria, tiers)
    return edition


# --- what each level received ---------------------------------------------------------------


def viewer_level(user: Any, edition: ContestEdition) -> tuple[EditionLevel | None, str]:
    """The level whose figures the viewer reads, and the path of the scope: the organiser's
    staff (and above) the top level over the whole edition; a union inside the subtree the
    highest level of the chain at or below their node, over their subtree."""
    reach = reach_of(user)
    levels = list(edition.levels.all())
    if not levels:
        return None, edition.org_path
    if reach.platform or any(edition.org_path.startswith(p) for p in reach.view_paths):
        return levels[-1], edition.org_path
    inside = sorted((p for p in reach.view_paths if p.startswith(edition.org_path)), key=len)
    if not inside:
        return None, edition.org_path
    path = inside[0]
    node = Organisation.objects.filter(path=path).first()
    rank = LEVEL_RANK.get(node.kind, 0) if node else 0
    fitting = [lv for lv in levels if lv.rank <= rank]
    return (fitting[-1] if fitting else levels[0]), path


def received(user: Any, edition: ContestEdition) -> dict[str, Any]:
    """收到申报项目共计 N 个 at the viewer's level (``viewer_level``), computed from the rows:
    the applications in the scope that reached the level, with counts by category and by
    enterprise (the same total three ways)."""
    level, path = viewer_level(user, edition)
    if level is None:
        return {"level": None, "total": 0, "by_category": [], "by_enterprise": []}
    rows = (
        ContestApplication.objects.visible_to(user)
        .received_at(level)
        .filter(org_path__startswith=path)
    )
    names = dict(Category.choices)
    by_category = {
        r["category"]: r["n"] for r in rows.values("category").order_by().annotate(n=Count("pk"))
    }
    by_enterprise = list(
        rows.values("enterprise__name")
        .order_by()
        .annotate(n=Count("pk"))
        .order_by("-n", "enterprise__name")
    )
    return {
        "level": level,
        "total": sum(by_category.values()),
        "by_category": [(str(names[c]), by_category.get(c, 0)) for c in Category.values],
        "by_enterprise": [(r["enterprise__name"], r["n"]) for r in by_enterprise],
    }


def level_node(application: ContestApplication, level: EditionLevel) -> Organisation | None:
    """The node that handles ``application`` at ``level``: the applying union itself at the
    enterprise level, else its ancestor of the level's kind (None when the branch has no node
    of that kind — e.g. an enterprise directly under a county: its application skips the
    town level)."""
    if level.level == LevelKind.ENTERPRISE:
        return application.union
    return (
        Organisation.objects.filter(
            path__in=path_and_ancestors(application.org_path), kind=level.level
        )
        .order_by("-depth")
        .first()
    )
