"""Matching runs: the candidates of a scope, the matcher's proposal kept as a ``MatchRun``, and
accepting all, some or edited choices of it as pair proposals."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.audit.models import AuditEntry
from jiangxin.audit.services import record
from jiangxin.mentoring import eligibility, matching, policies
from jiangxin.mentoring.models import Exclusion, MatchRun, Pair, Preference, Programme
from jiangxin.mentoring.services.pairs import master_rules, person, propose_pair
from jiangxin.organisations.models import Organisation
from jiangxin.workers.models import SkillLevel, Worker

if TYPE_CHECKING:
    from jiangxin.accounts.models import User


def eligible_masters(
    programme: Programme, *, within: Organisation | None = None, exclude: Worker | None = None
) -> list[Worker]:
    """The workers the programme's rules make masters (places left or not), inside ``within``
    (default: the programme's whole area). The database narrows to level or honour; the rules
    (years of service too) decide."""
    today = timezone.localdate()
    rules = master_rules(programme)
    area = (within or programme.organisation).path
    candidates = (
        Worker.objects.filter(org_path__startswith=area)
        .filter(
            Q(skill_level__gte=programme.master_min_level)
            | Q(honours__kind__in=programme.master_honours)
        )
        .distinct()
        .select_related("enterprise", "occupation")
        .prefetch_related("honours")
        .order_by("name")
    )
    return [
        w
        for w in candidates
        if (exclude is None or w.pk != exclude.pk)
        and not eligibility.master_problems(rules, person(w), today)
    ]


def _candidates(programme: Programme, scope: Organisation):
    """Apprentices (targeted posts, no current master, not masters themselves) and masters
    (eligible, places left) inside ``scope``; and the apprentices left out with the reason."""
    current = set(Pair.objects.current().values_list("apprentice_id", flat=True))
    load: dict[int, int] = {}
    for master_id in Pair.objects.current().values_list("master_id", flat=True):
        load[master_id] = load.get(master_id, 0) + 1
    prefs: dict[int, list[int]] = {}
    for a_id, m_id in Preference.objects.filter(programme=programme).values_list(
        "apprentice_id", "master_id"
    ):
        prefs.setdefault(a_id, []).append(m_id)
    eligible = eligible_masters(programme, within=scope)
    masters = [
        matching.Master(
            w.pk,
            w.name,
            w.occupation.code,
            w.skill_level,
            w.enterprise_id,
            w.workshop,
            programme.capacity - load.get(w.pk, 0),
            load.get(w.pk, 0),
        )
        for w in eligible
        if w.occupation and programme.capacity > load.get(w.pk, 0)
    ]
    apprentices, left_out = [], {}
    for w in (
        Worker.objects.filter(org_path__startswith=scope.path, post_category__in=programme.posts)
        .exclude(pk__in=current | {m.pk for m in eligible})
        .select_related("occupation")
    ):
        if not w.occupation:
            left_out[w.pk] = _("名册中没有职业（工种）")
            continue
        apprentices.append(
            matching.Apprentice(
                w.pk,
                w.name,
                w.occupation.code,
                w.skill_level,
                w.enterprise_id,
                w.workshop,
                prefs.get(w.pk, [])[:3],
            )
        )
    return apprentices, masters, left_out


def _exclusions() -> set[tuple[int, int]]:
    """Pairs that must not be formed: declared exclusions, and an apprentice with the master
    they failed under."""
    pairs = set(Exclusion.objects.values_list("first_id", "second_id"))
    pairs |= set(
        Pair.objects.filter(status=Pair.Status.FAILED).values_list("apprentice_id", "master_id")
    )
    return pairs


@transaction.atomic
def run_matching(
    *,
    by: User,
    ip: str | None = None,
    programme: Programme,
    scope: Organisation,
    cross_enterprise: bool = False,
) -> MatchRun:
    """Propose the best pairs for everyone in ``scope`` at once (kept for the admin to
    accept all, some, or edited)."""
    programme = Programme.objects.select_related("organisation").get(pk=programme.pk)
    if not scope.path.startswith(programme.organisation.path):
        raise ValidationError(_("匹配范围须在{org}之内").format(org=programme.organisation))
    if not policies.can_run_matching(by, programme, scope):
        raise PermissionDenied(_("只能在本单位及下级单位范围内匹配"))
    apprentices, masters, left_out = _candidates(programme, scope)
    result = matching.propose(
        apprentices,
        masters,
        excluded=_exclusions(),
        cross_enterprise=cross_enterprise,
        weights=matching.Weights(**programme.weights),
        level_names={v: str(label) for v, label in SkillLevel.choices},
    )
    run = MatchRun.objects.create(
        programme=programme,
        scope=scope,
        cross_enterprise=cross_enterprise,
        proposal=[
            {"apprentice": p.apprentice, "master": p.master, "cost": p.cost, "reasons": p.reasons}
            for p in result.pairs
        ],
        unpaired={str(k): v for k, v in {**left_out, **result.unpaired}.items()},
        cost=result.cost,
        created_by=by,
    )
    record(
        action=AuditEntry.Action.CREATE,
        actor=by,
        ip=ip,
        obj=run,
        org_path=scope.path,
        changes={"proposed": len(result.pairs), "unpaired": len(run.unpaired)},
    )
    return run


@transaction.atomic
def accept_matching(
    *,
    by: User,
    ip: str | None = None,
    run: MatchRun,
    choices: dict[int, int],
    starts_on: datetime.date,
) -> list[Pair]:
    """The admin's choice — apprentice id → master id, the proposal's or an edited one — becomes
    pair proposals for the unions to approve. All of them, or none; a run is accepted once (the
    run's row is locked, so a second click waits and is then refused)."""
    run = MatchRun.objects.select_for_update().select_related("programme", "scope").get(pk=run.pk)
    if run.accepted_at:
        raise ValidationError(_("该匹配方案已经采纳过了"))
    if not policies.can_accept_matching(by, run):
        raise PermissionDenied(_("只能采纳本单位范围内的匹配方案"))
    if not choices:
        raise ValidationError(_("请至少选择一对"))
    workers = Worker.objects.in_bulk([*choices.keys(), *choices.values()])
    pairs = []
    for apprentice_id, master_id in choices.items():
        apprentice, master = workers.get(apprentice_id), workers.get(master_id)
        if apprentice is None or master is None:
            raise ValidationError(_("所选职工不存在"))
        pairs.append(
            propose_pair(
                by=by,
                ip=ip,
                programme=run.programme,
                master=master,
                apprentice=apprentice,
                starts_on=starts_on,
            )
        )
    run.accepted_at = timezone.now()
    run.save(update_fields=["accepted_at"])
    return pairs
