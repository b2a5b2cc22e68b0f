"""(c) Ranking a competition of 10,000 contestants, 3 components of 20 aspects each and
3 judges (1.8 million current scores): computing and storing the results through the service,
against one hand-written SQL query computing the same totals (and ranks) in the same run.

The set-up writes the marks with ``COPY`` (the judges' pages would take days); the figure
is ``compute_results`` alone: the database sums, Python's tie-breaks, ranks and awards, and the
10,000 result rows written."""

from __future__ import annotations

import datetime
import random

from bench.common import build_tree, roster_file, timed, truncate_roster

TARGET = 1 / 3  # within 3× of the query's time
COMPONENTS = [
    {"kind": "theory", "name": "理论知识", "weight": 25, "rule": "scheme"},
    {"kind": "practical", "name": "技能操作", "weight": 55, "rule": "scheme"},
    {"kind": "defence", "name": "现场答辩", "weight": 20, "rule": "scheme"},
]
ASPECTS = 20
JUDGES = 3
TITLE = "基准竞赛：万人排名"

BASELINE_SQL = """
WITH per_aspect AS (
    SELECT s.entry_id, cr.component_id, a.kind,
           CAST(ROUND(a.max_mark * 100) AS INTEGER) AS max_c,
           SUM(CAST(ROUND(s.value * 100) AS INTEGER)) AS total_c, COUNT(*) AS n
    FROM competitions_score s
    JOIN competitions_entry e ON e.id = s.entry_id
    JOIN competitions_aspect a ON a.id = s.aspect_id
    JOIN competitions_criterion cr ON cr.id = a.criterion_id
    WHERE e.competition_id = %(c)s AND s.current
    GROUP BY s.entry_id, s.aspect_id, cr.component_id, a.kind, a.max_mark
), per_component AS (
    SELECT p.entry_id, p.component_id,
           SUM(CASE WHEN p.kind = 'judgement'
                    THEN (2 * p.total_c * p.max_c + 300 * p.n) / (600 * p.n)
                    ELSE (2 * p.total_c + p.n) / (2 * p.n) END) AS marks_c
    FROM per_aspect p GROUP BY p.entry_id, p.component_id
), tops AS (
    SELECT cr.component_id, SUM(a.max_mark) AS top
    FROM competitions_aspect a JOIN competitions_criterion cr ON cr.id = a.criterion_id
    GROUP BY cr.component_id
), totals AS (
    SELECT pc.entry_id,
           ROUND(SUM(ROUND(pc.marks_c / t.top, 2) * co.weight) / 100, 2) AS total
    FROM per_component pc
    JOIN tops t ON t.component_id = pc.component_id
    JOIN competitions_component co ON co.id = pc.component_id
    GROUP BY pc.entry_id
)
SELECT entry_id, total, RANK() OVER (ORDER BY total DESC) FROM totals
"""


