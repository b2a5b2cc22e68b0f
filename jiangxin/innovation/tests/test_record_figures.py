"""The figures read from the platform (innovation/figures.py): apprentices and level rises from
名师带高徒, members' competition awards, the outputs recorded, and the 五小 placeholder."""

import datetime
from decimal import Decimal as D

import pytest

from jiangxin import factories as f
from jiangxin.competitions.tests.conftest import final, marked, running  # noqa: F401
from jiangxin.innovation import figures, services, services_record
from jiangxin.mentoring.models import Pair
from jiangxin.mentoring.tests.conftest import programme  # noqa: F401
from jiangxin.workers.models import SkillLevel

pytestmark = pytest.mark.django_db
Y2025 = figures.year_span(2025)


def _pair(programme, master, apprentice, starts, status, start_level):  # noqa: F811
    return Pair.objects.create(
        programme=programme,
        master=master,
        apprentice=apprentice,
        org_path=apprentice.org_path,
        starts_on=starts,
        ends_on=starts + datetime.timedelta(days=365),
        status=status,
        start_level=start_level,
        stipend_monthly=200,
    )


def test_apprentices_and_level_rises_are_read_from_mentoring(cast, studio, programme):  # noqa: F811
    lead, member = studio.lead, studio.members.get().worker

    def apprentice(name, level):
        return f.worker(cast["union_a"], name, enterprise_obj=cast["ent_a"], skill_level=level)

    risen = apprentice("徒一", SkillLevel.L3)  # paired at 四级, now 三级: rose
    same = apprentice("徒二", SkillLevel.L4)  # paired at 四级, still 四级
    _pair(programme, lead, risen, datetime.date(2025, 3, 1), "active", SkillLevel.L4)
    _pair(programme, member, same, datetime.date(2025, 5, 1), "graduated", SkillLevel.L4)
    # not counted: only proposed; another master; a pair of 2024
    _pair(programme, lead, apprentice("徒三", 3), datetime.date(2025, 4, 1), "proposed", 3)
    _pair(
        programme, cast["worker_c"], apprentice("徒四", 3), datetime.date(2025, 4, 1), "active", 2
    )
    _pair(programme, lead, apprentice("徒五", 4), datetime.date(2024, 6, 1), "graduated", 3)
    read = figures.read_figures(studio, Y2025)
    # 2025: 徒一 (lead) and 徒二 (member) → 2 apprentices, 1 rose a level
    assert read["apprentices"] == 2 and read["level_rises"] == 1
    # 2024: 徒五, who holds 三级 having been paired at 四级 → 1 and 1
    read = figures.read_figures(studio, figures.year_span(2024))
    assert read["apprentices"] == 1 and read["level_rises"] == 1


def test_a_member_who_left_before_the_span_does_not_count(cast, studio, programme):  # noqa: F811
    member = studio.members.get()
    services.remove_member(by=cast["town_admin"], member=member, left=datetime.date(2024, 12, 31))
    pupil = f.worker(cast["union_a"], "徒六", enterprise_obj=cast["ent_a"])
    _pair(programme, member.worker, pupil, datetime.date(2025, 2, 1), "active", 0)
    assert figures.read_figures(studio, Y2025)["apprentices"] == 0


def test_members_competition_awards_are_read_from_the_results(cast, studio, final):  # noqa: F811
    # the final results (competitions/tests/conftest.py): 柯宝馨 (worker_a) 一等奖,
    # 吴晓东 (worker_c, town B) 二等奖, 曾小贤 (worker_b) third with no award.
    for worker in (cast["worker_a"], cast["worker_b"]):
        services.add_member(
            by=cast["town_admin"], studio=studio, worker=worker, joined=datetime.date(2024, 3, 1)
        )
    held = final.held_on
    read = figures.read_figures(studio, figures.year_span(held.year))
    assert read["competition_awards"] == 1  # 柯宝馨's; 曾小贤 won none; 吴晓东 is not a member
    assert figures.read_figures(studio, figures.year_span(held.year - 1))["competition_awards"] == 0


def test_outputs_are_counted_by_kind_and_summed(cast, studio):
    admin = cast["town_admin"]
    day = datetime.date(2025, 5, 10)
    for kind, extra in [
        ("patent", {"patent_kind": "utility", "number": "ZL202520001234.5", "status": "granted"}),
        ("paper", {}),
        ("method", {}),
        ("benefit", {"benefit_wan": D("12.35")}),
        ("benefit", {"benefit_wan": D("7.70")}),
        ("training", {"people_trained": 45}),
    ]:
        services_record.add_output(
            by=admin, studio=studio, kind=kind, title=kind, date=day, **extra
        )
    read = figures.read_figures(studio, Y2025)
    # 1 patent; paper + method = 2 writings; 12.35 + 7.70 = 20.05 万元; 45 人次
    assert read["patents"] == 1 and read["writings"] == 2 and read["methods"] == 1
    assert read["benefit_wan"] == D("20.05") and read["people_trained"] == 45
    assert read["outputs"] == 6
    assert figures.read_figures(studio, figures.year_span(2024))["outputs"] == 0


def test_the_wuxiao_figure_is_a_placeholder_until_issue_11(studio):
    assert figures.read_figures(studio, Y2025)["wuxiao"] == 0 and figures.WUXIAO_PENDING
