"""Two workers with a life on the platform each, for 我的数据.

柯宝馨 (worker_a, account ``worker``) and 曾小贤 (worker_b, account ``contestant``): both
entered in 晋江市首届劳动关系协调员职业技能竞赛 by 安海镇代表队, results published, each
appealed (ruled), results final and certificates issued; each an apprentice of a different
master (林师傅, 蔡工匠) with a month's log in their own words; each with an honour of their own.
"""

import datetime

import pytest
from django.utils import timezone

from jiangxin import factories as f
from jiangxin.competitions import services as competitions
from jiangxin.competitions.models import Competition
from jiangxin.competitions.tests.conftest import marked, published, running  # noqa: F401
from jiangxin.mentoring import services as mentoring
from jiangxin.mentoring.tests.conftest import months_ago, people, programme  # noqa: F401
from jiangxin.workers.models import Honour, Worker


def _pair(cast, programme, master, apprentice, approver):  # noqa: F811
    Worker.objects.filter(pk=apprentice.pk).update(post_category="key")
    pair = mentoring.propose_pair(
        by=cast["town_admin"],
        programme=programme,
        master=master,
        apprentice=Worker.objects.get(pk=apprentice.pk),
        starts_on=months_ago(2),
    )
    return mentoring.approve_pair(by=approver, pair=pair)


@pytest.fixture
def two_workers(cast, marked, programme, people):  # noqa: F811
    worker_a, worker_b = cast["worker_a"], cast["worker_b"]
    user_a, user_b = cast["worker_user"], f.user("contestant")
    Worker.objects.filter(pk=worker_b.pk).update(account=user_b)
    Honour.objects.create(
        worker=worker_a, kind="craftsman", level="city", title="甲的工匠称号", year=2024
    )
    Honour.objects.create(
        worker=worker_b, kind="tech_expert", level="county", title="乙的能手称号", year=2023
    )

    competition = published(marked, cast)
    entries = marked["entries"]
    appeal_a = competitions.file_appeal(
        by=user_a, entry=entries["a"], reason="甲认为测量分有误，请核对调解方案评分"
    )
    appeal_b = competitions.file_appeal(
        by=user_b, entry=entries["b"], reason="乙认为评价分偏低，请复核调解过程评分"
    )
    for appeal in (appeal_a, appeal_b):
        competitions.rule_appeal(
            by=cast["county_admin"], appeal=appeal, upheld=False, ruling="经复核，评分无误"
        )
    Competition.objects.filter(pk=competition.pk).update(
        publicity_until=timezone.now() - datetime.timedelta(minutes=1)
    )
    competitions.finalise_results(by=cast["county_admin"], competition=competition)
    competitions.issue_certificates(by=cast["county_admin"], competition=competition)

    pair_a = _pair(cast, programme, people["master"], worker_a, cast["admin_a"])
    pair_b = _pair(cast, programme, people["craftsman"], worker_b, cast["admin_b"])
    month = months_ago(1)
    mentoring.record_checkin(
        by=user_a, pair=pair_a, month=month, content="甲学习了调解笔录的写法", hours=8
    )
    mentoring.record_checkin(
        by=user_b, pair=pair_b, month=month, content="乙练习了玩具安全检测", hours=6
    )
    worker_a.refresh_from_db()
    worker_b.refresh_from_db()
    return {
        "a": worker_a,
        "b": worker_b,
        "user_a": user_a,
        "user_b": user_b,
        "competition": competition,
        "entries": entries,
        "pairs": {"a": pair_a, "b": pair_b},
    }
