"""What every stage shares: the status names, the steps' transitions, the audit helper and
the organiser check. Private to the services package."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from jiangxin.audit.models import AuditEntry
from jiangxin.audit.services import record
from jiangxin.competitions import policies
from jiangxin.competitions.models import (
    Competition,
    Entry,
)

if TYPE_CHECKING:
    from jiangxin.accounts.models import User


S = Competition.Status


# Which status each step leaves from and arrives at. Scores lock and results publish in later steps.
TRANSITIONS = {
    "open_registration": (S.DRAFT, S.OPEN),
    "close_registration": (S.OPEN, S.CLOSED),
    "start": (S.DRAWN, S.RUNNING),
}


PUBLICITY_DAYS = 5  # 公示期, in calendar days; a call may set its own


def _log(competition: Competition, *, by: User, ip: str | None, action: str, obj, **fields) -> None:
    """An audit entry for a step of this competition, in the organiser's subtree."""
    record(
        action=action,
        actor=by,
        ip=ip,
        obj=obj,
        org_path=competition.organiser.path,
        **fields,
    )


def _require_organiser(by: User, competition: Competition) -> None:
    if not policies.can_manage_competition(by, competition):
        raise PermissionDenied(_("只有主办单位的工会管理员可以进行此操作"))


def _set_status(
    competition: Competition, target: str, *, by: User, ip: str | None = None, **extra
) -> None:
    before = competition.status
    competition.status = target
    competition.save(update_fields=["status", *extra])
    _log(
        competition,
        by=by,
        ip=ip,
        action=AuditEntry.Action.UPDATE,
        obj=competition,
        changes={"status": [before, target], **extra},
    )


def _entries(competition: Competition):
    return competition.entries.filter(status=Entry.Status.APPROVED).exclude(code="")
