"""Setting a competition up: the competition with its components, the marking scheme's aspects
(grouped by criterion) and the judges' appointments. Only the organiser's admins may do any
of it; every write is validated (``full_clean``) before it is stored, and audited."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from jiangxin.audit.services import delete_audited, diff, save_audited
from jiangxin.competitions import lifecycle, policies
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
from jiangxin.competitions.services._common import _require_organiser
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
    competition = Competition(organiser=organiser, **fields)
    if errors := lifecycle.window_errors(competition):
        raise ValidationError(errors)
    competition = save_audited(competition, by=by, ip=ip, org_path=organiser.path)
    for order, spec in enumerate(components):
        component = Component(competition=competition, order=order, **spec)
        component.full_clean()
        component.save()
    return competition


def _locked(competition: Competition) -> Competition:
    return (
        Competition.objects.select_for_update().select_related("organiser").get(pk=competition.pk)
    )


def _refuse(reason: str | None) -> None:
    if reason:
        raise ValidationError(reason)


@transaction.atomic
def update_competition(
    *, by: User, ip: str | None = None, competition: Competition, **fields
) -> Competition:
    """Change the competition's own fields, until registration opens."""
    competition = _locked(competition)
    _require_organiser(by, competition)
    _refuse(lifecycle.competition_frozen(competition))
    if "organiser" in fields and not policies.can_organise_for(by, fields["organiser"]):
        raise PermissionDenied(_("您没有以该工会名义主办竞赛的权限"))
    before = {k: getattr(competition, k) for k in fields}
    for key, value in fields.items():
        setattr(competition, key, value)
    root = competition.eligible_root
    if not root.path.startswith(competition.organiser.path):
        raise ValidationError({"eligible_root": _("参赛范围须在主办单位及其下属组织之内")})
    errors = lifecycle.schedule_errors(competition)
    if errors:
        raise ValidationError(errors)
    return save_audited(
        competition,
        by=by,
        ip=ip,
        org_path=competition.organiser.path,
        changes=diff(before, fields),
    )


@transaction.atomic
def delete_competition(*, by: User, ip: str | None = None, competition: Competition) -> None:
    """Delete a draft competition with its components, scheme and judges."""
    competition = _locked(competition)
    _require_organiser(by, competition)
    _refuse(lifecycle.deletion_refused(competition))
    delete_audited(competition, by=by, ip=ip, org_path=competition.organiser.path)


@transaction.atomic
def set_weights(
    *, by: User, ip: str | None = None, competition: Competition, weights: Mapping[int, int]
) -> list[Component]:
    """Change the components' weights (component id → %), until the draw; they add up to 100."""
    competition = _locked(competition)
    _require_organiser(by, competition)
    _refuse(lifecycle.components_frozen(competition))
    components = list(competition.components.all())
    try:
        check_weights({c.kind: weights.get(c.pk, c.weight) for c in components})
    except MarkingError as err:
        raise ValidationError({"__all__": str(err)}) from None
    for component in components:
        new = weights.get(component.pk, component.weight)
        if new != component.weight:
            before = component.weight
            component.weight = new
            save_audited(
                component,
                by=by,
                ip=ip,
                org_path=competition.organiser.path,
                changes={"weight": [before, new]},
            )
    return components


def scheme_total(component: Component) -> Decimal:
    return sum(
        (a.max_mark for a in Aspect.objects.filter(criterion__component=component)), Decimal(0)
    )


def scaling_note(total: Decimal) -> str:
    """How a component's aspect maxima become its score out of 100: "实操合计 160 / 100"."""
    total = Decimal(total)
    if total <= 0:
        return _("还没有评分要点")
    if total == 100:
        return _("合计 100 / 100，得分即为该项目成绩")
    return _("合计 {total} / 100：选手得分将乘以 100 ÷ {total} = {factor} 折算为百分制").format(
        total=f"{total.normalize():f}",
        factor=f"{(Decimal(100) / total).quantize(Decimal('0.0001')).normalize():f}",
    )


def _check_aspect(
    component: Component,
    *,
    kind: str,
    descriptors: Sequence[str],
    criterion: str,
    description: str,
    exclude: int | None = None,
) -> None:
    errors: dict[str, list[str]] = {}
    if kind == Aspect.Kind.JUDGEMENT:
        if len(descriptors) != 4:
            raise ValidationError(_("评价分须为 0、1、2、3 四个分档各写一条描述"))
        for level, text in enumerate(descriptors):
            if not str(text).strip():
                errors[f"level{level}"] = [
                    _("请写出 {level} 分档的描述：裁判据此打分").format(level=level)
                ]
    same = Aspect.objects.filter(
        criterion__component=component,
        criterion__name=criterion.strip(),
        description=description.strip(),
    )
    if exclude:
        same = same.exclude(pk=exclude)
    if same.exists():
        errors["description"] = [
            _("“{criterion}”下已有评分要点“{description}”，请换一个名称或修改原有要点").format(
                criterion=criterion.strip(), description=description.strip()
            )
        ]
    if errors:
        raise ValidationError(errors)


def _component_for_scheme(component: Component) -> tuple[Competition, Component]:
    competition = _locked(component.competition)
    component = Component.objects.get(pk=component.pk)
    return competition, component


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
    """Add an aspect to a component's marking scheme, until the component's first score."""
    competition, component = _component_for_scheme(component)
    _require_organiser(by, competition)
    _refuse(lifecycle.scheme_frozen(component))
    _check_aspect(
        component, kind=kind, descriptors=descriptors, criterion=criterion, description=description
    )
    crit, _created = Criterion.objects.get_or_create(
        component=component, name=criterion.strip(), defaults={"order": component.criteria.count()}
    )
    aspect = Aspect(
        criterion=crit,
        kind=kind,
        description=description.strip(),
        max_mark=max_mark,
        descriptors=[d.strip() for d in descriptors] if kind == Aspect.Kind.JUDGEMENT else [],
        order=crit.aspects.count(),
    )
    return save_audited(aspect, by=by, ip=ip, org_path=competition.organiser.path)


