"""Each role lands on its own work and is offered only what it can do; visitors reach the
public pages (results, certificate check) by clicking."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jiangxin import factories as f
from jiangxin.accounts.access import reach_of
from jiangxin.competitions import services as competition_services
from jiangxin.competitions.models import Competition, JudgeAssignment
from jiangxin.competitions.tests.conftest import COMPONENTS
from jiangxin.core.landing import landing_url

BACKEND = "jiangxin.accounts.backends.UsernameOrMobileBackend"


@pytest.fixture
def judge_only(cast):
    """An account with no grant and no roster record, appointed to judge one competition."""
    now = timezone.now()
    competition = competition_services.create_competition(
        by=cast["town_admin"],
        organiser=cast["town_a"],
        components=COMPONENTS,
        title="安海镇岗位练兵",
        level=Competition.Level.TOWN,
        kind=Competition.Kind.DRILL,
        registration_opens=now - datetime.timedelta(days=1),
        registration_closes=now + datetime.timedelta(days=1),
        held_on=timezone.localdate(),
    )
    judge = f.user("judge_only")
    JudgeAssignment.objects.create(competition=competition, user=judge)
    return judge


def _nav(client) -> list[str]:
    return [item["key"] for item in client.get(reverse("home"), follow=True).context["nav"]]


def test_each_role_lands_on_its_own_work(cast, judge_only):
    """Staff: the dashboard; a master of a current pair: 我的带徒 (below); another worker: their
    record; a judge: their scoring tasks; anyone else: their registration status."""
    assert landing_url(cast["town_admin"]) == reverse("home")
    assert landing_url(cast["county_viewer"]) == reverse("home")
    assert landing_url(cast["platform"]) == reverse("home")
    assert landing_url(cast["worker_user"]) == reverse("worker_detail", args=[cast["worker_a"].pk])
    assert landing_url(judge_only) == reverse("judging_list")
    assert landing_url(cast["outsider"]) == reverse("registration_status")


def test_a_judge_lands_on_their_scoring_tasks_after_login(cast, judge_only):
    judge_only.set_password("Jiangxin@2025x")
    judge_only.save()
    client = Client()
    response = client.post(
        reverse("login"), {"username": "judge_only", "password": "Jiangxin@2025x"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("judging_list")
    assert client.get(reverse("home"))["Location"] == reverse("judging_list")


@pytest.fixture
def master_of_a_pair(cast):
    """worker_c's account, the master of a current (active) pair with worker_b."""
    from jiangxin.mentoring import services as mentoring
    from jiangxin.workers.models import SkillLevel, Worker

    Worker.objects.filter(pk=cast["worker_c"].pk).update(
        skill_level=SkillLevel.L2, start_date=datetime.date(2005, 6, 1)
    )
    Worker.objects.filter(pk=cast["worker_b"].pk).update(post_category="key")
    programme = mentoring.create_programme(
        by=cast["platform"], organisation=cast["county"], year=2025, name="名师带高徒"
    )
    pair = mentoring.propose_pair(
        by=cast["platform"],
        programme=programme,
        master=Worker.objects.get(pk=cast["worker_c"].pk),
        apprentice=Worker.objects.get(pk=cast["worker_b"].pk),
        starts_on=timezone.localdate().replace(day=1),
    )
    mentoring.approve_pair(by=cast["platform"], pair=pair)
    master = f.user("master_only")
    master.set_password("Jiangxin@2025x")
    master.save()
    cast["worker_c"].account = master
    cast["worker_c"].save(update_fields=["account"])
    return master


def test_a_master_lands_on_their_pairs_after_login(cast, master_of_a_pair):
    assert landing_url(master_of_a_pair) == reverse("my_pairs")
    client = Client()
    response = client.post(
        reverse("login"), {"username": "master_only", "password": "Jiangxin@2025x"}
    )
    assert response["Location"] == reverse("my_pairs")
    assert client.get(reverse("home"))["Location"] == reverse("my_pairs")


def test_home_sends_a_worker_to_their_record(cast, login):
    response = login(cast["worker_user"]).get(reverse("home"))
    assert response["Location"] == reverse("worker_detail", args=[cast["worker_a"].pk])


def test_a_judge_sees_scoring_and_no_registration_or_staff_tools(cast, judge_only, client):
    client.force_login(judge_only, backend=BACKEND)
    keys = _nav(client)
    assert keys == ["judging", "my_account"]


def test_a_worker_sees_their_own_pages_only(cast, login):
    keys = _nav(login(cast["worker_user"]))
    # 我的五小申报: every worker may fill an application for an edition open to them
    assert keys == ["worker", "exam", "my-contest", "my-data", "my_account"]


def test_a_viewer_is_offered_no_import_or_review(cast, login):
    keys = _nav(login(cast["county_viewer"]))
    assert "import" not in keys and "registration" not in keys
    assert {"home", "worker", "competition", "contest", "api-docs"} <= set(keys)


def test_an_admin_is_offered_import_and_review(cast, login):
    keys = _nav(login(cast["town_admin"]))
    assert {"import", "registration", "token", "api-docs"} <= set(keys)
    assert "admin" not in keys


def test_an_account_without_anything_sees_its_registration_status(cast, login):
    assert _nav(login(cast["outsider"])) == ["registration", "my_account"]


def test_the_login_page_links_to_the_public_pages(db):
    body = Client().get(reverse("login")).content.decode()
    assert f'href="{reverse("public_results_list")}"' in body
    assert f'href="{reverse("certificate_verify_form")}"' in body


@pytest.mark.parametrize(
    "name", ["public_results_list", "certificate_verify_form", "login", "register"]
)
def test_every_public_page_has_the_public_header(db, name):
    body = Client().get(reverse(name)).content.decode()
    assert 'class="public-links"' in body
    for target in ("public_results_list", "certificate_verify_form", "login"):
        assert f'href="{reverse(target)}"' in body


def test_api_docs_open_inside_the_layout_with_debug_off(cast, login, settings):
    settings.DEBUG = False
    response = login(cast["town_admin"]).get("/api/v1/docs")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="sidebar"' in body and 'id="swagger-ui"' in body
    assert "ninja/swagger-ui-bundle" in body
    assert 'data-api-csrf="true"' in body


def test_reach_takes_the_sources_the_apps_registered(cast, judge_only):
    assert reach_of(judge_only).judge
    assert reach_of(cast["worker_user"]).worker_id == cast["worker_a"].pk
    assert reach_of(cast["worker_user"]).has("worker")
