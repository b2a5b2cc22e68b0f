"""Judged components' scores summed in the database.

A competition of 10,000 contestants × 3 components × 20 aspects × 3 judges holds 1.8 million
score rows; fetching them to Python costs seconds, so the database reduces them to one row per
contestant and component. The arithmetic is integer hundredths, identical on SQLite and
PostgreSQL, and rounds half-up from the exact fraction exactly as ``marking`` does:

- a judgement aspect: Σ scores ÷ judges ÷ 3 × maximum  →  ⌊(2·Σc·maxc + 300n) ÷ 600n⌋ cents
- a measurement aspect: the judges' mean  →  ⌊(2·Σc + n) ÷ 2n⌋ cents

(Σc: the judges' values in hundredths, maxc: the maximum in hundredths, n: judges.)
``tests/test_aggregates.py`` checks these figures against ``marking`` on random marks.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import connection

from jiangxin.competitions.models import Aspect, Entry


def _in(ids: list[int]) -> str:
    return ", ".join(["%s"] * len(ids))


def scheme_marks(competition_id: int, component_ids: list[int]) -> dict[tuple[int, int], int]:
    """(entry id, component id) → the component's marks in hundredths, for the current scores
    of approved, coded entries, over the components marked by scheme."""
    if not component_ids:
        return {}
    sql = f"""
        SELECT pa.entry_id, pa.component_id,
               SUM(CASE WHEN pa.kind = %s
                        THEN (2 * pa.total_c * pa.max_c + 300 * pa.n) / (600 * pa.n)
                        ELSE (2 * pa.total_c + pa.n) / (2 * pa.n) END)
        FROM (
            SELECT s.entry_id, cr.component_id, a.kind,
                   CAST(ROUND(a.max_mark * 100) AS INTEGER) AS max_c,
                   SUM(CAST(ROUND(s.value * 100) AS INTEGER)) AS total_c,
                   COUNT(*) AS n
            FROM competitions_score s
            JOIN competitions_entry e ON e.id = s.entry_id
            JOIN competitions_aspect a ON a.id = s.aspect_id
            JOIN competitions_criterion cr ON cr.id = a.criterion_id
            WHERE e.competition_id = %s AND e.status = %s AND e.code <> ''
              AND s.current = %s AND cr.component_id IN ({_in(component_ids)})
            GROUP BY s.entry_id, s.aspect_id, cr.component_id, a.kind, a.max_mark
        ) pa
        GROUP BY pa.entry_id, pa.component_id
    """
    params = [Aspect.Kind.JUDGEMENT, competition_id, Entry.Status.APPROVED, True, *component_ids]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(e, c): int(m) for e, c, m in cursor.fetchall()}


def judge_totals(
    competition_id: int, component_ids: list[int]
) -> dict[tuple[int, int], list[Decimal]]:
    """(entry id, component id) → each judge's total over the component's aspects, for the
    components marked by the Chinese rule (drop the highest and the lowest).

    A judgement aspect's 0–3 counts as its marks (score ÷ 3 × maximum, rounded half-up to
    hundredths: ⌊(2·vc·maxc + 300) ÷ 600⌋ cents, the formula above with one judge), so three
    judges giving 3 on a 30-mark aspect total 30 each, not 3 (fault B1 of issue 8)."""
    if not component_ids:
        return {}
    sql = f"""
        SELECT s.entry_id, cr.component_id, s.judge_id,
               SUM(CASE WHEN a.kind = %s
                        THEN (2 * CAST(ROUND(s.value * 100) AS INTEGER)
                                * CAST(ROUND(a.max_mark * 100) AS INTEGER) + 300) / 600
                        ELSE CAST(ROUND(s.value * 100) AS INTEGER) END)
        FROM competitions_score s
        JOIN competitions_entry e ON e.id = s.entry_id
        JOIN competitions_aspect a ON a.id = s.aspect_id
        JOIN competitions_criterion cr ON cr.id = a.criterion_id
        WHERE e.competition_id = %s AND e.status = %s AND e.code <> ''
          AND s.current = %s AND cr.component_id IN ({_in(component_ids)})
        GROUP BY s.entry_id, cr.component_id, s.judge_id
    """
    out: dict[tuple[int, int], list[Decimal]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            [Aspect.Kind.JUDGEMENT, competition_id, Entry.Status.APPROVED, True, *component_ids],
        )
        for entry_id, component_id, _judge, total_c in cursor.fetchall():
            out.setdefault((entry_id, component_id), []).append(Decimal(int(total_c)) / 100)
    return out
