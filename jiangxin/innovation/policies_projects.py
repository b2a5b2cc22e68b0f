"""Who may do what with a studio's breakthrough projects and subsidies: each rule named once,
called by the views (to refuse, and to show a button exactly when its POST would succeed), the
API and the services (which raise PermissionDenied).

- A project is seen where its studio is seen, and by the workers on its team
  (``ProjectQuerySet.visible_to``).
- It is created, changed and removed by the studio's lead (their account, ``Worker.account``)
  and by an admin of the studio's union or above, while the studio is not delisted or revoked;
  a project stays changeable until it is closed (结题) — ``project_frozen_reason`` says what froze
  it. Only a union admin reopens a closed project.
- Subsidy grants and spending lines are recorded by the studio's union admins (not the lead);
  they are seen like the studio. The statement of a subtree is for union staff.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from jiangxin.accounts.access import reach_of
from jiangxin.innovation.policies import can_edit_studio

if TYPE_CHECKING:
    from jiangxin.innovation.models import Project, Studio


def is_lead(user: Any, studio: Studio) -> bool:
    """The account bound to the studio's lead's roster record."""
    worker_id = reach_of(user).worker_id
    return worker_id is not None and worker_id == studio.lead_id


def can_create_project(user: Any, studio: Studio) -> bool:
    return studio.state not in studio.ENDED and (
        is_lead(user, studio) or can_edit_studio(user, studio)
    )


def project_frozen_reason(project: Project) -> str | None:
    """Why the project can no longer be changed, as the page says it; None while it can."""
    if project.is_closed:
        return _(
            "本项目已于 {day} 结题（{who}），内容已冻结；如需修改，请工会管理员重新打开。"
        ).format(day=project.closed_on, who=project.closed_by or _("未记录"))
    studio = project.studio
    if studio.state in studio.ENDED:
        return _("工作室状态为“{state}”，项目不能再修改。").format(state=studio.get_state_display())
    return None


def can_edit_project(user: Any, project: Project) -> bool:
    """Change the project, its team, milestones and files, close or remove it — now."""
    if project_frozen_reason(project):
        return False
    return is_lead(user, project.studio) or can_edit_studio(user, project.studio)


def can_reopen_project(user: Any, project: Project) -> bool:
    studio = project.studio
    return project.is_closed and studio.state not in studio.ENDED and can_edit_studio(user, studio)


def can_manage_subsidies(user: Any, studio: Studio) -> bool:
    """Record or remove the studio's grants and spending lines."""
    return can_edit_studio(user, studio)


def can_view_union_lists(user: Any) -> bool:
    """The overdue milestones of a subtree and the subsidy statement: union staff."""
    return reach_of(user).is_union_user
