"""The figures of a studio's record that the platform already knows, read — never typed — for a
span of days (a quarter, a year):

- ``apprentices``: apprentices in pairs of 名师带高徒 formed (approved: active, graduated, failed
  or ended since) and starting within the span, whose master is the studio's lead or one of its
  members during the span; ``level_rises``: how many of them hold a higher skill level now than
  when paired (``Pair.start_level``), as the mentoring figures count them;
- ``competition_awards``: awards (一等奖…) of the team in competitions held within the span whose
  results are published or final;
- ``wuxiao``: the studio's 五小 applications — the 五小 contest is not on the platform yet
  (issue 11), so 0, and ``WUXIAO_PENDING`` tells the pages to say 暂无;
- the outputs recorded with a date in the span, by kind; ``writings`` = papers + standards +
  methods; ``awards`` = award outputs; ``benefit_wan`` and ``people_trained`` summed;
- ``reports``: quarterly reports filed for the quarters of the span.

``outputs_by_year`` counts the outputs of a set of studios (the registry's) per year and kind.

Counts only (no names), so they are shown to whoever sees the studio.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, F, Max, Q, Sum
from django.db.models.functions import ExtractYear

from jiangxin.competitions.models import Competition, Result
from jiangxin.innovation import assessing
from jiangxin.innovation.models import QuarterlyReport, Studio, StudioOutput
from jiangxin.innovation.models.record import quarter_of
from jiangxin.mentoring.models import Pair

WUXIAO_PENDING = True
Span = tuple[datetime.date, datetime.date]


def year_span(year: int) -> Span:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def team_ids(studio: Studio, span: Span) -> set[int]:
    """The lead and every member whose membership overlaps the span."""
    start, end = span
    members = studio.members.filter(joined__lte=end).filter(
        Q(left__isnull=True) | Q(left__gte=start)
    )
    return {studio.lead_id, *members.values_list("worker_id", flat=True)}


def read_figures(studio: Studio, span: Span) -> dict[str, Decimal | int]:
    start, end = span
    team = team_ids(studio, span)
    pairs = Pair.objects.formed().filter(master_id__in=team, starts_on__range=span)
    apprentices = pairs.values("apprentice_id").distinct().count()
    rises = (
        pairs.filter(apprentice__skill_level__gt=F("start_level"))
        .values("apprentice_id")
        .distinct()
        .count()
    )
    awards = (
        Result.objects.filter(
            entry__worker_id__in=team,
            competition__status__in=[Competition.Status.PUBLISHED, Competition.Status.FINAL],
            competition__held_on__range=span,
        )
        .exclude(award="")
        .count()
    )
    K = StudioOutput.Kind
    out = StudioOutput.objects.filter(studio=studio, date__range=span).aggregate(
        patents=Count("pk", filter=Q(kind=K.PATENT)),
        writings=Count("pk", filter=Q(kind__in=[K.PAPER, K.STANDARD, K.METHOD])),
        methods=Count("pk", filter=Q(kind=K.METHOD)),
        awards=Count("pk", filter=Q(kind=K.AWARD)),
        benefit_wan=Sum("benefit_wan"),
        people_trained=Sum("people_trained"),
        outputs=Count("pk"),
    )
    quarters = Q(pk__in=[])
    for year in range(start.year, end.year + 1):
        first = quarter_of(start) if year == start.year else 1
        last = quarter_of(end) if year == end.year else 4
        quarters |= Q(year=year, quarter__range=(first, last))
    reports = QuarterlyReport.objects.filter(quarters, studio=studio).count()
    return {
        "apprentices": apprentices,
        "level_rises": rises,
        "competition_awards": awards,
        "wuxiao": 0,
        "patents": out["patents"],
        "writings": out["writings"],
        "methods": out["methods"],
        "awards": out["awards"],
        # two decimals: SQLite sums a decimal column as a float ("15.6000000000000")
        "benefit_wan": Decimal(out["benefit_wan"] or 0).quantize(CENT),
        "people_trained": out["people_trained"] or 0,
        "outputs": out["outputs"],
        "reports": reports,
    }


CENT = Decimal("0.01")


def as_json(figures: dict[str, Decimal | int]) -> dict[str, str | int]:
    """For a JSON column: the benefit as its text (two decimals)."""
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in figures.items()}


def with_last_output(studios):
    """Studios annotated with ``last_output``: the date of their latest output."""
    return studios.annotate(last_output=Max("outputs__date"))


def warned_q(today: datetime.date) -> Q:
    """The 12-month warning (``assessing.warned``) as a filter on studios annotated by
    ``with_last_output``: holding their name, named before the cut-off, and no output since."""
    cutoff = assessing.warning_cutoff(today)
    return (
        Q(state__in=[Studio.State.NAMED, Studio.State.RECTIFYING])
        & Q(named_on__lt=cutoff)
        & (Q(last_output__isnull=True) | Q(last_output__lt=cutoff))
    )


def is_warned(studio: Studio, today: datetime.date) -> bool:
    if not studio.is_current:
        return False
    last = studio.outputs.aggregate(last=Max("date"))["last"]
    return assessing.warned(last, studio.named_on, today)


def warned_ids(today: datetime.date):
    """The pks of every studio under the warning (a subquery for the registry)."""
    return with_last_output(Studio.objects.all()).filter(warned_q(today)).values("pk")


def outputs_by_year(studios) -> list[tuple[int, dict[str, int]]]:
    """The outputs of ``studios`` (a queryset) per year of their date and kind, in one query:
    (year, {kind: count}) from the first year with an output to the last, a year between
    with none given as ``{}`` so a chart never closes the gap."""
    rows = (
        StudioOutput.objects.filter(studio__in=studios.values("pk"))
        .annotate(year=ExtractYear("date"))
        .values_list("year", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[int, dict[str, int]] = {}
    for year, kind, n in rows:
        counts.setdefault(year, {})[kind] = n
    if not counts:
        return []
    return [(y, counts.get(y, {})) for y in range(min(counts), max(counts) + 1)]
