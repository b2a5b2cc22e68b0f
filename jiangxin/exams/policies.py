"""Who may do what with question banks and theory exams: each rule named once, here.

Views call these to decide (404/403) and to show a button only when its POST would succeed;
services call them and raise ``PermissionDenied`` when one says no.

- A bank belongs to a union node: union staff of that node and above see it; its admins (and
  the admins above) import into it. The unions whose workers sit the exams do not see it.
- A paper is set up, drawn and its late papers collected by the admins of the competition's
  organiser.
- A contestant sits the exam of a competition they entered, once their entry is approved and
  drawn (it has its code).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jiangxin.accounts.access import reach_of
from jiangxin.competitions.models import Competition, Entry

if TYPE_CHECKING:
    from jiangxin.exams.models import Paper, Sitting
    from jiangxin.organisations.models import Organisation


def can_view_banks(user: Any) -> bool:
    """The 题库 page: union staff only (workers and strangers get a 404)."""
    return reach_of(user).is_union_user


def can_import_questions(user: Any) -> bool:
    """Whether the user administers any node whose bank they could import into."""
    reach = reach_of(user)
    return reach.platform or bool(reach.edit_paths)


def can_edit_bank(user: Any, organisation: Organisation) -> bool:
    """Import into (or change) the bank of ``organisation``."""
    return reach_of(user).can_edit_path(organisation.path)


def can_set_paper(user: Any, competition: Competition) -> bool:
    """Set the drawing rules, draw the paper, collect overdue papers: the organiser's admins."""
    return reach_of(user).can_edit_path(competition.organiser.path)


def can_collect_papers(user: Any, paper: Paper) -> bool:
    return can_set_paper(user, paper.component.competition)


def is_contestant(user: Any) -> bool:
    """A worker bound to a roster record: the exam list is theirs."""
    return reach_of(user).worker_id is not None


def exam_entry(user: Any, paper: Paper) -> Entry | None:
    """The user's own approved, drawn (coded) entry in the paper's competition, or None."""
    if user is None or not user.is_authenticated:
        return None
    return (
        Entry.objects.filter(
            competition_id=paper.component.competition_id,
            worker__account=user,
            status=Entry.Status.APPROVED,
        )
        .exclude(code="")
        .first()
    )


def owns_sitting(user: Any, sitting: Sitting) -> bool:
    """Only the contestant answers and hands in their own paper."""
    return user is not None and user.is_authenticated and sitting.entry.worker.account_id == user.pk


def can_sit_exam(user: Any, paper: Paper) -> bool:
    return exam_entry(user, paper) is not None
