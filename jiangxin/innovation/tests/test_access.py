"""Who sees and changes a studio: anonymous visitors, town A's admin, town B's admin (a sibling),
the county viewer above, a worker (a member, and not). A studio of town A is invisible (404) to
town B in the pages and the API; the public showcase names no ID number and no mobile."""

import datetime

import pytest
from django.urls import reverse

from jiangxin.innovation import services

pytestmark = pytest.mark.django_db


def urls(studio):
    member = studio.members.get()
    return {
        "list": reverse("studio_list"),
        "detail": reverse("studio_detail", args=[studio.pk]),
        "edit": reverse("studio_edit", args=[studio.pk]),
        "new": reverse("studio_new"),
        "add": reverse("studio_member_add", args=[studio.pk]),
        "remove": reverse("studio_member_remove", args=[studio.pk, member.pk]),
        "api_list": "/api/v1/innovation/studios",
        "api_detail": f"/api/v1/innovation/studios/{studio.pk}",
    }


def _status(client, url, method="get"):
    return getattr(client, method)(url).status_code


def test_anonymous_visitors_go_to_the_login_and_the_api_says_401(client, studio):
    u = urls(studio)
    for key in ("list", "detail", "edit", "new"):
        response = client.get(u[key])
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert _status(client, u["add"], "post") == 302
    assert _status(client, u["api_list"]) == 401
    assert _status(client, u["api_detail"]) == 401


def test_town_a_admin_sees_and_changes_their_studio(login, cast, studio):
    client = login(cast["town_admin"])
    u = urls(studio)
    page = client.get(u["list"])
    assert page.status_code == 200 and studio.name in page.content.decode()
    detail = client.get(u["detail"]).content.decode()
    assert "添加成员" in detail and reverse("studio_edit", args=[studio.pk]) in detail
    assert _status(client, u["edit"]) == 200
    assert client.get(u["api_list"]).json()["count"] == 1


def test_town_b_admin_meets_404_everywhere(login, cast, studio_people, studio):
    client = login(cast["sibling_admin"])
    u = urls(studio)
    assert studio.name not in client.get(u["list"]).content.decode()
    for key in ("detail", "edit"):
        assert _status(client, u[key]) == 404, key
    for key in ("add", "remove"):
        assert _status(client, u[key], "post") == 404, key
    assert client.get(u["api_list"]).json()["count"] == 0
    assert _status(client, u["api_detail"]) == 404
    assert studio.members.current().count() == 1  # nothing changed


def test_the_county_viewer_above_sees_but_changes_nothing(login, cast, studio):
    client = login(cast["county_viewer"])
    u = urls(studio)
    assert studio.name in client.get(u["list"]).content.decode()
    detail = client.get(u["detail"]).content.decode()
    assert studio.name in detail and "添加成员" not in detail and "编辑" not in detail
    assert _status(client, u["edit"]) == 403
    assert _status(client, u["add"], "post") == 403
    assert _status(client, u["remove"], "post") == 403
    assert _status(client, u["new"]) == 403
    assert client.get(u["api_detail"]).json()["name"] == studio.name


def test_a_worker_sees_the_studio_only_as_its_member(login, cast, studio_people, studio):
    client = login(cast["worker_user"])  # worker_a, in ent. A but not in the studio
    u = urls(studio)
    assert _status(client, u["list"]) == 404  # the registry is for union staff
    assert _status(client, u["detail"]) == 404
    services.add_member(
        by=cast["town_admin"],
        studio=studio,
        worker=cast["worker_a"],
        joined=datetime.date(2025, 1, 1),
    )
    detail = client.get(u["detail"])
    assert detail.status_code == 200 and "添加成员" not in detail.content.decode()
    assert _status(client, u["edit"]) == 403
    assert _status(client, u["add"], "post") == 403
    record = client.get(reverse("worker_detail", args=[cast["worker_a"].pk])).content.decode()
    assert "创新工作室" in record and studio.name in record


def test_the_lead_page_shows_their_studio(login, cast, studio_people, studio):
    client = login(cast["town_admin"])
    page = client.get(reverse("worker_detail", args=[studio_people["lead"].pk])).content.decode()
    assert 'data-testid="worker-studios"' in page and studio.name in page


def test_the_showcase_is_public_and_names_no_id_or_mobile(client, cast, studio_people, studio):
    applying = services.create_studio(
        by=cast["town_admin"],
        name="申报中的工作室",
        kind="worker",
        naming_level="town",
        enterprise=cast["ent_a"],
        lead=studio_people["technician"],
        focus="焊接",
        founded=datetime.date(2025, 1, 1),
    )
    response = client.get(reverse("studio_showcase"))
    assert response.status_code == 200
    html = response.content.decode()
    lead = studio_people["lead"]
    assert studio.name in html and lead.name in html and "材料研发副总经理" in html
    assert "省级劳动模范（2023）" in html
    assert applying.name not in html  # named studios only
    assert studio_people["member"].name not in html  # no members' names
    for secret in (lead.id_number(), lead.mobile(), lead.id_number_masked, lead.mobile_masked):
        assert secret not in html
    assert lead.id_number()[6:14] not in html  # nor the birth date inside it


def test_a_bad_filter_is_a_message_not_an_error(login, cast, studio, client):
    assert client.get(reverse("studio_showcase") + "?kind=x&page=abc").status_code == 200
    page = login(cast["town_admin"]).get(reverse("studio_list") + "?industry=99999999999999999999")
    assert page.status_code == 200 and "行业：没有这个行业" in page.content.decode()
