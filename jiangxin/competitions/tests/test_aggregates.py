"""The database's integer sums of judged components agree with ``marking`` in Python."""

import random
from decimal import Decimal as D

import pytest

from jiangxin import factories as f
from jiangxin.competitions import services
from jiangxin.competitions.models import Aspect, Component, Criterion

pytestmark = pytest.mark.django_db

DEDUCTIONS = ["0", "0.35", "0.4", "1.05", "0.05"]


def _random_marks(running, cast, seed: int) -> None:
    rng = random.Random(seed)
    admin = cast["county_admin"]
    practical = running["practical"]
    aspects = [running["measured"], running["judged"]]
    criterion = Criterion.objects.create(component=practical, name="附加评分项", order=9)
    for kind, max_mark in [
        ("measurement", "2.5"),
        ("measurement", "0.45"),
        ("judgement", "0.45"),
        ("judgement", "1.75"),
    ]:
        # the fixture's competition is under way, when the scheme can no longer change
        # through the service; these aspects are test set-up
        aspects.append(
            Aspect.objects.create(
                criterion=criterion,
                kind=kind,
                description=f"{kind} {max_mark}",
                max_mark=D(max_mark),
                descriptors=["未达到", "基本达到", "达到", "超出预期"]
                if kind == "judgement"
                else [],
            )
        )
    spare = f.user("judge4")
    services.appoint_judge(
        by=admin, competition=running["competition"], user=spare, component=practical
    )
    j1, j2, j3 = running["judges"]
    for key, entry in running["entries"].items():
        panel = [j1, j2, j3] if key == "c" else [j1, j2, spare]
        for aspect in aspects:
            # two or three judges, so that means land on half-hundredths
            for judge in panel[: rng.choice([2, 3])]:
                if aspect.kind == "judgement":
                    services.record_score(
                        by=judge, entry=entry, aspect=aspect, value=rng.randint(0, 3)
                    )
                else:
                    services.record_score(
                        by=judge,
                        entry=entry,
                        aspect=aspect,
                        outcome="deduct",
                        # each at most the maximum (a larger one is refused); two may add
                        # up to more, which leaves the mark at 0
                        deductions=[
                            rng.choice([d for d in DEDUCTIONS if D(d) <= aspect.max_mark])
                            for _ in range(2)
                        ],
                    )


@pytest.mark.parametrize("seed", range(6))
def test_database_sums_equal_python_marking(running, cast, seed):
    _random_marks(running, cast, seed)
    competition = running["competition"]
    ids = [e.pk for e in running["entries"].values()]
    in_python = services.judged_scores_in_python(competition, entry_ids=ids)
    in_database = services.component_scores(competition)
    assert {pk: in_database[pk]["practical"] for pk in ids} == {
        pk: in_python[pk]["practical"] for pk in ids
    }

    Component.objects.filter(pk=running["practical"].pk).update(rule=Component.Rule.TRIMMED)
    in_python = services.judged_scores_in_python(competition, entry_ids=ids)
    in_database = services.component_scores(competition)
    trimmed = {pk: in_database[pk].get("practical") for pk in ids}
    assert trimmed == {pk: in_python[pk].get("practical") for pk in ids}
    assert any(v is not None for v in trimmed.values())


def test_half_hundredth_means_round_up(running, cast):
    """Two judges' measurements 4.65 and 4.60 average 4.625, published as 4.63."""
    j1, j2, _j3 = running["judges"]
    entry = running["entries"]["c"]
    for judge, deduction in [(j1, "0.35"), (j2, "0.4")]:
        services.record_score(
            by=judge,
            entry=entry,
            aspect=running["measured"],
            outcome="deduct",
            deductions=[deduction],
        )
    for judge in running["judges"]:
        services.record_score(by=judge, entry=entry, aspect=running["judged"], value=3)
    # (4.63 + 6.00) ÷ 11 × 100 = 96.636… → 96.64
    assert services.component_scores(running["competition"])[entry.pk]["practical"] == D("96.64")
