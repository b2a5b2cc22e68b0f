"""Who may do what with a studio's living record and its assessment: each rule named once, called
by the views (to refuse and to show a button), the API and the services.

- The lead — the worker whose account is bound to ``Studio.lead`` (``Worker.account``, in the
  reach as ``worker_id``) — files and corrects their own studio's quarterly reports, and adds,
  corrects and removes its outputs; so does an admin of the studio's union or above. A member, a
  viewer, or the lead of another studio does neither.
- Only while the studio holds its name (已命名 or 整改中), and only until the thing is frozen:
  a report once the union has accepted it (``report_frozen_reason``); an output once its year or
  a later one is assessed (the latest annual assessment closes every year up to its own) or its
  quarter's report accepted (``output_frozen_reason``). The pages say what froze it.
- Accepting a report and assessing a studio: an admin of the studio's union or above.
- Functions given a report, an output or a studio answer "may do it now" (state included), so a
  button is shown exactly when its POST would succeed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.accounts.access import reach_of
from jiangxin.innovation import policies

if TYPE_CHECKING:
    from jiangxin.innovation.models import QuarterlyReport, Studio, StudioOutput


def is_lead(user: Any, studio: Studio) -> bool:
    worker_id = reach_of(user).worker_id
    return worker_id is not None and worker_id == studio.lead_id


def may_keep_record(user: Any, studio: Studio) -> bool:
    """The lead or the studio's admins, while it holds its name."""
    return studio.is_current and (is_lead(user, studio) or policies.can_edit_studio(user, studio))


def can_file_report(user: Any, studio: Studio) -> bool:
    return may_keep_record(user, studio)


def report_frozen_reason(report: QuarterlyReport) -> str | None:
    """Why the report can no longer be corrected, or None while it can."""
    if report.accepted_at:
        return _("该报告已于 {day} 由工会验收，已封存，不能再修改").format(
            day=timezone.localtime(report.accepted_at).date()
        )
    if not report.studio.is_current:
        return _("工作室{state}，记录已封存").format(state=report.studio.get_state_display())
    return None


def can_change_report(user: Any, report: QuarterlyReport) -> bool:
    return report_frozen_reason(report) is None and may_keep_record(user, report.studio)


def can_accept_report(user: Any, report: QuarterlyReport) -> bool:
    return report_frozen_reason(report) is None and policies.can_edit_studio(user, report.studio)


def output_frozen_reason(
    output: StudioOutput, assessed_years: set[int], accepted: set[tuple[int, int]]
) -> str | None:
    """Why the output can no longer be corrected or removed, or None while it can.

    ``assessed_years``: the years of the studio's assessments; ``accepted``: (year, quarter) of
    its accepted reports — passed in, so a page listing many outputs asks once each."""
    if not output.studio.is_current:
        return _("工作室{state}，记录已封存").format(state=output.studio.get_state_display())
    # an annual assessment closes its year and every year before it: a studio not assessed in
    # 2023 (named later, or the platform came after) has its 2023 record closed by 2024's
    latest = max(assessed_years, default=None)
    if latest is not None and output.date.year <= latest:
        return _("{year}年度考核已完成，{year}年及以前的成果已封存").format(year=latest)
    if (output.date.year, output.quarter) in accepted:
        return _("{year}年第{q}季度报告已验收，该季度成果已封存").format(
            year=output.date.year, q=output.quarter
        )
    return None


def freezing_facts(studio: Studio) -> tuple[set[int], set[tuple[int, int]]]:
    """The years of the studio's annual assessments and its accepted (year, quarter) pairs (two
    queries). A re-check reads the 12 months before it and freezes nothing."""
    assessed = set(studio.assessments.filter(kind="annual").values_list("year", flat=True))
    accepted = set(studio.reports.filter(accepted_at__isnull=False).values_list("year", "quarter"))
    return assessed, accepted


def can_change_output(user: Any, output: StudioOutput, facts=None) -> bool:
    assessed, accepted = facts if facts is not None else freezing_facts(output.studio)
    return output_frozen_reason(output, assessed, accepted) is None and may_keep_record(
        user, output.studio
    )


def can_assess(user: Any, studio: Studio) -> bool:
    """Record an annual assessment or a re-check: the studio's admins, while it holds its name."""
    return studio.is_current and policies.can_edit_studio(user, studio)
