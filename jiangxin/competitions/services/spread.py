"""Who scored what, in words: the judges' numbers (裁判1号, 2号 … — judges see each other's
numbers, never names) and the spread of their judgement scores explained."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from django.utils.translation import gettext as _

from jiangxin.competitions.marking import spread_exceeded
from jiangxin.competitions.models import JudgeAssignment


def judge_numbers(competition_ids) -> dict[tuple[int, int], int]:
    """(competition id, user id) → the judge's number (裁判1号, 2号 …) in the order of their
    first appointment as a judge. Judges' pages show each other's numbers, never names."""
    out: dict[tuple[int, int], int] = {}
    count: dict[int, int] = {}
    for competition_id, user_id in (
        JudgeAssignment.objects.filter(
            competition_id__in=competition_ids, role=JudgeAssignment.Role.JUDGE
        )
        .order_by("pk")
        .values_list("competition_id", "user_id")
    ):
        if (competition_id, user_id) not in out:
            count[competition_id] = count.get(competition_id, 0) + 1
            out[(competition_id, user_id)] = count[competition_id]
    return out


def judge_label(number: int | None) -> str:
    return _("裁判{n}号").format(n=number) if number else _("裁判长")


def spread_text(values: list[int], allowed: int, who: Sequence[str] = ()) -> str:
    """The judges' scores on one judgement aspect and why they must be discussed: how many
    judges scored, the allowed spread, the outlying scores (and whose, when ``who`` names the
    judge of each value). "" while within the allowed spread."""
    if len(values) < 2 or not spread_exceeded(values, allowed):
        return ""
    counts = Counter(values).most_common()
    if len(counts) > 1 and counts[0][1] > counts[1][1]:
        outlying = [i for i, v in enumerate(values) if v != counts[0][0]]
    else:
        outlying = [i for i, v in enumerate(values) if v in (min(values), max(values))]
    outlying.sort(key=lambda i: values[i])
    named = bool(who) and len(who) == len(values)
    return _(
        "已有 {n} 位裁判评分（{scores}），最高与最低相差 {gap} 分，超出允许分差 {allowed} 分；"
        "偏离的评分：{outlying}。请{concerned}合议后重新评分。"
    ).format(
        n=len(values),
        scores="、".join(str(v) for v in sorted(values)),
        gap=max(values) - min(values),
        allowed=allowed,
        outlying="、".join(
            _("{judge} {v} 分").format(judge=who[i], v=values[i]) if named else str(values[i])
            for i in outlying
        ),
        concerned="、".join(sorted({who[i] for i in outlying})) + _("与其他裁判")
        if named
        else _("裁判"),
    )
