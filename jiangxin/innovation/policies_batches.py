"""Who may do what in a naming batch, and what has frozen each step: every rule named once and
called by the views (to refuse and to decide which form to show), the API and the services.

- A batch is opened by an admin of a union federation node (town and above) for that node, and
  run (公示, answers, naming, decisions) by the admins of that node and above.
- An application is made by an admin of the studio's enterprise union (or above) while the batch
  is open and before its deadline, for a studio of a kind the batch accepts, inside the batch's
  subtree.
- It is endorsed (推荐) by a union *above* the enterprise's union — the enterprise union applies
  and its higher union vouches for it (for a town's batch the town itself, or anything between).
- It is scored by the batch's experts (``BatchExpert``) once endorsed and until decided; an
  expert scores every item, and may correct their scores until the decision.
- It is decided by the batch's admins once every expert has scored it in full.
- During the 公示 window any signed-in person may object to an approved application (an
  objection needs someone answerable; the page itself is public); the batch's admins answer.
- Naming follows the window, when every objection has been answered.
- A named studio is re-confirmed (复核确认) only by a batch at its naming level or above: a town
  batch does not re-confirm a city-named 泉州工匠 studio (``lowering_refusal``; checked when it
  applies and again when it is named, as it may have been named higher in between).
- A naming certificate is revoked (作废) by the batch's admins, once, with a reason: the public
  check then shows it 已作废.

The ``*_frozen`` functions return the Chinese reason a step cannot be taken now ("" when it can):
the application page shows them beside each step.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.accounts.access import reach_of
from jiangxin.innovation import batch_rules

if TYPE_CHECKING:
    from jiangxin.innovation.models import NamingBatch, Studio, StudioApplication
    from jiangxin.organisations.models import Organisation


def _today() -> datetime.date:
    return timezone.localdate()


def batch_unions(user: Any):
    """The federations (town and above) the user may open a batch for: those they administer
    and the federations below them. An enterprise union's admin has none."""
    from jiangxin.accounts.access import paths_q
    from jiangxin.organisations.models import Organisation

    reach = reach_of(user)
    unions = Organisation.objects.filter(kind__in=Organisation.FEDERATION_KINDS)
    if not reach.platform:
        if not reach.edit_paths:
            return unions.none()
        unions = unions.filter(paths_q("path", reach.edit_paths))
    return unions.order_by("path")


def can_open_batch(user: Any, organisation: Organisation | None = None) -> bool:
    """Open a batch for ``organisation`` (without one: for some union at all — the button)."""
    if organisation is None:
        return batch_unions(user).exists()
    return organisation.is_federation and reach_of(user).can_edit_path(organisation.path)


def can_run_batch(user: Any, batch: NamingBatch) -> bool:
    """The batch's union admins (and above): publicity, answers, decisions, naming."""
    return reach_of(user).can_edit_path(batch.org_path)


def is_expert(user: Any, batch: NamingBatch) -> bool:
    return bool(user and user.is_authenticated) and batch.experts.filter(account=user).exists()


def apply_frozen(batch: NamingBatch, today: datetime.date | None = None) -> str:
    if batch.state != batch.State.OPEN:
        return _("本批次已停止受理申报")
    if (today or _today()) > batch.deadline:
        return _("本批次申报已于 {day} 截止").format(day=batch.deadline)
    return ""


def lowering_refusal(studio: Studio, batch: NamingBatch) -> str:
    """Why re-confirming the named ``studio`` in ``batch`` would lower its naming ("" when it
    would not): it names the naming the studio holds."""
    if not studio.is_current or not batch_rules.lowers_naming(studio.naming_level, batch.level):
        return ""
    held = _("{body}命名的{level}{kind}").format(
        body=studio.naming_body.name if studio.naming_body_id else _("本平台外单位"),
        level=studio.get_naming_level_display(),
        kind=studio.get_kind_display(),
    )
    return _(
        "该工作室现为{held}，不能在{batch_level}批次中复核确认：复核确认不能低于现有命名级别，"
        "请参加{level}及以上工会的命名批次"
    ).format(
        held=held,
        batch_level=type(studio).Level(batch.level).label,
        level=studio.get_naming_level_display(),
    )


def can_apply(user: Any, batch: NamingBatch) -> bool:
    """Apply to the batch at all now: some enterprise union inside its subtree is the user's."""
    if apply_frozen(batch):
        return False
    reach = reach_of(user)
    return reach.platform or any(
        p.startswith(batch.org_path) and p != batch.org_path for p in reach.edit_paths
    )


def can_apply_for(user: Any, batch: NamingBatch, studio) -> bool:
    return (
        can_apply(user, batch)
        and studio.org_path.startswith(batch.org_path)
        and studio.org_path != batch.org_path
        and reach_of(user).can_edit_path(studio.org_path)
    )


