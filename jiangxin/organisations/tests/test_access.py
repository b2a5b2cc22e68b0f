"""Organisations and enterprises: who may open and change them."""

import pytest
from django.urls import reverse

from jiangxin.accounts.services import create_api_token

# Enterprises each user may open (ent_a, ent_b, ent_c).
VISIBLE = {
    "outsider": set(),
    "worker_user": set(),
    "admin_a": {"ent_a"},
    "admin_b": {"ent_b"},
    "town_admin": {"ent_a", "ent_b"},
    "sibling_admin": {"ent_c"},
    "county_viewer": {"ent_a", "ent_b", "ent_c"},
    "county_admin": {"ent_a", "ent_b", "ent_c"},
    "platform": {"ent_a", "ent_b", "ent_c"},
}
EDITABLE = {**VISIBLE, "county_viewer": set()}
ENTERPRISES = ["ent_a", "ent_b", "ent_c"]


@pytest.mark.parametrize("who", list(VISIBLE))
@pytest.mark.parametrize("target", ENTERPRISES)
def test_enterprise_page(cast, login, who, target):
    client = login(cast[who])
    response = client.get(reverse("enterprise_detail", args=[cast[target].pk]))
    assert response.status_code == (200 if target in VISIBLE[who] else 404)


@pytest.mark.parametrize("who", list(VISIBLE))
@pytest.mark.parametrize("target", ENTERPRISES)
def test_enterprise_edit_page(cast, login, who, target):
    client = login(cast[who])
    response = client.get(reverse("enterprise_edit", args=[cast[target].pk]))
    expected = 200 if target in EDITABLE[who] else 403 if target in VISIBLE[who] else 404
    assert response.status_code == expected


@pytest.mark.parametrize("who", [w for w in VISIBLE if VISIBLE[w]])
def test_enterprise_list_holds_exactly_what_the_user_may_open(cast, login, who):
    response = login(cast[who]).get(reverse("enterprise_list"))
    assert {e.pk for e in response.context["page"].object_list} == {
        cast[t].pk for t in VISIBLE[who]
    }


@pytest.mark.parametrize("who", list(VISIBLE))
def test_api_enterprises_match_the_pages(cast, client, who):
    _, token = create_api_token(by=cast[who], name="t")
    response = client.get("/api/v1/enterprises", headers={"Authorization": f"Bearer {token}"})
    assert {e["id"] for e in response.json()["items"]} == {cast[t].pk for t in VISIBLE[who]}


@pytest.mark.parametrize(
    ("who", "node", "status"),
    [
        ("town_admin", "town_a", 200),
        ("town_admin", "county", 404),  # above: not visible
        ("town_admin", "town_b", 404),  # sibling
        ("sibling_admin", "union_a", 404),
        ("county_viewer", "union_c", 200),
        ("admin_a", "union_a", 200),
        ("admin_a", "town_a", 404),
        ("worker_user", "union_a", 404),
    ],
)
def test_organisation_page(cast, login, who, node, status):
    response = login(cast[who]).get(reverse("organisation_detail", args=[cast[node].pk]))
    assert response.status_code == status


@pytest.mark.parametrize("who", list(VISIBLE))
def test_api_organisations_match_the_tree(cast, client, who):
    from jiangxin.organisations.models import Organisation

    _, token = create_api_token(by=cast[who], name="t")
    response = client.get("/api/v1/organisations", headers={"Authorization": f"Bearer {token}"})
    ids = {o["id"] for o in response.json()["items"]}
    assert ids == set(Organisation.objects.visible_to(cast[who]).values_list("pk", flat=True))
    if who == "town_admin":
        assert ids == {cast[n].pk for n in ["town_a", "union_a", "union_b"]}


def test_viewer_cannot_add_a_child_node(cast, login):
    response = login(cast["county_viewer"]).get(
        reverse("organisation_new", args=[cast["county"].pk])
    )
    assert response.status_code == 403


def test_moving_an_enterprise_moves_its_workers(cast, login):
    from jiangxin.organisations.services import update_enterprise

    update_enterprise(by=cast["county_admin"], enterprise=cast["ent_a"], union=cast["union_c"])
    worker = cast["worker_a"]
    worker.refresh_from_db()
    assert worker.organisation == cast["union_c"] and worker.org_path == cast["union_c"].path
    # …so the town admins' views follow: 东石 now sees the worker, 安海 no longer does.
    assert login(cast["sibling_admin"]).get(f"/workers/{worker.pk}/").status_code == 200
    assert login(cast["town_admin"]).get(f"/workers/{worker.pk}/").status_code == 404


def test_the_admin_edits_enterprises_through_the_service(cast, client):
    from jiangxin.audit.models import AuditEntry

    client.force_login(
        cast["platform"], backend="jiangxin.accounts.backends.UsernameOrMobileBackend"
    )
    enterprise = cast["ent_a"]
    url = f"/admin/organisations/enterprise/{enterprise.pk}/change/"
    data = {
        "name": enterprise.name,
        "credit_code": "91350582MA2Y00010A",
        "industry": enterprise.industry.pk,
        "size": "large",
        "address": "安海镇",
        "union": enterprise.union.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "统一社会信用代码校验码错误" in response.content.decode()
    data["credit_code"] = enterprise.credit_code
    assert client.post(url, data).status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.size == "large"
    assert AuditEntry.objects.filter(action="update", object_id=str(enterprise.pk)).exists()
