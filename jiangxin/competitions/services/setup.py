"""Setting a competition up: the competition with its components, the marking scheme's aspects
(grouped by criterion) and the judges' appointments. Only the organiser's admins may do any
of it; every write is validated (``full_clean``) before it is stored, and audited."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jiangxin.audit.models import AuditEntry
from jiangxin.audit.services import save_audited
from jiangxin.competitions import policies
from jiangxin.competitions.marking import (
    MarkingError,
    check_weights,
)
from jiangxin.competitions.models import (
    Aspect,
    Competition,
    Component,
    Criterion,
    JudgeAssignment,
)
from jiangxin.competitions.services._common import S, _log, _require_organiser
from jiangxin.organisations.models import Organisation

if TYPE_CHECKING:
    from jiangxin.accounts.models import User


@transaction.atomic
def create_competition(
    *,
    by: User,
    ip: str | None = None,
    organiser: Organisation,
    components: Sequence[dict],
    **fields,
) -> Competition:
    """A competition in draft, with its components (kind, name, weight, rule); the weights must
    add up to 100, and the eligible workers must be inside the organiser's subtree."""
    if not policies.can_organise_for(by, organiser):
        raise PermissionDenied(_("您没有以该工会名义主办竞赛的权限"))
    try:
        check_weights({c["kind"]: c["weight"] for c in components})
    except MarkingError as err:
        raise ValidationError({"components": str(err)}) from None
    root = fields.setdefault("eligible_root", organiser)
    if not root.path.startswith(organiser.path):
        raise ValidationError({"eligible_root": _("参赛范围须在主办单位及其下属组织之内")})
    competition = save_audited(
        Competition(organiser=organiser, **fields), by=by, ip=ip, org_path=organiser.path
    )
    for order, spec in enumerate(components):
        component = Component(competition=competition, order=order, **spec)
        component.full_clean()
        component.save()
    return competition


@transaction.atomic
def add_aspect(
    *,
    by: User,
    ip: str | None = None,
    component: Component,
    criterion: str,
    kind: str,
    description: str,
    max_mark,
    descriptors: Sequence[str] = (),
) -> Aspect:
    """Add an aspect to a component's marking scheme (before the competition starts)."""
    competition = Competition.objects.select_for_update().get(pk=component.competition_id)
    _require_organiser(by, competition)
    if competition.status not in (S.DRAFT, S.OPEN, S.CLOSED, S.DRAWN):
        raise ValidationError(_("比赛开始后不能修改评分标准"))
    if kind == Aspect.Kind.JUDGEMENT and len(descriptors) != 4:
        raise ValidationError(_("评价分须为 0、1、2、3 四个分档各写一条描述"))
    crit, _created = Criterion.objects.get_or_create(
        component=component, name=criterion.strip(), defaults={"order": component.criteria.count()}
    )
    aspect = Aspect(
        criterion=crit,
        kind=kind,
        description=description.strip(),
        max_mark=max_mark,
        descriptors=list(descriptors),
        order=crit.aspects.count(),
    )
    aspect.full_clean()
    aspect.save()
    return aspect


@transaction.atomic
def appoint_judge(
    *,
    by: User,
    ip: str | None = None,
    competition: Competition,
    user,
    role: str = JudgeAssignment.Role.JUDGE,
    component: Component | None = None,
    stations: Sequence[int] = (),
) -> JudgeAssignment:
    _require_organiser(by, competition)
    assignment = JudgeAssignment(
        competition=competition,
        user=user,
        role=role,
        component=component,
        stations=sorted({int(s) for s in stations}),
    )
    assignment.full_clean()
    assignment.save()
    _log(
        competition,
        by=by,
        ip=ip,
        action=AuditEntry.Action.CREATE,
        obj=assignment,
        object_repr=f"{competition.title}：{user}（{assignment.get_role_display()}）",
    )
    return assignment
