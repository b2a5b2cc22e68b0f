import datetime

import pytest
from django.utils import timezone

from jiangxin import factories as f
from jiangxin.mentoring import ledger, services
from jiangxin.workers.models import Honour, SkillLevel, Worker


def months_ago(n: int) -> datetime.date:
    """The first day of the month ``n`` months before this one."""
    month = ledger.first_of(timezone.localdate())
    for _i in range(n):
        month = ledger.first_of(month - datetime.timedelta(days=1))
    return month


@pytest.fixture
def programme(cast):
    return services.create_programme(
        by=cast["town_admin"],
        organisation=cast["town_a"],
        year=2025,
        name="安海镇2025年名师带高徒",
        capacity=2,
    )


@pytest.fixture
def people(cast):
    """Masters and apprentices in town A: a 技师 with 20 years, a 工匠 at 四级 with 8, a 技师
    with 2 years, a 四级 worker with neither; apprentices on key / high-tech / ordinary posts."""
    start = datetime.date(2005, 6, 1)
    master = f.worker(
        cast["union_a"],
        "林师傅",
        enterprise_obj=cast["ent_a"],
        skill_level=SkillLevel.L2,
        start_date=start,
    )
    craftsman = f.worker(
        cast["union_b"],
        "蔡工匠",
        enterprise_obj=cast["ent_b"],
        skill_level=SkillLevel.L4,
        start_date=datetime.date(2017, 3, 1),
    )
    Honour.objects.create(
        worker=craftsman, kind="craftsman", level="city", title="晋江工匠", year=2023
    )
    junior = f.worker(
        cast["union_a"],
        "新技师",
        enterprise_obj=cast["ent_a"],
        skill_level=SkillLevel.L2,
        start_date=datetime.date.today() - datetime.timedelta(days=700),
    )
    plain = f.worker(
        cast["union_a"],
        "普通工",
        enterprise_obj=cast["ent_a"],
        skill_level=SkillLevel.L4,
        start_date=start,
    )
    apprentices = [
        f.worker(cast["union_a"], f"徒弟{i}", enterprise_obj=cast["ent_a"], post_category=post)
        for i, post in enumerate(["key", "hightech", "important", "key"], start=1)
    ]
    ordinary = f.worker(cast["union_a"], "一般岗", enterprise_obj=cast["ent_a"], post_category="")
    return {
        "master": master,
        "craftsman": craftsman,
        "junior": junior,
        "plain": plain,
        "apprentices": apprentices,
        "ordinary": ordinary,
    }


@pytest.fixture
def proposed(programme, people, cast):
    """The master's pair with the first apprentice, proposed by the town's admin (from March
    2025), waiting for the apprentice's union to approve."""
    return services.propose_pair(
        by=cast["town_admin"],
        programme=programme,
        master=people["master"],
        apprentice=people["apprentices"][0],
        starts_on=datetime.date(2025, 3, 1),
    )


@pytest.fixture
def logged(programme, people, cast):
    """林师傅 teaches 徒弟1 since three months ago; the master filed the first month with 80
    hours (meant 8)."""
    start = months_ago(3)
    pair = services.propose_pair(
        by=cast["town_admin"],
        programme=programme,
        master=people["master"],
        apprentice=people["apprentices"][0],
        starts_on=start,
    )
    services.approve_pair(by=cast["admin_a"], pair=pair)
    master, apprentice = f.user("shifu_c"), f.user("tudi_c")
    Worker.objects.filter(pk=people["master"].pk).update(account=master)
    Worker.objects.filter(pk=people["apprentices"][0].pk).update(account=apprentice)
    checkin = services.record_checkin(by=master, pair=pair, month=start, content="识图", hours=80)
    pair.refresh_from_db()
    return {"pair": pair, "master": master, "apprentice": apprentice, "checkin": checkin}
