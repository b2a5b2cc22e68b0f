"""The 五小 contest's checks on an application, read from the records and answered by the pure
modules: the eligibility check before submission (``contest_eligibility.check``: the five
declarations, a past 五小 winner on the platform, the completion window — each passed, warned
or blocked as the edition says) and the names found in the text (``contest_blindness``).

- The facts: the application's title, its completers' roster ids, completion date, the
  benefit's start and (optional) end, the applicant's five declarations.
- The rules: the edition's year; its completion rule (``IN_YEAR``: only projects completed in
  the year; ``IN_YEAR_OR_BENEFIT``: or earlier with benefit in the year); per exclusion its
  block/warn setting (``ContestEdition.exclusion_modes``, keyed by ``Exclusion``; a key
  missing blocks).
- The past awards: the platform's ``Award`` rows not revoked, of editions of an earlier year,
  whose application shares a completer with this one (the pure module still asks both: a
  shared completer **and** a like title), each with its title, completers, year and tier.

Read only; nothing is stored here (``submit_application`` keeps the warnings it accepted).
"""

from __future__ import annotations

from jiangxin.innovation import contest_blindness as blind
from jiangxin.innovation import contest_eligibility as rules_mod
from jiangxin.innovation.contest_eligibility import Answer
from jiangxin.innovation.models import ContestApplication, ContestEdition, Exclusion

# the pure module's exclusion keys ← the model's ``Exclusion`` codes
KEYS = {
    rules_mod.GOV_PLAN: Exclusion.GOV_PLAN,
    rules_mod.GOV_AWARD: Exclusion.GOV_AWARD,
    rules_mod.TRADE_SECRET: Exclusion.SECRET,
    rules_mod.NATIONAL_SECURITY: Exclusion.NATIONAL_SECURITY,
    rules_mod.IP_DISPUTE: Exclusion.IP_DISPUTE,
    rules_mod.PAST_WINNER: Exclusion.PAST_WINNER,
    rules_mod.WINDOW: Exclusion.WINDOW,
}
# the fields read for names, in the page's order
TEXT_FIELDS = ("title", "background", "content", "innovation_points", "results", "benefit_basis")


def _completer_ids(application: ContestApplication) -> frozenset[int]:
    return frozenset(application.completers.values_list("worker_id", flat=True))


def facts_of(application: ContestApplication) -> rules_mod.Facts:
    return rules_mod.Facts(
        title=application.title,
        completers=_completer_ids(application),
        completed_on=application.completed_on,
        benefit_from=application.benefit_from,
        benefit_until=application.benefit_until,
        in_gov_plan=application.in_gov_plan,
        gov_award=application.gov_awarded,
        trade_secret=application.involves_secret,
        national_security=application.national_security,
        ip_dispute=application.ip_dispute,
    )


def rules_of(edition: ContestEdition) -> rules_mod.Rules:
    return rules_mod.Rules(
        year=edition.year,
        actions={
            key: rules_mod.BLOCK if edition.blocks(code) else rules_mod.WARN
            for key, code in KEYS.items()
        },
        earlier_with_benefit=edition.completion_rule
        == ContestEdition.Completion.IN_YEAR_OR_BENEFIT,
    )


def past_awards_of(application: ContestApplication) -> list[rules_mod.PastAward]:
    """The platform's 五小 awards (not revoked) of earlier years to any of its completers."""
    from jiangxin.innovation.models import ApplicationCompleter, Award

    mine = ApplicationCompleter.objects.filter(application=application).values("worker_id")
    awards = (
        Award.objects.filter(
            revoked_at__isnull=True,
            application__edition__year__lt=application.edition.year,
            application__completers__worker_id__in=mine,
        )
        .distinct()
        .select_related("application__edition", "tier")
        .prefetch_related("application__completers")
    )
    return [
        rules_mod.PastAward(
            title=award.application.title,
            completers=frozenset(c.worker_id for c in award.application.completers.all()),
            year=award.application.edition.year,
            tier=award.tier.name,
        )
        for award in awards
    ]


def eligibility(application: ContestApplication) -> list[Answer]:
    """One answer per exclusion, in ``contest_eligibility.EXCLUSIONS`` order: passed, warned
    or blocked, each with its Chinese message saying what to do."""
    return rules_mod.check(
        facts_of(application), rules_of(application.edition), past_awards_of(application)
    )


def blocking(answers: list[Answer]) -> list[Answer]:
    return [a for a in answers if a.outcome == rules_mod.BLOCK]


def warnings(answers: list[Answer]) -> list[Answer]:
    return [a for a in answers if a.outcome == rules_mod.WARN]


def name_mentions(application: ContestApplication) -> list[blind.Mention]:
    """The completers' names and the enterprise's and union's names (full and short) found in
    the title and the descriptive fields."""
    meta = ContestApplication._meta
    fields = [
        (f, str(meta.get_field(f).verbose_name), getattr(application, f)) for f in TEXT_FIELDS
    ]
    people = application.completers.values_list("worker__name", flat=True)
    return blind.mentions(
        fields,
        people=list(people),
        organisations=[application.enterprise.name, application.union.name],
    )
