"""Who may open, change and list roster records: the matrix over the fixed cast."""

import pytest
from django.urls import reverse

from jiangxin.accounts.services import create_api_token

# Which of worker_a / worker_b / worker_c each user may open.
VISIBLE = {
    "outsider": set(),
    "worker_user": {"worker_a"},
    "admin_a": {"worker_a"},
    "admin_b": {"worker_b"},
    "town_admin": {"worker_a", "worker_b"},
    "sibling_admin": {"worker_c"},
    "county_viewer": {"worker_a", "worker_b", "worker_c"},
    "county_admin": {"worker_a", "worker_b", "worker_c"},
    "platform": {"worker_a", "worker_b", "worker_c"},
}
# Which each user may change.
EDITABLE = {
    "outsider": set(),
    "worker_user": set(),
    "admin_a": {"worker_a"},
    "admin_b": {"worker_b"},
    "town_admin": {"worker_a", "worker_b"},
    "sibling_admin": {"worker_c"},
    "county_viewer": set(),
    "county_admin": {"worker_a", "worker_b", "worker_c"},
    "platform": {"worker_a", "worker_b", "worker_c"},
}
WORKERS = ["worker_a", "worker_b", "worker_c"]
UNION_USERS = [
    "admin_a",
    "admin_b",
    "town_admin",
    "sibling_admin",
    "county_viewer",
    "county_admin",
    "platform",
]


@pytest.mark.parametrize("who", list(VISIBLE))
@pytest.mark.parametrize("target", WORKERS)
def test_worker_page_is_404_unless_visible(cast, login, who, target):
    client = login(cast[who])
    response = client.get(reverse("worker_detail", args=[cast[target].pk]))
    assert response.status_code == (200 if target in VISIBLE[who] else 404)


@pytest.mark.parametrize("who", list(VISIBLE))
@pytest.mark.parametrize("target", WORKERS)
def test_edit_page_is_403_when_visible_but_not_editable(cast, login, who, target):
    client = login(cast[who])
    response = client.get(reverse("worker_edit", args=[cast[target].pk]))
    if target in EDITABLE[who]:
        assert response.status_code == 200
    elif target in VISIBLE[who]:
        assert response.status_code == 403
    else:
        assert response.status_code == 404


def test_anonymous_is_sent_to_login(cast, login):
    client = login(None)
    for url in [
        reverse("worker_list"),
        reverse("worker_detail", args=[cast["worker_a"].pk]),
        reverse("worker_export"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", UNION_USERS)
def test_list_holds_exactly_the_rows_the_user_may_open(cast, login, who):
    client = login(cast[who])
    response = client.get(reverse("worker_list"))
    assert response.status_code == 200
    listed = {int(w.url.strip("/").split("/")[-1]) for w in response.context["rows"]}
    assert listed == {cast[t].pk for t in VISIBLE[who]}


@pytest.mark.parametrize("who", UNION_USERS)
def test_search_holds_only_rows_the_user_may_open(cast, login, who):
    client = login(cast[who])
    response = client.get(reverse("worker_list"), {"q": "zxx"})
    listed = {int(w.url.strip("/").split("/")[-1]) for w in response.context["rows"]}
    assert listed == ({cast["worker_b"].pk} if "worker_b" in VISIBLE[who] else set())


@pytest.mark.parametrize("who", ["worker_user", "outsider"])
def test_roster_pages_are_not_for_workers(cast, login, who):
    client = login(cast[who])
    assert client.get(reverse("worker_list")).status_code == 404
    assert client.get(reverse("worker_export")).status_code == 404
    assert client.get(reverse("import_new")).status_code == 404


@pytest.mark.parametrize("who", UNION_USERS)
def test_export_holds_exactly_the_rows_the_user_may_open(cast, login, who):
    import io

    from openpyxl import load_workbook

    client = login(cast[who])
    response = client.get(reverse("worker_export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == {cast[t].name for t in VISIBLE[who]}


@pytest.mark.parametrize("who", list(VISIBLE))
def test_api_collection_holds_exactly_the_rows_the_user_may_open(cast, client, who):
    _, token = create_api_token(by=cast[who], name="test")
    response = client.get("/api/v1/workers", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    ids = {item["id"] for item in response.json()["items"]}
    assert ids == {cast[t].pk for t in VISIBLE[who]}


@pytest.mark.parametrize("who", list(VISIBLE))
@pytest.mark.parametrize("target", WORKERS)
def test_api_item_is_404_unless_visible(cast, client, who, target):
    _, token = create_api_token(by=cast[who], name="test")
    response = client.get(
        f"/api/v1/workers/{cast[target].pk}", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == (200 if target in VISIBLE[who] else 404)


def test_api_without_token_is_401(cast, client):
    assert client.get("/api/v1/workers").status_code == 401
    assert (
        client.get("/api/v1/workers", headers={"Authorization": "Bearer wrong"}).status_code == 401
    )


def test_api_answers_are_masked(cast, client):
    _, token = create_api_token(by=cast["platform"], name="test")
    body = client.get(
        "/api/v1/workers", headers={"Authorization": f"Bearer {token}"}
    ).content.decode()
    for key in ["worker_a", "worker_b", "worker_c"]:
        worker = cast[key]
        assert worker.id_number() not in body
        assert worker.mobile() not in body
        assert worker.id_number_masked in body
