"""The mentoring pages through the client: who sees what, the matcher, the agreement, the
stipend statement."""

import io
from urllib.parse import quote

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from jiangxin import factories as f
from jiangxin.mentoring import services
from jiangxin.mentoring.models import CheckIn, Pair
from jiangxin.workers.models import Worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(proposed):
    return proposed


@pytest.mark.parametrize(
    "who, programme_status, pair_status",
    [
        ("town_admin", 200, 200),
        ("county_viewer", 200, 200),
        ("admin_a", 404, 200),  # the apprentice's union: the pair, not the town's programme
        ("admin_b", 404, 404),
        ("sibling_admin", 404, 404),
        ("outsider", 404, 404),
    ],
)
def test_who_sees_the_programme_and_the_pair(
    pair, programme, cast, client, who, programme_status, pair_status
):
    client.force_login(cast[who])
    assert (
        client.get(reverse("programme_detail", args=[programme.pk])).status_code == programme_status
    )
    assert client.get(reverse("pair_detail", args=[pair.pk])).status_code == pair_status


def test_master_and_apprentice_see_their_pair(pair, people, cast, client):
    user = f.user("tudi")
    Worker.objects.filter(pk=people["apprentices"][0].pk).update(account=user)
    client.force_login(user)
    assert client.get(reverse("pair_detail", args=[pair.pk])).status_code == 200
    client.force_login(cast["worker_user"])  # 柯宝馨, no part in it
    assert client.get(reverse("pair_detail", args=[pair.pk])).status_code == 404


def test_approval_and_a_check_in_through_the_page(pair, people, cast, client):
    client.force_login(cast["county_viewer"])
    page = client.get(reverse("pair_detail", args=[pair.pk])).content.decode()
    assert "审批通过" not in page  # a viewer sees the agreement, cannot approve it
    client.force_login(cast["admin_a"])
    client.post(reverse("pair_approve", args=[pair.pk]))
    assert Pair.objects.get(pk=pair.pk).status == "active"
    master_user = f.user("shifu_t")
    Worker.objects.filter(pk=people["master"].pk).update(account=master_user)
    client.force_login(master_user)
    response = client.post(
        reverse("pair_checkin", args=[pair.pk]),
        {"month": "2025-03", "content": "讲解图纸", "hours": "8"},
        follow=True,
    )
    assert "带徒记录已保存" in response.content.decode()
    response = client.post(
        reverse("pair_checkin", args=[pair.pk]),
        {"month": "2025-04", "content": "实操", "hours": "999"},
        follow=True,
    )
    assert "学时应在 0.1–184 之间" in response.content.decode()
    assert "实操" in response.content.decode()  # the input is kept
    assert CheckIn.objects.count() == 1


def test_the_agreement_prints_in_chinese(pair, cast, client):
    client.force_login(cast["town_admin"])
    response = client.get(reverse("pair_agreement", args=[pair.pk]))
    text = "".join(PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())
    assert "师徒协议" in text and "林师傅" in text and "徒弟1" in text and "共12个月" in text


def test_the_matcher_page_proposes_and_accepts(programme, people, cast, client):
    lathe = f.occupation("车工", "6-18-01-01", 2, 6)
    Worker.objects.filter(
        pk__in=[people["master"].pk, *[a.pk for a in people["apprentices"]]]
    ).update(occupation=lathe)
    client.force_login(cast["town_admin"])
    response = client.post(
        reverse("match_run", args=[programme.pk]), {"scope": cast["town_a"].pk}, follow=True
    )
    body = response.content.decode()
    assert "方案：2 对（1 组），2 人未配对" in body and "名额已满" in body
    run = programme.match_runs.get()
    picks = [str(p["apprentice"]) for p in run.proposal]
    data = {"pick": picks[:1], "starts_on": "2025-03-01"}
    data[f"master_{picks[0]}"] = str(run.proposal[0]["master"])
    response = client.post(reverse("match_accept", args=[run.pk]), data, follow=True)
    assert "已生成 1 个结对" in response.content.decode()
    assert Pair.objects.get().status == "proposed"


