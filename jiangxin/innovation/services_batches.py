"""A naming batch up to its decisions: opening it, applying with materials, endorsing, the
experts' scores and the decision. Each function takes the acting user (``by``) and their address
(``ip``), runs in one transaction, asks ``policies_batches`` and stores through ``save_audited``;
it refuses with a Chinese ``ValidationError`` (by field where there is one) or
``PermissionDenied`` — and then nothing is written, files included."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.audit.models import AuditEntry
from jiangxin.audit.services import save_audited
from jiangxin.core import uploads
from jiangxin.innovation import batch_rules
from jiangxin.innovation import policies_batches as policies
from jiangxin.innovation.models import (
    ApplicationFile,
    BatchExpert,
    ExpertScore,
    NamingBatch,
    ScoreItem,
    Studio,
    StudioApplication,
)
from jiangxin.organisations.models import Organisation

if TYPE_CHECKING:
    from jiangxin.accounts.models import User


@transaction.atomic
def open_batch(
    *,
    by: User,
    ip: str | None = None,
    organisation: Organisation,
    sheet: Sequence[tuple[str, int]] = batch_rules.DEFAULT_SHEET,
    experts: Sequence[User] = (),
    **fields: Any,
) -> NamingBatch:
    """Open a batch for ``organisation`` with its score sheet and experts."""
    if not policies.can_open_batch(by, organisation):
        raise PermissionDenied(_("只有本级总工会（镇及以上）的管理员可以开启命名批次"))
    kinds = fields.get("kinds") or []
    if not kinds or set(kinds) - set(Studio.Kind.values):
        raise ValidationError({"kinds": _("请至少选择一个受理类别")})
    if sum(p for _n, p in sheet) != batch_rules.SHEET_TOTAL:
        raise ValidationError({"sheet": _("评分表各项分值合计应为 100 分")})
    if not experts:
        raise ValidationError({"experts": _("请至少指定一名评审专家")})
    batch = NamingBatch(
        organisation=organisation, org_path=organisation.path, opened_by=by, **fields
    )
    save_audited(
        batch,
        by=by,
        ip=ip,
        org_path=batch.org_path,
        changes={
            "sheet": [f"{n} {p}" for n, p in sheet],
            "experts": [e.get_username() for e in experts],
        },
        duplicate=ValidationError({"title": _("本工会已有同名批次")}),
    )
    for order, (name, points) in enumerate(sheet):
        ScoreItem.objects.create(batch=batch, name=name, max_points=points, order=order)
    for expert in dict.fromkeys(experts):
        BatchExpert.objects.create(batch=batch, account=expert)
    return batch


@transaction.atomic
def apply_for_studio(
    *,
    by: User,
    ip: str | None = None,
    batch: NamingBatch,
    studio: Studio,
    files: Sequence[Any],
    yearly_project: str = "",
    statement: str = "",
) -> StudioApplication:
    """Apply for ``studio`` in ``batch``: a studio in 申报中 applies to be named, a named one
    to be re-confirmed. The base conditions are checked (team from the current members, area
    from the studio's record) and the materials by size and content, before anything is kept."""
    batch = NamingBatch.objects.select_for_update().get(pk=batch.pk)
    studio = Studio.objects.select_for_update().get(pk=studio.pk)
    if frozen := policies.apply_frozen(batch):
        raise ValidationError(frozen)
    if not policies.can_apply_for(by, batch, studio):
        raise PermissionDenied(_("只能为本批次范围内、本工会所属企业的工作室申报"))
    if studio.kind not in batch.kinds:
        raise ValidationError(
            {
                "studio": _("本批次不受理{kind}（受理：{kinds}）").format(
                    kind=studio.get_kind_display(), kinds="、".join(batch.kind_labels())
                )
            }
        )
    if studio.state == Studio.State.APPLYING:
        basis = StudioApplication.Basis.NEW
    elif studio.is_current:
        basis = StudioApplication.Basis.RECONFIRM
        if lowered := policies.lowering_refusal(studio, batch):
            raise ValidationError({"studio": lowered})
    else:
        raise ValidationError({"studio": _("已摘牌或撤销的工作室不能申报")})
    if studio.barred_until and studio.barred_until >= timezone.localdate():
        raise ValidationError(
            {"studio": _("该工作室 {day} 前不得再申报").format(day=studio.barred_until)}
        )
    if batch.applications.filter(studio=studio).exists():
        raise ValidationError({"studio": _("该工作室已申报本批次")})
    team = 1 + studio.members.current().count()
    rules = batch_rules.Conditions(batch.min_team, batch.min_area, batch.needs_yearly_project)
    missing = batch_rules.missing_conditions(
        rules, team=team, area=studio.floor_area, project=yearly_project
    )
    if missing:
        raise ValidationError(missing)
    checked = uploads.check_documents(
        files,
        max_files=ApplicationFile.MAX_FILES,
        max_bytes=settings.STUDIO_ATTACHMENT_MAX_BYTES,
        what=_("申报材料"),
    )
    application = StudioApplication(
        batch=batch,
        studio=studio,
        org_path=studio.org_path,
        basis=basis,
        yearly_project=yearly_project.strip(),
        statement=statement.strip(),
        team_size=team,
        floor_area=studio.floor_area,
        submitted_by=by,
        submitted_at=timezone.now(),
    )
    save_audited(
        application,
        by=by,
        ip=ip,
        org_path=application.org_path,
        changes={"files": [str(u.name)[:60] for u, _k in checked]},
        duplicate=ValidationError({"studio": _("该工作室已申报本批次")}),
    )
    uploads.store_documents(
        checked,
        folder="innovation/applications",
        create=lambda upload, kind, name: ApplicationFile.objects.create(
            application=application,
            file=name,
            original_name=str(upload.name)[:100],
            kind=kind,
            size=upload.size,
        ),
    )
    return application


@transaction.atomic
def endorse_application(
    *, by: User, ip: str | None = None, application: StudioApplication, opinion: str
) -> StudioApplication:
    """The higher union's recommendation (推荐); the application then goes to the experts."""
    application = StudioApplication.objects.select_for_update().get(pk=application.pk)
    if frozen := policies.endorse_frozen(application):
        raise ValidationError(frozen)
    if not policies.can_endorse(by, application):
        raise PermissionDenied(_("由申报企业工会的上级工会推荐"))
    if not opinion.strip():
        raise ValidationError({"opinion": _("请填写推荐意见")})
    application.state = application.State.ENDORSED
    application.endorsement = opinion.strip()
    application.endorsed_by = by
    application.endorsed_at = timezone.now()
    return save_audited(
        application,
        by=by,
        ip=ip,
        org_path=application.org_path,
        action=AuditEntry.Action.APPROVE,
        changes={"state": ["submitted", "endorsed"], "endorsement": ["", application.endorsement]},
    )


@transaction.atomic
def record_scores(
    *,
    by: User,
    ip: str | None = None,
    application: StudioApplication,
    points: dict[int, Decimal],
) -> Decimal:
    """An expert's points for every item of the sheet (each within its maximum); returns their
    total. Scoring again replaces their earlier points, until the decision."""
    application = (
        StudioApplication.objects.select_for_update().select_related("batch").get(pk=application.pk)
    )
    if frozen := policies.score_frozen(application):
        raise ValidationError(frozen)
    if not policies.is_expert(by, application.batch):
        raise PermissionDenied(_("只有本批次的评审专家可以评分"))
    items = list(application.batch.items.all())
    problems = {}
    for item in items:
        value = points.get(item.pk)
        if value is None:
            problems[f"item_{item.pk}"] = _("请为“{name}”打分").format(name=item.name)
        elif not 0 <= value <= item.max_points:
            problems[f"item_{item.pk}"] = _("“{name}”的得分应在 0–{max} 之间").format(
                name=item.name, max=item.max_points
            )
        elif not batch_rules.on_step(value):
            problems[f"item_{item.pk}"] = _(
                "「{name}」按 {step} 分一档打分（如 12 或 12.5），{value} 不在档上，请重新填写"
            ).format(name=item.name, step=batch_rules.SCORE_STEP, value=value)
    if problems:
        raise ValidationError(problems)
    before = {
        s.item_id: str(s.points)
        for s in ExpertScore.objects.filter(application=application, expert=by)
    }
    for item in items:
        ExpertScore.objects.update_or_create(
            application=application, expert=by, item=item, defaults={"points": points[item.pk]}
        )
    total = sum((points[i.pk] for i in items), Decimal(0))
    from jiangxin.audit.services import record

    record(
        action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
        actor=by,
        ip=ip,
        obj=application,
        org_path=application.org_path,
        changes={i.name: [before.get(i.pk, ""), str(points[i.pk])] for i in items}
        | {"total": ["", str(total)]},
    )
    return total


def my_totals(batch: NamingBatch, expert: Any) -> dict[int, Decimal]:
    """The expert's total on each application of the batch they scored in full (one query)."""
    items = batch.items.count()
    rows = (
        ExpertScore.objects.filter(application__batch=batch, expert_id=expert.pk)
        .values("application_id")
        .order_by()
        .annotate(total=Sum("points"), n=Count("pk"))
    )
    return {
        r["application_id"]: Decimal(str(r["total"])).quantize(Decimal("0.1"))
        for r in rows
        if r["n"] == items
    }


def expert_totals(application: StudioApplication) -> list[tuple[Any, Decimal]]:
    """Each expert's total (in the order they were appointed) — only experts who scored all."""
    items = application.batch.items.count()
    sums: dict[int, list] = {}
    for score in application.scores.all():
        sums.setdefault(score.expert_id, []).append(score.points)
    return [
        (e.account, sum(sums[e.account_id], Decimal(0)))
        for e in application.batch.experts.select_related("account")
        if len(sums.get(e.account_id, [])) == items
    ]


@transaction.atomic
def decide_application(
    *,
    by: User,
    ip: str | None = None,
    application: StudioApplication,
    approve: bool,
    reason: str = "",
) -> StudioApplication:
    """Approve or reject, once every expert has scored; the score (the average of the experts'
    totals) is kept with the decision."""
    application = (
        StudioApplication.objects.select_for_update().select_related("batch").get(pk=application.pk)
    )
    if not policies.can_run_batch(by, application.batch):
        raise PermissionDenied(_("由本批次所属工会的管理员作出决定"))
    if frozen := policies.decide_frozen(application):
        raise ValidationError(frozen)
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("不通过须写明理由")})
    application.score = batch_rules.average_of_totals(t for _e, t in expert_totals(application))
    application.state = application.State.APPROVED if approve else application.State.REJECTED
    application.decision_reason = reason.strip()
    application.decided_by = by
    application.decided_at = timezone.now()
    return save_audited(
        application,
        by=by,
        ip=ip,
        org_path=application.batch.org_path,
        action=AuditEntry.Action.APPROVE if approve else AuditEntry.Action.REJECT,
        changes={
            "state": ["endorsed", application.state],
            "score": ["", str(application.score)],
            "reason": ["", application.decision_reason],
        },
    )
