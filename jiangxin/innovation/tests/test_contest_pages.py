# ruff: noqa: F811  (the fixtures imported below are pytest arguments)
"""The 五小 contest's pages through the client: a worker fills a draft, submits it; the
enterprise union endorses; the figures on the edition page; the access matrix (worker A and
worker B, town A and town B, a viewer above, anonymous) in the pages and the API."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jiangxin import factories as f
from jiangxin.innovation import services_contest_applications as apps
from jiangxin.innovation.models import ContestApplication
from jiangxin.innovation.tests.contest_fixtures import (  # noqa: F401  (fixtures)
    draft,
    edition,
    fields,
    pdf,
    png,
    submitted,
)


def _form_data(cast, **over):
    data = {k: str(v) for k, v in fields().items()}
    data.update({"completer_1": cast["worker_a"].pk, "share_1": 100})
    data.update(over)
    return data


def test_a_worker_fills_a_draft_on_the_form(cast, edition, login):
    client = login(cast["worker_user"])
    page = client.get(reverse("contest_application_new", args=[edition.pk]))
    assert page.status_code == 200
    # the worker themself is the first completer by default, at 100%
    assert page.context["form"].initial["completer_1"] == cast["worker_a"].pk
    response = client.post(
        reverse("contest_application_new", args=[edition.pk]),
        {**_form_data(cast), "files": [pdf()], "cover": png()},
    )
    application = ContestApplication.objects.get()
    assert response["Location"] == reverse("contest_application_detail", args=[application.pk])
    assert application.state == "draft" and application.attachments.count() == 2
    mine = client.get(reverse("contest_my_applications"))
    assert application.title in mine.content.decode()


def test_three_decimals_are_refused_on_the_field_and_the_input_kept(cast, edition, login):
    client = login(cast["worker_user"])
    response = client.post(
        reverse("contest_application_new", args=[edition.pk]),
        _form_data(cast, benefit_amount="12.345"),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["benefit_amount"] == [
        "经济效益以万元计，最多保留两位小数（如 12.35），请重新填写"
    ]
    assert 'value="数控折弯机快速换模夹具"' in response.content.decode()
    assert not ContestApplication.objects.exists()


def test_shares_not_summing_to_100_are_shown_above_the_completers(cast, edition, login):
    colleague = f.worker(cast["union_a"], "王建国", enterprise_obj=cast["ent_a"])
    response = login(cast["worker_user"]).post(
        reverse("contest_application_new", args=[edition.pk]),
        _form_data(cast, share_1=60, completer_2=colleague.pk, share_2=30),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["completers"] == [
        "完成人贡献占比合计应为 100%，现为 90%"
    ]


def test_the_worker_submits_and_the_union_endorses(cast, draft, login):
    client = login(cast["worker_user"])
    confirm = client.get(reverse("contest_application_submit", args=[draft.pk]))
    assert "未发现不予受理的情形" in confirm.content.decode()
    done = client.post(reverse("contest_application_submit", args=[draft.pk]))
    assert done.status_code == 302, done.context["form"].errors
    draft.refresh_from_db()
    assert draft.state == "submitted"

    union = login(cast["admin_a"])
    queue = union.get(reverse("contest_endorsement_queue", args=[draft.edition_id]))
    assert list(queue.context["applications"]) == [draft]
    union.post(reverse("contest_application_endorse", args=[draft.pk]), {"opinion": "同意"})
    draft.refresh_from_db()
    assert draft.state == "endorsed" and draft.current_level.level == "town"


def test_the_union_returns_with_a_reason(cast, submitted, login):
    client = login(cast["admin_a"])
    client.post(reverse("contest_application_return", args=[submitted.pk]), {"reason": ""})
    submitted.refresh_from_db()
    assert submitted.state == "submitted"  # no reason: refused
    client.post(
        reverse("contest_application_return", args=[submitted.pk]), {"reason": "缺效益证明"}
    )
    submitted.refresh_from_db()
    assert submitted.state == "returned"
    page = login(cast["worker_user"]).get(
        reverse("contest_application_detail", args=[submitted.pk])
    )
    assert "企业工会退回修改：缺效益证明" in page.content.decode()


def test_the_edition_page_counts_what_the_town_received(cast, edition, submitted, login):
    apps.endorse_application(by=cast["admin_a"], application=submitted)
    page = login(cast["town_admin"]).get(reverse("contest_edition_detail", args=[edition.pk]))
    text = page.content.decode()
    assert "乡镇（街道）级收到的申报" in text
    assert "收到申报项目共计 <strong>1</strong> 个" in text
    assert page.context["received"]["by_enterprise"] == [("福建省晋工机械有限公司", 1)]


# --- the access matrix --------------------------------------------------------------------


@pytest.fixture
def worker_b_user(cast):
    user = f.user("worker_b_user")
    cast["worker_b"].account = user
    cast["worker_b"].save(update_fields=["account"])
    return user


def test_a_draft_is_seen_by_its_worker_only(cast, draft, worker_b_user, login):
    url = reverse("contest_application_detail", args=[draft.pk])
    assert login(cast["worker_user"]).get(url).status_code == 200
    assert login(worker_b_user).get(url).status_code == 404
    # the worker's draft is not the union's until submitted
    assert login(cast["admin_a"]).get(url).status_code == 404
    assert login(cast["town_admin"]).get(url).status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("worker_user", 200),
        ("admin_a", 200),  # the enterprise union
        ("town_admin", 200),  # its town
        ("county_viewer", 200),  # a viewer above
        ("admin_b", 404),  # another enterprise of the same town
        ("sibling_admin", 404),  # town B
        ("outsider", 404),
    ],
)
def test_who_sees_a_submitted_application(cast, submitted, login, who, status):
    url = reverse("contest_application_detail", args=[submitted.pk])
    assert login(cast[who]).get(url).status_code == status


def test_worker_b_cannot_see_worker_as_application(cast, submitted, worker_b_user, login):
    client = login(worker_b_user)
    assert client.get(reverse("contest_application_detail", args=[submitted.pk])).status_code == 404
    mine = client.get(reverse("contest_my_applications"))
    assert list(mine.context["applications"]) == []


def test_anonymous_is_sent_to_the_login(submitted, client):
    url = reverse("contest_application_detail", args=[submitted.pk])
    assert client.get(url)["Location"].startswith(reverse("login"))


def test_town_b_meets_404_and_sees_no_figures_of_town_a(cast, edition, submitted, login):
    apps.endorse_application(by=cast["admin_a"], application=submitted)
    client = login(cast["sibling_admin"])
    page = client.get(reverse("contest_edition_detail", args=[edition.pk]))
    assert page.status_code == 200  # the county's edition is open to its towns
    assert page.context["received"]["total"] == 0
    assert list(page.context["applications"]) == []


def test_a_viewer_cannot_endorse(cast, submitted, login):
    url = reverse("contest_application_endorse", args=[submitted.pk])
    assert login(cast["county_viewer"]).post(url).status_code == 403


def test_the_town_does_not_endorse_for_the_enterprise(cast, submitted, login):
    page = login(cast["town_admin"]).get(reverse("contest_application_detail", args=[submitted.pk]))
    assert page.context["endorse_form"] is None
    url = reverse("contest_application_endorse", args=[submitted.pk])
    assert login(cast["town_admin"]).post(url).status_code == 403


def test_only_the_organisers_admins_edit_the_edition(cast, edition, login):
    url = reverse("contest_edition_edit", args=[edition.pk])
    assert login(cast["county_admin"]).get(url).status_code == 200
    assert login(cast["town_admin"]).get(url).status_code == 403
    assert login(cast["outsider"]).get(url).status_code == 404


def test_the_organiser_opens_an_edition_on_the_form(cast, login):
    client = login(cast["county_admin"])
    form = client.get(reverse("contest_edition_new")).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"title": "晋江市“五小”创新大赛", "completion_rule": "benefit"})
    data.update({f"ex_{k}": "block" for k in ("gov_plan", "gov_award", "secret", "ip_dispute")})
    data.update(
        {
            "ex_past_winner": "warn",
            "ex_window": "block",
            "criteria": form.fields["criteria"].initial,
        }
    )
    response = client.post(reverse("contest_edition_new"), data)
    assert response.status_code == 302, response.context["form"].errors
    from jiangxin.innovation.models import ContestEdition

    edition = ContestEdition.objects.get()
    assert [lv.level for lv in edition.levels.all()] == ["enterprise", "town", "county"]
    assert edition.tiers.count() == 3 and edition.criteria.count() == 5


# --- the API, scoped as the pages ------------------------------------------------------------


def test_the_api_lists_what_the_pages_show(cast, edition, submitted, worker_b_user, login):
    path = f"/api/v1/innovation/contest/editions/{edition.pk}/applications"
    mine = login(cast["worker_user"]).get(path).json()
    assert [a["id"] for a in mine["items"]] == [submitted.pk]
    assert login(worker_b_user).get(path).json()["items"] == []
    assert login(cast["sibling_admin"]).get(path).json()["items"] == []
    one = f"/api/v1/innovation/contest/applications/{submitted.pk}"
    assert login(cast["sibling_admin"]).get(one).status_code == 404
    detail = login(cast["town_admin"]).get(one).json()
    assert detail["completers"] == [{"name": "柯宝馨", "order": 1, "share": 100}]
    assert detail["benefit_amount"] == "12.35"


def test_the_api_gives_the_figures_to_union_staff(cast, edition, submitted, login):
    apps.endorse_application(by=cast["admin_a"], application=submitted)
    got = login(cast["town_admin"]).get(f"/api/v1/innovation/contest/editions/{edition.pk}")
    received = got.json()["received"]
    assert received["level"] == "town" and received["total"] == 1
    # the county receives what its towns recommend: nothing yet
    county = login(cast["county_admin"]).get(f"/api/v1/innovation/contest/editions/{edition.pk}")
    assert county.json()["received"]["total"] == 0
    assert received["by_category"]["小革新"] == 1
    worker = login(cast["worker_user"]).get(f"/api/v1/innovation/contest/editions/{edition.pk}")
    assert worker.json()["received"] is None
    assert login(cast["outsider"]).get("/api/v1/innovation/contest/editions").json()["items"] == []