@transaction.atomic
def update_aspect(
    *,
    by: User,
    ip: str | None = None,
    aspect: Aspect,
    criterion: str,
    kind: str,
    description: str,
    max_mark,
    descriptors: Sequence[str] = (),
) -> Aspect:
    """Change an aspect (its criterion, text, maximum or descriptors), until the first score."""
    aspect = Aspect.objects.select_related("criterion__component").get(pk=aspect.pk)
    competition, component = _component_for_scheme(aspect.criterion.component)
    _require_organiser(by, competition)
    _refuse(lifecycle.scheme_frozen(component))
    _check_aspect(
        component,
        kind=kind,
        descriptors=descriptors,
        criterion=criterion,
        description=description,
        exclude=aspect.pk,
    )
    before = {
        "criterion": aspect.criterion.name,
        "kind": aspect.kind,
        "description": aspect.description,
        "max_mark": str(aspect.max_mark),
        "descriptors": aspect.descriptors,
    }
    old_criterion = aspect.criterion
    if criterion.strip() != old_criterion.name:
        aspect.criterion, _created = Criterion.objects.get_or_create(
            component=component,
            name=criterion.strip(),
            defaults={"order": component.criteria.count()},
        )
    aspect.kind = kind
    aspect.description = description.strip()
    aspect.max_mark = max_mark
    aspect.descriptors = [d.strip() for d in descriptors] if kind == Aspect.Kind.JUDGEMENT else []
    after = {
        "criterion": aspect.criterion.name,
        "kind": aspect.kind,
        "description": aspect.description,
        "max_mark": str(Decimal(aspect.max_mark).quantize(Decimal("0.01"))),
        "descriptors": aspect.descriptors,
    }
    save_audited(
        aspect, by=by, ip=ip, org_path=competition.organiser.path, changes=diff(before, after)
    )
    if old_criterion.pk != aspect.criterion_id and not old_criterion.aspects.exists():
        old_criterion.delete()
    return aspect


@transaction.atomic
def delete_aspect(*, by: User, ip: str | None = None, aspect: Aspect) -> None:
    """Remove an aspect from the scheme, until the component's first score."""
    aspect = Aspect.objects.select_related("criterion__component").get(pk=aspect.pk)
    competition, component = _component_for_scheme(aspect.criterion.component)
    _require_organiser(by, competition)
    _refuse(lifecycle.scheme_frozen(component))
    criterion = aspect.criterion
    delete_audited(aspect, by=by, ip=ip, org_path=competition.organiser.path)
    if not criterion.aspects.exists():
        criterion.delete()


def recusals(competition: Competition, user, component: Component | None, stations) -> list[str]:
    """执裁回避, checked when a judge is appointed or changed after the draw: the drawn entries at
    the judge's stations that the judge may not mark, with the reason."""
    from jiangxin.competitions.services.judging import exclusion_reason

    entries = competition.entries.exclude(code="").select_related(
        "worker", "delegation__organisation"
    )
    if stations:
        entries = entries.filter(order__in=list(stations))
    out = []
    for entry in entries.order_by("order"):
        reason = exclusion_reason(user, entry)
        if reason:
            out.append(_("{code}：{reason}").format(code=entry.code, reason=reason))
    return out


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
    """Appoint a judge to a component (or all), until its lock; once only per component."""
    competition = _locked(competition)
    _require_organiser(by, competition)
    _refuse(lifecycle.judges_frozen(competition, component))
    # An appointment overlapping one in the same role is refused: the same component, or
    # "all components" against a single one (either way). A chief judge may in addition be
    # appointed as a judge of a component (to score it).
    same = JudgeAssignment.objects.filter(competition=competition, user=user).select_related(
        "component"
    )
    if component is not None:
        same = same.filter(Q(component=component) | Q(component__isnull=True))
    existing = next(
        (a for a in same if a.role == role or a.component_id == getattr(component, "pk", None)),
        None,
    )
    if existing is not None:
        raise ValidationError(
            {
                "username": _("{name}已是{part}的裁判；要改角色或工位，请先移除原聘任").format(
                    name=user,
                    part=existing.component.name if existing.component else _("全部项目"),
                )
            }
        )
    assignment = JudgeAssignment(
        competition=competition,
        user=user,
        role=role,
        component=component,
        stations=sorted({int(s) for s in stations}),
    )
    assignment.full_clean(validate_unique=False, validate_constraints=False)
    return save_audited(
        assignment,
        by=by,
        ip=ip,
        clean=False,
        org_path=competition.organiser.path,
        object_repr=f"{competition.title}：{user}（{assignment.get_role_display()}）",
        # appointed at the same moment in another tab
        duplicate=ValidationError({"username": _("{name}已是该项目的裁判").format(name=user)}),
    )


@transaction.atomic
def remove_judge(*, by: User, ip: str | None = None, assignment: JudgeAssignment) -> None:
    """Withdraw a judge's appointment, until the component's lock. Marks already given stay."""
    assignment = JudgeAssignment.objects.select_related("competition", "component", "user").get(
        pk=assignment.pk
    )
    competition = _locked(assignment.competition)
    _require_organiser(by, competition)
    _refuse(lifecycle.judges_frozen(competition, assignment.component))
    delete_audited(assignment, by=by, ip=ip, org_path=competition.organiser.path)
