"""What the projects and subsidies add to other pages, each a small context function called
with one line from the page's view: the studio page's section (projects, subsidy by year), the
registry's count of overdue milestones, and a worker's own overdue milestones on their record."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from jiangxin.accounts.access import reach_of
from jiangxin.innovation import policies_projects as policies
from jiangxin.innovation.models import Milestone, Project, Studio
from jiangxin.innovation.services_subsidies import studio_years


def studio_section(user: Any, studio: Studio) -> dict:
    """For ``innovation/_studio_projects.html`` on the studio page."""
    projects = list(
        Project.objects.visible_to(user)
        .filter(studio=studio)
        .annotate(
            n_milestones=Count("milestones", distinct=True),
            n_done=Count("milestones", filter=Q(milestones__state="done"), distinct=True),
        )
        .order_by("state", "-start", "pk")
    )
    overdue = set(
        Milestone.objects.visible_to(user)
        .overdue()
        .filter(project__studio=studio)
        .values_list("project_id", flat=True)
    )
    for project in projects:
        project.has_overdue = project.pk in overdue
    return {
        "projects": projects,
        "can_create_project": policies.can_create_project(user, studio),
        "subsidy_years": studio_years(studio, user),
        "can_manage_subsidies": policies.can_manage_subsidies(user, studio),
    }


def registry_overdue(user: Any) -> int:
    """Overdue milestones in the user's subtree (the registry's figure)."""
    return Milestone.objects.visible_to(user).overdue().count()


def overdue_for_lead(user: Any) -> list[Milestone]:
    """The overdue milestones of the projects the user leads (as a studio's lead) or works on:
    what their own record page lists. No query unless the account is bound to a roster record."""
    worker_id = reach_of(user).worker_id
    if not worker_id:
        return []
    return list(
        Milestone.objects.overdue()
        .filter(Q(project__studio__lead_id=worker_id) | Q(project__team__worker_id=worker_id))
        .distinct()
        .select_related("project__studio")
        .order_by("due", "pk")
    )
