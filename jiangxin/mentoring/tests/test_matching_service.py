"""The matcher on the roster: candidates from the programme's rules, preferences, exclusions;
the admin accepts all or some, and the accepted pairs become proposals."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jiangxin import factories as f
from jiangxin.mentoring import services
from jiangxin.mentoring.models import Pair
from jiangxin.workers.models import Worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(programme, people, cast):
    lathe = f.occupation("车工", "6-18-01-01", 2, 6)
    Worker.objects.filter(
        pk__in=[people["master"].pk, people["craftsman"].pk, *[a.pk for a in people["apprentices"]]]
    ).update(occupation=lathe)
    for w in people.values():
        if isinstance(w, Worker):
            w.refresh_from_db()
    for a in people["apprentices"]:
        a.refresh_from_db()
    return people


def test_the_town_runs_the_matcher_and_accepts_some_pairs(pool, programme, cast):
    a1, a2, a3, a4 = pool["apprentices"]
    services.set_preferences(
        by=cast["admin_a"], programme=programme, apprentice=a1, masters=[pool["craftsman"]]
    )
    run = services.run_matching(
        by=cast["town_admin"], programme=programme, scope=cast["town_a"], cross_enterprise=True
    )
    # two masters with two places each: all four apprentices are paired
    proposal = {p["apprentice"]: p["master"] for p in run.proposal}
    assert set(proposal) == {a1.pk, a2.pk, a3.pk, a4.pk}
    assert proposal[a1.pk] == pool["craftsman"].pk  # the first choice
    reasons = next(p["reasons"] for p in run.proposal if p["apprentice"] == a1.pk)
    assert "徒弟第 1 志愿" in reasons and "跨企业结对" in reasons
    # the ordinary-post worker is not a candidate at all; the unqualified masters are not masters
    assert str(pool["ordinary"].pk) not in run.unpaired
    pairs = services.accept_matching(
        by=cast["town_admin"],
        run=run,
        choices={a1.pk: proposal[a1.pk], a2.pk: proposal[a2.pk]},
        starts_on=datetime.date(2025, 3, 1),
    )
    assert [p.status for p in pairs] == ["proposed", "proposed"]
    with pytest.raises(ValidationError, match="已经采纳过了"):
        services.accept_matching(
            by=cast["town_admin"],
            run=run,
            choices={a3.pk: proposal[a3.pk]},
            starts_on=datetime.date(2025, 3, 1),
        )


def test_without_cross_enterprise_pairs_an_apprentice_is_told_why(pool, programme, cast):
    # 林师傅 (ent_a) has two places for four apprentices of ent_a; 蔡工匠 works for ent_b
    run = services.run_matching(by=cast["town_admin"], programme=programme, scope=cast["town_a"])
    assert len(run.proposal) == 2
    assert sorted(run.unpaired.values()) == ["可带其的师傅（林师傅）名额已满"] * 2


def test_an_excluded_relation_is_never_proposed(pool, programme, cast):
    a1 = pool["apprentices"][0]
    services.add_exclusion(by=cast["admin_a"], first=a1, second=pool["master"], reason="近亲属")
    run = services.run_matching(
        by=cast["town_admin"], programme=programme, scope=cast["town_a"], cross_enterprise=True
    )
    assert all(
        not (p["apprentice"] == a1.pk and p["master"] == pool["master"].pk) for p in run.proposal
    )


def test_an_edited_choice_is_checked_like_any_pairing(pool, programme, cast):
    a1 = pool["apprentices"][0]
    run = services.run_matching(
        by=cast["town_admin"], programme=programme, scope=cast["town_a"], cross_enterprise=True
    )
    with pytest.raises(ValidationError, match="普通工的技能等级低于"):
        services.accept_matching(
            by=cast["town_admin"],
            run=run,
            choices={a1.pk: pool["plain"].pk},
            starts_on=datetime.date(2025, 3, 1),
        )
    assert not Pair.objects.exists()  # all or nothing
    run.refresh_from_db()
    assert run.accepted_at is None


def test_matching_stays_inside_the_admins_subtree(pool, programme, cast):
    with pytest.raises(PermissionDenied):
        services.run_matching(by=cast["sibling_admin"], programme=programme, scope=cast["town_a"])


def test_the_programmes_weights_steer_the_matcher(pool, programme, cast):
    from jiangxin.mentoring.models import MatchRun, Programme

    a1, a2, a3, a4 = pool["apprentices"]
    other = f.occupation("焊工", "6-18-02-04", 2, 6)
    Worker.objects.filter(pk__in=[a3.pk, a4.pk]).update(occupation=other)  # out of this pool
    services.set_preferences(
        by=cast["admin_a"], programme=programme, apprentice=a1, masters=[pool["craftsman"]]
    )

    def master_of_a1():
        MatchRun.objects.all().delete()
        run = services.run_matching(
            by=cast["town_admin"], programme=programme, scope=cast["town_a"], cross_enterprise=True
        )
        return next(p["master"] for p in run.proposal if p["apprentice"] == a1.pk)

    assert master_of_a1() == pool["craftsman"].pk  # by default her wish outweighs the move
    Programme.objects.filter(pk=programme.pk).update(
        weights={"preference": 0, "cross_enterprise": 500}
    )
    assert master_of_a1() == pool["master"].pk  # now staying in the enterprise comes first
