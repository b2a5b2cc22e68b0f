"""A12: nobody is offered a link or a button that ends in 403 (or 404) — checked by following
every link and form on the roster, enterprise, organisation, import and registration pages as
each member of the cast; a worker's own record carries no staff tools. C6: every list and
detail page of these apps runs in a bounded number of queries."""

import re

import pytest
from django.urls import Resolver404, resolve, reverse

from jiangxin import factories as f
from jiangxin.workers.models import ImportJob

MY_APPS = ("workers", "organisations", "accounts")
LINK = re.compile(r'href="(/[^"#?]*)(?:\?[^"]*)?"')
POST_FORM = re.compile(r'<form method="post"[^>]*action="(/[^"]*)"')
SKIP = ("/logout/", "/admin/", "/api/", "/static/", "/media/")


def _pages(cast) -> list[str]:
    return [
        reverse("worker_list"),
        reverse("worker_detail", args=[cast["worker_a"].pk]),
        reverse("organisation_list"),
        reverse("organisation_detail", args=[cast["town_a"].pk]),
        reverse("enterprise_list"),
        reverse("enterprise_detail", args=[cast["ent_a"].pk]),
        reverse("import_list"),
        reverse("registration_list"),
    ]


def _ours(url: str) -> bool:
    try:
        match = resolve(url)
    except Resolver404:
        return False
    return match.func.__module__.split(".")[1] in MY_APPS


@pytest.mark.parametrize(
    "who", ["county_viewer", "admin_a", "town_admin", "county_admin", "worker_user", "platform"]
)
def test_every_link_and_button_offered_works_for_who_sees_it(cast, login, who):
    client = login(cast[who])
    for page in _pages(cast):
        response = client.get(page)
        if response.status_code == 404:  # a page this user has not: nothing offered
            continue
        assert response.status_code == 200, (who, page)
        html = response.content.decode()
        for url in set(LINK.findall(html)):
            if url.startswith(SKIP) or not _ours(url):
                continue
            status = client.get(url).status_code
            assert status in (200, 302), (who, page, "link", url, status)
        for action in set(POST_FORM.findall(html)):
            # A POST button is shown only to someone its policy lets through: its GET (the
            # same access check, then 405) must not be a 403 or 404.
            if not _ours(action) or action.startswith(SKIP):
                continue
            status = client.get(action).status_code
            assert status not in (403, 404), (who, page, "form", action, status)


def test_a_viewer_sees_no_import_add_or_edit(cast, login):
    client = login(cast["county_viewer"])
    listing = client.get(reverse("worker_list")).content.decode()
    assert reverse("worker_new") not in listing and reverse("import_new") not in listing
    imports = client.get(reverse("import_list")).content.decode()
    assert reverse("import_new") not in imports and reverse("import_template") not in imports
    detail = client.get(reverse("worker_detail", args=[cast["worker_a"].pk])).content.decode()
    assert reverse("worker_edit", args=[cast["worker_a"].pk]) not in detail
    assert reverse("worker_unmask", args=[cast["worker_a"].pk]) not in detail
    for url in [reverse("import_new"), reverse("import_template"), reverse("worker_new")]:
        assert client.get(url).status_code == 403, url
    assert client.get(reverse("enterprise_new")).status_code == 403


def test_a_workers_own_record_has_no_staff_tools(cast, login):
    worker = cast["worker_a"]
    html = login(cast["worker_user"]).get(reverse("worker_detail", args=[worker.pk]))
    html = html.content.decode()
    for staff in [
        reverse("worker_edit", args=[worker.pk]),
        reverse("honour_new", args=[worker.pk]),
        reverse("worker_list"),
        reverse("import_list"),
        reverse("registration_list"),
        reverse("organisation_list"),
    ]:
        assert f'href="{staff}"' not in html, staff
    assert reverse("worker_unmask", args=[worker.pk]) in html  # their own full number


# --- C6: query counts -------------------------------------------------------------------------


@pytest.fixture
def busy(cast):
    """Enough rows that a per-row query would show: 30 workers with honours, imports."""
    for n in range(30):
        w = f.worker(cast["union_a"], enterprise_obj=cast["ent_a"])
        if n % 3 == 0:
            from jiangxin.workers.models import Honour

            Honour.objects.create(worker=w, kind="craftsman", level="city", year=2020 + n % 5)
    for n in range(5):
        ImportJob.objects.create(created_by=cast["county_admin"], original_name=f"{n}.xlsx")
    return cast


@pytest.mark.parametrize(
    ("name", "args", "limit"),
    [
        ("worker_list", [], 12),
        ("worker_detail", ["worker_a"], 14),
        ("organisation_list", [], 8),
        ("organisation_detail", ["town_a"], 12),
        ("enterprise_list", [], 10),
        ("enterprise_detail", ["ent_a"], 10),
        ("import_list", [], 8),
        ("registration_list", [], 10),
    ],
)
def test_list_and_detail_pages_run_in_bounded_queries(
    busy, login, django_assert_max_num_queries, name, args, limit
):
    client = login(busy["county_admin"])
    url = reverse(name, args=[busy[a].pk for a in args])
    client.get(url)  # warm the per-process caches (filter choices, stamps)
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


def test_the_import_detail_page_runs_in_bounded_queries(busy, login, django_assert_max_num_queries):
    job = ImportJob.objects.filter(created_by=busy["county_admin"]).first()
    client = login(busy["county_admin"])
    with django_assert_max_num_queries(8):
        assert client.get(reverse("import_detail", args=[job.pk])).status_code == 200


@pytest.mark.parametrize(
    "query",
    ["skill_level=abc", "organisation=x", "page=-3", "page=abc", "honour=nope", "gender=Q"],
)
def test_bad_roster_query_values_show_a_message_not_an_error(cast, login, query):
    response = login(cast["county_admin"]).get(reverse("worker_list") + "?" + query)
    assert response.status_code == 200
    assert "筛选条件有误" in response.content.decode()


@pytest.mark.parametrize("query", ["industry=abc", "industry=99999", "page=0"])
def test_bad_enterprise_query_values_show_a_message(cast, login, query):
    response = login(cast["county_admin"]).get(reverse("enterprise_list") + "?" + query)
    assert response.status_code == 200 and "筛选条件有误" in response.content.decode()


def test_bad_registration_status_shows_a_message(cast, login):
    response = login(cast["county_admin"]).get(reverse("registration_list") + "?status=zzz")
    assert response.status_code == 200 and "筛选条件有误" in response.content.decode()


def test_the_menu_offers_import_only_to_who_may_import(cast, login):
    viewer = login(cast["county_viewer"]).get(reverse("worker_list")).content.decode()
    assert f'href="{reverse("import_list")}"' not in viewer
    admin = login(cast["county_admin"]).get(reverse("worker_list")).content.decode()
    assert f'href="{reverse("import_list")}"' in admin