def endorse_frozen(application: StudioApplication) -> str:
    if application.state != application.State.SUBMITTED:
        return _("已推荐，不能再修改推荐意见")
    return ""


def can_endorse(user: Any, application: StudioApplication) -> bool:
    """A union strictly above the applying enterprise union."""
    if endorse_frozen(application):
        return False
    reach = reach_of(user)
    own = application.org_path
    return reach.platform or any(own.startswith(p) and own != p for p in reach.edit_paths)


def score_frozen(application: StudioApplication) -> str:
    if application.state == application.State.SUBMITTED:
        return _("待上级工会推荐后评分")
    if application.state != application.State.ENDORSED:
        return _("已作出评审决定，评分不能再修改")
    return ""


def can_score(user: Any, application: StudioApplication) -> bool:
    return not score_frozen(application) and is_expert(user, application.batch)


def missing_experts(application: StudioApplication) -> list[Any]:
    """The experts' accounts that have not scored every item yet (in the order appointed) —
    the complement of ``services_batches.expert_totals``, counted the same way."""
    items = application.batch.items.count()
    done = {
        row["expert_id"]
        for row in application.scores.values("expert_id").order_by().annotate(n=Count("pk"))
        if row["n"] >= items
    }
    return [
        e.account
        for e in application.batch.experts.select_related("account")
        if e.account_id not in done
    ]


def decide_frozen(application: StudioApplication) -> str:
    if application.state == application.State.SUBMITTED:
        return _("待上级工会推荐、专家评分后再作决定")
    if application.state != application.State.ENDORSED:
        return _("已作出评审决定")
    missing = missing_experts(application)
    if missing:
        return _("还有专家未完成评分：{names}").format(names="、".join(map(str, missing)))
    return ""


def can_decide(user: Any, application: StudioApplication) -> bool:
    return can_run_batch(user, application.batch) and not decide_frozen(application)


def publicity_frozen(batch: NamingBatch) -> str:
    if batch.state != batch.State.OPEN:
        return _("本批次已开始公示")
    pending = batch.applications.filter(state__in=["submitted", "endorsed"]).count()
    if pending:
        return _("还有 {n} 份申报未作出评审决定").format(n=pending)
    if not batch.applications.filter(state="approved").exists():
        return _("没有评审通过的申报，无需公示")
    return ""


def can_start_publicity(user: Any, batch: NamingBatch) -> bool:
    return can_run_batch(user, batch) and not publicity_frozen(batch)


def in_publicity(batch: NamingBatch, today: datetime.date | None = None) -> bool:
    return batch.state == batch.State.PUBLICITY and batch_rules.in_publicity(
        batch.publicity_from, batch.publicity_days, today or _today()
    )


def object_frozen(application: StudioApplication, today: datetime.date | None = None) -> str:
    if application.state != application.State.APPROVED or not in_publicity(
        application.batch, today
    ):
        return _("只能在公示期内对公示中的工作室提出异议")
    return ""


def can_object(user: Any, application: StudioApplication) -> bool:
    return bool(user and user.is_authenticated) and not object_frozen(application)


def can_answer(user: Any, objection) -> bool:
    return objection.answered_at is None and can_run_batch(user, objection.application.batch)


def naming_frozen(application: StudioApplication, today: datetime.date | None = None) -> str:
    batch = application.batch
    if application.state == application.State.NAMED:
        return _("已命名")
    if application.state != application.State.APPROVED:
        return _("只有评审通过的申报才能命名")
    if batch.state != batch.State.PUBLICITY:
        return _("须先公示，公示期满后命名")
    if application.basis == application.Basis.RECONFIRM and (
        lowered := lowering_refusal(application.studio, batch)
    ):
        return lowered
    if not batch_rules.publicity_over(
        batch.publicity_from, batch.publicity_days, today or _today()
    ):
        last = batch_rules.publicity_last_day(batch.publicity_from, batch.publicity_days)
        return _("公示期至 {day}，期满后才能命名").format(day=last)
    unanswered = application.objections.filter(answered_at__isnull=True).count()
    if unanswered:
        return _("还有 {n} 条异议未答复，答复后才能命名").format(n=unanswered)
    return ""


def can_name(user: Any, application: StudioApplication) -> bool:
    return can_run_batch(user, application.batch) and not naming_frozen(application)


def revoke_frozen(certificate) -> str:
    if certificate.revoked_at is not None:
        return _("该证书已于 {day} 作废").format(
            day=timezone.localtime(certificate.revoked_at).date()
        )
    return ""


def can_revoke_certificate(user: Any, certificate) -> bool:
    """The admins of the batch's union (and above) that issued it, while it stands."""
    return not revoke_frozen(certificate) and can_run_batch(user, certificate.application.batch)
