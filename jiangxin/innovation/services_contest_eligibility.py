"""The 五小 contest's eligibility check, answered before submission: each exclusion the edition
names (in a government science plan, already given a government award, trade secrets or
national security, an IP dispute — the applicant's declarations —, a past 五小 winner on the
platform, outside the completion window), blocking or warning as the edition says. The pure
rules will come from ``contest_rules``; this module gathers the data from the records."""

from __future__ import annotations

from dataclasses import dataclass

from jiangxin.innovation.models import ContestApplication, Exclusion


@dataclass(frozen=True)
class Finding:
    """One exclusion that applies: its code, the sentence shown, and whether it blocks."""

    code: str
    message: str
    blocks: bool


def _past_winner(application: ContestApplication) -> bool:
    """A past 五小 award on the platform with the same title, or to the same completers.
    TODO(contest_rules): hand the plain data to ``contest_rules`` (its likeness rule for titles
    and completers) once it lands; this stub matches a title exactly or the whole set."""
    from jiangxin.innovation.models import Award

    past = Award.objects.filter(
        revoked_at__isnull=True, application__edition__year__lt=application.edition.year
    ).select_related("application")
    title = application.title.strip()
    mine = set(application.completers.values_list("worker_id", flat=True))
    for award in past:
        if award.application.title.strip() == title:
            return True
        theirs = set(award.application.completers.values_list("worker_id", flat=True))
        if mine and theirs == mine:
            return True
    return False


def _outside_window(application: ContestApplication) -> bool:
    year = application.edition.year
    done = application.completed_on.year
    if done == year:
        return False
    if done > year:
        return True
    rule = application.edition.Completion.IN_YEAR_OR_BENEFIT
    return not (application.edition.completion_rule == rule and application.benefit_amount > 0)


def eligibility(application: ContestApplication) -> list[Finding]:
    """Each exclusion that applies to the application, blocking or warning as the edition
    says. TODO(contest_rules): replace the body with a call to the pure checks of
    ``contest_rules`` given plain data, keeping this signature for the views and services."""
    edition = application.edition
    found = {
        Exclusion.GOV_PLAN: application.in_gov_plan,
        Exclusion.GOV_AWARD: application.gov_awarded,
        Exclusion.SECRET: application.involves_secret,
        Exclusion.IP_DISPUTE: application.ip_dispute,
        Exclusion.PAST_WINNER: _past_winner(application),
        Exclusion.WINDOW: _outside_window(application),
    }
    return [
        Finding(str(code), str(code.label), edition.blocks(code))
        for code, applies in found.items()
        if applies
    ]
