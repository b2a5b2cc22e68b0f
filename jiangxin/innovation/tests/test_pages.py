"""The registry's figures and filters, the form's refusals, the lead list following the
enterprise, and the read API — through the test client on real rows."""

import datetime

import pytest
from django.urls import reverse

from jiangxin import factories as f
from jiangxin.innovation import services
from jiangxin.innovation.models import Studio
from jiangxin.innovation.tests.conftest import studio_fields
from jiangxin.workers.services import add_honour

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(cast, studio_people, studio):
    """Town A: the named 劳模 studio (fixture), an applying 职工 studio, a 工匠 studio delisted in
    2024. Town B: one named 职工 studio."""
    by = cast["town_admin"]
    applying = services.create_studio(
        by=by,
        **studio_fields(
            cast,
            studio_people,
            name="许文杰职工创新工作室",
            kind="worker",
            naming_level="town",
            naming_body=cast["town_a"],
            lead=studio_people["technician"],
            state="applying",
            named_on=None,
            plaque_number="",
        ),
    )
    craftsman = f.worker(cast["union_b"], "黄丽娟", enterprise_obj=cast["ent_b"])
    add_honour(
        by=by, worker=craftsman, kind="craftsman", level="county", year=2020, title="晋江工匠"
    )
    delisted = services.create_studio(
        by=by,
        **studio_fields(
            cast,
            studio_people,
            name="黄丽娟工匠创新工作室",
            kind="craftsman",
            naming_level="county",
            naming_body=cast["county"],
            enterprise=cast["ent_b"],
            lead=craftsman,
            state="delisted",
            named_on=datetime.date(2021, 5, 1),
            founded=datetime.date(2021, 1, 1),
            delisted_on=datetime.date(2024, 1, 10),
            plaque_number="JJ-2021-3",
        ),
    )
    other = f.worker(cast["union_c"], "吴志伟", enterprise_obj=cast["ent_c"])
    town_b = services.create_studio(
        by=cast["sibling_admin"],
        **studio_fields(
            cast,
            studio_people,
            name="吴志伟职工创新工作室",
            kind="worker",
            naming_level="town",
            naming_body=cast["town_b"],
            enterprise=cast["ent_c"],
            lead=other,
            plaque_number="DS-1",
        ),
    )
    return {"named": studio, "applying": applying, "delisted": delisted, "town_b": town_b}


def test_the_registry_counts_each_state_of_the_subtree(login, cast, registry):
    html = login(cast["town_admin"]).get(reverse("studio_list")).content.decode()
    # town A holds 3: one named, one applying, one delisted; town B's is not counted
    assert 'data-testid="named-count">1<' in html
    assert "工作室（3 家）" in html and "吴志伟" not in html
    county = login(cast["county_viewer"]).get(reverse("studio_list")).content.decode()
    assert 'data-testid="named-count">2<' in county  # town A's and town B's named studios
    assert "工作室（4 家）" in county


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("kind=worker", {"许文杰职工创新工作室"}),
        ("state=delisted", {"黄丽娟工匠创新工作室"}),
        ("level=city", {"洪志明劳模创新工作室"}),
        ("state=named&kind=craftsman", set()),
    ],
)
def test_the_registry_filters(login, cast, registry, query, shown):
    html = login(cast["town_admin"]).get(reverse("studio_list") + "?" + query).content.decode()
    names = {s.name for s in Studio.objects.all()}
    assert {n for n in names if f">{n}</a>" in html} == shown


def test_the_industry_filter(login, cast, registry):
    toys = cast["ent_b"].industry_id
    html = (
        login(cast["town_admin"]).get(reverse("studio_list") + f"?industry={toys}").content.decode()
    )
    assert ">黄丽娟工匠创新工作室</a>" in html and ">洪志明劳模创新工作室</a>" not in html


def test_the_lead_list_follows_the_enterprise(login, cast, studio_people):
    client = login(cast["town_admin"])
    html = client.get(reverse("studio_new") + f"?enterprise={cast['ent_a'].pk}").content.decode()
    assert "洪志明 · 材料研发副总经理" in html
    other = client.get(reverse("studio_new") + f"?enterprise={cast['ent_c'].pk}").content.decode()
    assert "吴晓东" not in other  # town B's worker is never offered
    assert client.get(reverse("studio_new") + "?enterprise=99999999999999999999").status_code == 200


def test_an_unqualified_lead_is_refused_on_the_form_and_nothing_is_saved(
    login, cast, studio_people
):
    data = {
        "name": "许文杰劳模创新工作室",
        "kind": "model_worker",
        "naming_level": "town",
        "naming_body": cast["town_a"].pk,
        "enterprise": cast["ent_a"].pk,
        "lead": studio_people["technician"].pk,
        "focus": "焊接",
        "founded": "2025-01-01",
        "state": "applying",
    }
    response = login(cast["town_admin"]).post(reverse("studio_new"), data)
    assert response.status_code == 400
    assert "领办人须获市级及以上劳动模范或五一劳动奖章" in response.content.decode()
    assert not Studio.objects.exists()


def test_a_member_is_added_and_removed_through_the_pages(login, cast, studio_people, studio):
    client = login(cast["admin_a"])
    url = reverse("studio_member_add", args=[studio.pk])
    client.post(
        url, {"worker": studio_people["technician"].pk, "role": "adviser", "joined": "2025-02-01"}
    )
    member = studio.members.get(worker=studio_people["technician"])
    assert member.role == "adviser"
    bad = client.post(
        url, {"worker": cast["worker_c"].pk, "role": "member", "joined": "2025-02-01"}, follow=True
    )
    assert "请从依托企业的名册中选择职工" in bad.content.decode()
    remove = reverse("studio_member_remove", args=[studio.pk, member.pk])
    client.post(remove, {"left": "2025-06-30"})
    member.refresh_from_db()
    assert member.left == datetime.date(2025, 6, 30)


def test_the_api_lists_as_the_pages_do(login, cast, registry):
    client = login(cast["town_admin"])
    listed = client.get("/api/v1/innovation/studios?state=named").json()
    assert [s["name"] for s in listed["items"]] == ["洪志明劳模创新工作室"]
    assert client.get("/api/v1/innovation/studios").json()["count"] == 3
    detail = client.get(f"/api/v1/innovation/studios/{registry['named'].pk}").json()
    assert detail["lead_honours"] == ["省级劳动模范（2023）"]
    assert [m["name"] for m in detail["members"]] == ["林海峰"]
    assert "id_number" not in str(detail) and "mobile" not in str(detail)
    assert client.get("/api/v1/innovation/studios?kind=nope").status_code == 422
    assert client.get(f"/api/v1/innovation/studios/{registry['town_b'].pk}").status_code == 404


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_registry_and_showcase_queries_do_not_grow_with_the_rows(
    login, cast, studio_people, studio
):
    client = login(cast["county_viewer"])
    one = _queries(client, reverse("studio_list")), _queries(client, reverse("studio_showcase"))
    for n in range(3):
        lead = f.worker(cast["union_a"], f"领办{n}", enterprise_obj=cast["ent_a"])
        add_honour(by=cast["town_admin"], worker=lead, kind="may_day", level="province", year=2020)
        services.create_studio(
            by=cast["town_admin"],
            **studio_fields(
                cast, studio_people, name=f"工作室{n}", lead=lead, plaque_number=f"P{n}"
            ),
        )
    client = login(cast["county_viewer"])
    assert (
        _queries(client, reverse("studio_list")),
        _queries(client, reverse("studio_showcase")),
    ) == one