def _prepare(contestants: int):
    """The competition, locked, with every mark in place (kept between runs)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from jiangxin import factories as f
    from jiangxin.competitions import services
    from jiangxin.competitions.models import Competition, Entry, Score
    from jiangxin.workers.importing import run_apply
    from jiangxin.workers.models import ImportJob, Worker

    ctx = build_tree()
    admin = ctx["county_admin"]
    done = Competition.objects.filter(title=TITLE).first()
    if done and done.entries.count() == contestants:
        expected = contestants * len(COMPONENTS) * ASPECTS * JUDGES
        if Score.objects.filter(entry__competition=done).count() == expected:
            return done, admin
    truncate_roster()
    from django.core.files import File

    path = roster_file(contestants, ctx["enterprises"])
    with path.open("rb") as fh:
        job = ImportJob(created_by=admin, original_name=path.name, status=ImportJob.Status.QUEUED)
        job.file.save(path.name, File(fh), save=True)
    run_apply(job.pk)
    Competition.objects.filter(title=TITLE).delete()
    now = timezone.now()
    competition = services.create_competition(
        by=admin,
        organiser=ctx["county"],
        components=COMPONENTS,
        title=TITLE,
        level=Competition.Level.COUNTY,
        registration_opens=now - datetime.timedelta(days=2),
        registration_closes=now - datetime.timedelta(days=1),
        held_on=timezone.localdate(),
        award_rules=[
            {"name": "一等奖", "share": "0.05"},
            {"name": "二等奖", "share": "0.10"},
            {"name": "三等奖", "share": "0.15"},
        ],
    )
    aspects = []
    for component in competition.components.all():
        for i in range(ASPECTS):
            judged = i % 2 == 0
            aspects.append(
                services.add_aspect(
                    by=admin,
                    component=component,
                    criterion=f"模块{i // 5 + 1}",
                    kind="judgement" if judged else "measurement",
                    description=f"评分要点{i + 1}",
                    max_mark=[2, 3, 4, 5, 6][i % 5],
                    descriptors=["未达到", "基本达到", "达到", "超出预期"] if judged else [],
                )
            )
    judges = [f.user(f"bench_judge_{competition.pk}_{j}") for j in range(JUDGES)]
    workers = list(Worker.objects.order_by("pk").values_list("pk", flat=True)[:contestants])
    with transaction.atomic():
        entries = Entry.objects.bulk_create(
            Entry(
                competition=competition,
                worker_id=w,
                code=f"B{i + 1:05d}",
                order=i + 1,
                status=Entry.Status.APPROVED,
            )
            for i, w in enumerate(workers)
        )
        rng = random.Random(11)
        now = timezone.now()
        with (
            connection.cursor() as cursor,
            cursor.copy(
                "COPY competitions_score (aspect_id, entry_id, judge_id, value, outcome, "
                "deductions, current, created) FROM STDIN"
            ) as copy,
        ):
            for entry in entries:
                ability = rng.random()
                for aspect in aspects:
                    for judge in judges:
                        if aspect.kind == "judgement":
                            value = min(3, max(0, round(ability * 3 + rng.uniform(-0.6, 0.6))))
                            copy.write_row(
                                (aspect.pk, entry.pk, judge.pk, value, "", "[]", True, now)
                            )
                        else:
                            lost = rng.choice([0, 0, 0.5, 1]) * (1 - ability)
                            value = max(0, round(float(aspect.max_mark) - lost, 2))
                            copy.write_row(
                                (aspect.pk, entry.pk, judge.pk, value, "deduct", "[]", True, now)
                            )
        Competition.objects.filter(pk=competition.pk).update(
            status=Competition.Status.LOCKED, ended_at=now, draw_seed="bench"
        )
        competition.components.update(locked_at=now)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE competitions_score")
    competition.refresh_from_db()
    return competition, admin


def _baseline(competition) -> tuple[float, dict]:
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            cursor.execute(BASELINE_SQL, {"c": competition.pk})
            return {entry_id: (total, rank) for entry_id, total, rank in cursor.fetchall()}

    return timed(run)


def _ours(competition, admin) -> tuple[float, dict]:
    from jiangxin.competitions import services

    seconds, rows = timed(services.compute_results, by=admin, competition=competition)
    return seconds, {r.entry_id: (r.total, r.rank) for r in rows}


def run(contestants: int = 10_000, repeat: int = 3) -> list[dict]:
    competition, admin = _prepare(contestants)
    scores = contestants * len(COMPONENTS) * ASPECTS * JUDGES
    base_times, our_times = [], []
    for _ in range(repeat):
        t, expected = _baseline(competition)
        base_times.append(t)
        t, ours = _ours(competition, admin)
        our_times.append(t)
    # the same totals; ranks may differ only where the service's tie-breaks separate equal totals
    assert {k: v[0] for k, v in ours.items()} == {k: v[0] for k, v in expected.items()}
    assert all(ours[k][1] >= expected[k][1] for k in ours)
    base = sorted(base_times)[len(base_times) // 2]
    mine = sorted(our_times)[len(our_times) // 2]
    return [
        {
            "name": f"ranking_{contestants}x3x20x3",
            "value": round(mine * 1000),
            "unit": "ms",
            "baseline": round(base * 1000),
            "baseline_name": f"one SQL query: totals + RANK() over {scores:,} scores",
            "ratio": round(base / mine, 3),
            "target": round(TARGET, 3),
            "met": base / mine >= TARGET,
        }
    ]