def test_the_stipend_statement_is_a_real_workbook(pair, people, cast, client):
    services.approve_pair(by=cast["admin_a"], pair=pair)
    services.assess(by=cast["admin_a"], pair=pair, kind="final", grade="pass")
    client.force_login(cast["town_admin"])
    response = client.get(reverse("programme_stipends", args=[pair.programme_id]), {"year": 2025})
    assert response["Content-Disposition"].endswith(
        "filename*=UTF-8''" + quote("带徒津贴-2025.xlsx")
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("月份", "师傅", "师傅单位", "徒弟")
    months = [r for r in rows[1:] if r and r[0] and r[0].startswith("2025-")]
    assert len(months) == 10  # March to December 2025
    assert all(r[6] == "50%" and r[7] == 150 for r in months)
    assert rows[-1][0] == "合计" and rows[-1][7] == 1500
    client.force_login(cast["county_viewer"])
    assert client.get(reverse("programme_stipends", args=[pair.programme_id])).status_code == 403


def test_the_worker_page_shows_the_lineage(pair, people, cast, client):
    services.approve_pair(by=cast["admin_a"], pair=pair)
    client.force_login(cast["town_admin"])
    body = client.get(reverse("worker_detail", args=[people["master"].pk])).content.decode()
    assert "师徒传承" in body and "徒弟1" in body
    assert reverse("pair_detail", args=[pair.pk]) in body  # the way to the pair's logs
    body = client.get(reverse("worker_detail", args=[people["apprentices"][0].pk])).content.decode()
    assert "师傅：" in body and "林师傅" in body


def test_the_union_changes_the_programmes_rules(programme, cast, client):
    client.force_login(cast["town_admin"])
    url = reverse("programme_rules", args=[programme.pk])
    data = {
        "master_min_level": "6",
        "master_honours": ["craftsman"],
        "master_min_years": "8",
        "posts": ["key"],
        "term_months": "18",
        "stipend_monthly": "400",
        "capacity": "2",
        "rate_excellent": "100",
        "rate_pass": "60",
        "rate_fail": "0",
        "w_level": "10",
        "w_preference": "40",
        "w_workshop": "8",
        "w_cross_enterprise": "15",
        "w_load": "6",
    }
    client.post(url, data)
    programme.refresh_from_db()
    assert programme.weights == {"preference": 40}  # only what differs from the defaults
    assert (programme.master_min_level, programme.master_honours, programme.posts) == (
        6,
        ["craftsman"],
        ["key"],
    )
    assert programme.pay_rates == {"excellent": 100, "pass": 60, "fail": 0}
    client.force_login(cast["admin_a"])
    assert (
        client.get(url).status_code == 404
    )  # the enterprise union does not see the town's programme


def test_an_apprentice_names_up_to_three_masters(programme, people, cast, client):
    from django.utils import timezone

    from jiangxin.mentoring.models import Preference, Programme

    Programme.objects.filter(pk=programme.pk).update(year=timezone.localdate().year)
    me = people["apprentices"][0]
    user = f.user("tudi_wish")
    Worker.objects.filter(pk=me.pk).update(account=user)
    client.force_login(user)
    page = client.get(reverse("worker_detail", args=[me.pk])).content.decode()
    assert "填写拜师志愿" in page
    url = reverse("mentoring_preferences", args=[programme.pk])
    body = client.get(url).content.decode()
    assert "林师傅" in body and "普通工" not in body  # only eligible masters are offered
    client.post(url, {"choice1": people["craftsman"].pk, "choice2": people["master"].pk})
    assert list(Preference.objects.order_by("rank").values_list("master_id", flat=True)) == [
        people["craftsman"].pk,
        people["master"].pk,
    ]
    client.force_login(cast["outsider"])
    assert client.get(url).status_code == 404


def test_the_matchers_proposal_comes_in_groups_with_counts(programme, people, cast, client):
    """A11: the proposal is folded into groups (by the apprentice's enterprise, or occupation),
    each with its count and a select-all; a row offers only masters who could teach it."""
    lathe = f.occupation("车工", "6-18-01-01", 2, 6)
    toys = f.occupation("玩具制作工", "6-12-04-01", 2, 6)
    Worker.objects.filter(
        pk__in=[people["master"].pk, *[a.pk for a in people["apprentices"][:2]]]
    ).update(occupation=lathe)
    Worker.objects.filter(
        pk__in=[people["craftsman"].pk, *[a.pk for a in people["apprentices"][2:]]]
    ).update(occupation=toys)
    client.force_login(cast["town_admin"])
    client.post(
        reverse("match_run", args=[programme.pk]), {"scope": cast["town_a"].pk, "cross": "on"}
    )
    run = programme.match_runs.get()
    assert len(run.proposal) == 4
    url = reverse("programme_match", args=[programme.pk])
    response = client.get(url, {"run": run.pk})
    body = response.content.decode()
    assert "方案：4 对（1 组），0 人未配对" in body  # all four apprentices work at 晋工机械
    assert body.count('<details class="card match-group"') == 1
    assert "2 对" not in body and "4 对" in body
    response = client.get(url, {"run": run.pk, "group": "occupation"})
    groups = response.context["groups"]
    assert sorted((g["label"], len(g["rows"])) for g in groups) == [("玩具制作工", 2), ("车工", 2)]
    assert response.content.decode().count('<input type="checkbox" data-select-all') == 2
    for g in groups:  # a lathe apprentice is offered the lathe master only, and so on
        for row in g["rows"]:
            assert [m.pk for m in row["options"]] == [row["master"]]
