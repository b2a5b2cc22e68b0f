"""Who may do what in the 五小 contest, and what has frozen each step: every rule named once and
called by the views (to refuse and to decide which button to show), the API and the services.

- An edition is opened by an admin of a federation node (town and above) for that node, and
  edited by the admins of that node and above.
- An application is filled by a roster worker for their own enterprise (inside the edition's
  subtree), or by an admin of an enterprise's union for that enterprise — while the edition
  accepts applications and the enterprise level's deadline has not passed.
- A draft (or an application returned for correction) is changed, submitted or deleted by its
  author, its completers, and — when the union keeps it, or once returned — the enterprise
  union's admins; deleting only while a draft never submitted.
- A submitted application is endorsed (推荐) or returned (退回修改, with a reason) by an admin of
  the applying union's own node, before the enterprise level's deadline.

The ``*_frozen`` functions return the Chinese reason a step cannot be taken now ("" when it can).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.accounts.access import reach_of
from jiangxin.innovation.policies_batches import batch_unions

if TYPE_CHECKING:
    from jiangxin.innovation.models import ContestApplication, ContestEdition
    from jiangxin.organisations.models import Organisation


def _today() -> datetime.date:
    return timezone.localdate()


def edition_unions(user: Any):
    """The federations (town and above) the user may open an edition for."""
    return batch_unions(user)


def can_open_edition(user: Any, organisation: Organisation | None = None) -> bool:
    if organisation is None:
        return edition_unions(user).exists()
    return organisation.is_federation and reach_of(user).can_edit_path(organisation.path)


def can_edit_edition(user: Any, edition: ContestEdition) -> bool:
    return reach_of(user).can_edit_path(edition.org_path)


def enterprise_level(edition: ContestEdition):
    """The chain's first level (the enterprise's own), whose deadline closes submissions."""
    return edition.levels.order_by("order").first()


def apply_frozen(edition: ContestEdition, today: datetime.date | None = None) -> str:
    if edition.state != edition.State.OPEN:
        return _("本届大赛已停止受理申报")
    first = enterprise_level(edition)
    if first is not None and (today or _today()) > first.deadline:
        return _("本届大赛企业申报已于 {day} 截止").format(day=first.deadline)
    return ""


def applicant_enterprises(user: Any, edition: ContestEdition):
    """The enterprises the user may apply for in this edition: a worker their own enterprise
    (inside the edition's subtree); a union admin the enterprises of the unions they administer
    inside it."""
    from jiangxin.accounts.access import paths_q
    from jiangxin.organisations.models import Enterprise
    from jiangxin.workers.models import Worker

    reach = reach_of(user)
    inside = Enterprise.objects.filter(union__path__startswith=edition.org_path).exclude(
        union__path=edition.org_path
    )
    if reach.platform:
        return inside
    q = paths_q("union__path", reach.edit_paths)
    if reach.worker_id:
        own = Worker.objects.filter(pk=reach.worker_id).values("enterprise_id")
        q |= Q(pk__in=own)
    return inside.filter(q)


def can_apply(user: Any, edition: ContestEdition) -> bool:
    return not apply_frozen(edition) and applicant_enterprises(user, edition).exists()


def applies_as_union(user: Any, enterprise) -> bool:
    """Whether the user fills for ``enterprise`` as its union (else as a worker of it)."""
    return reach_of(user).can_edit_path(enterprise.union.path)


def is_applicant(user: Any, application: ContestApplication) -> bool:
    """The author, or a completer (through their roster record)."""
    if not (user and user.is_authenticated):
        return False
    if application.created_by_id == user.pk:
        return True
    worker_id = reach_of(user).worker_id
    return bool(worker_id) and application.completers.filter(worker_id=worker_id).exists()


def edit_frozen(application: ContestApplication, today: datetime.date | None = None) -> str:
    if not application.is_draft:
        return _("已提交的申报不能再修改")
    return apply_frozen(application.edition, today)


def can_edit_application(user: Any, application: ContestApplication) -> bool:
    if edit_frozen(application):
        return False
    union_keeps = application.by_union or application.state == application.State.RETURNED
    return is_applicant(user, application) or (
        union_keeps and reach_of(user).can_edit_path(application.org_path)
    )


def delete_frozen(application: ContestApplication) -> str:
    if application.state != application.State.DRAFT:
        return _("只有未提交过的草稿可以删除")
    return ""


def can_delete_application(user: Any, application: ContestApplication) -> bool:
    return not delete_frozen(application) and can_edit_application(user, application)


def endorse_frozen(application: ContestApplication, today: datetime.date | None = None) -> str:
    if application.state != application.State.SUBMITTED:
        return _("只有已提交、待推荐的申报可以推荐或退回")
    first = enterprise_level(application.edition)
    if first is not None and (today or _today()) > first.deadline:
        return _("企业推荐已于 {day} 截止").format(day=first.deadline)
    return ""


def is_enterprise_union_admin(user: Any, application: ContestApplication) -> bool:
    """An admin of the applying union's own node (the enterprise vouches for its own people)."""
    reach = reach_of(user)
    return reach.platform or application.org_path in reach.edit_paths


def can_endorse(user: Any, application: ContestApplication) -> bool:
    return not endorse_frozen(application) and is_enterprise_union_admin(user, application)


def can_view_board(user: Any, edition: ContestEdition) -> bool:
    """The edition's figures (收到申报项目共计 N 个): union staff who see the edition."""
    return reach_of(user).is_union_user


def may_use_contest(user: Any) -> bool:
    """The menu's 五小创新大赛: union staff (the editions) — workers have 我的申报."""
    return reach_of(user).is_union_user
