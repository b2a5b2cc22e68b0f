"""What a first-time organiser met in the demo (issue 8, wave 4): finalising before the 公示 period
ends, opening with nothing to score, the layout presets and every error at once, closing with a
team without a leader, the deletion reason, the public-names note, the team page at full quota,
and forms without ``novalidate``."""

import datetime
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jiangxin import factories as f
from jiangxin.competitions import services
from jiangxin.competitions.models import Competition, Entry
from jiangxin.competitions.tests.conftest import published
from jiangxin.competitions.tests.test_manage_pages import _form

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(cast, client):
    client.force_login(cast["county_admin"])
    client.post(reverse("competition_new"), _form(cast))
    return Competition.objects.get()


@pytest.fixture
def team(draft, cast):
    services.transition(by=cast["county_admin"], competition=draft, step="open_registration")
    draft.refresh_from_db()
    return services.create_delegation(
        by=cast["town_admin"], competition=draft, organisation=cast["town_a"], name="安海镇代表队"
    )


# --- 1. finalise waits for the 公示 period, which the organiser sets ---------------------------


def test_finalising_during_the_publicity_period_is_shown_disabled_with_the_wait(
    marked, cast, login
):
    competition = published(marked, cast)
    client = login(cast["county_admin"])
    step = reverse("competition_step", args=[competition.pk, "finalise"])
    detail = client.get(reverse("competition_detail", args=[competition.pk])).content.decode()
    assert f'href="{step}"' not in detail  # no confirm link while waiting
    assert re.search(r"<button[^>]*disabled[^>]*>确认结果</button>", detail)
    assert "还剩 5 天），期满后才能确认" in detail
    page = client.get(step).content.decode()
    assert "还剩 5 天" in page and "<button" not in page.split("<main")[-1].split("</main>")[0]
    assert "确认：确认结果" not in page and "确认确认结果" not in page
    Competition.objects.filter(pk=competition.pk).update(
        publicity_until=timezone.now() - datetime.timedelta(minutes=1)
    )
    detail = client.get(reverse("competition_detail", args=[competition.pk])).content.decode()
    assert f'href="{step}"' in detail and "还剩" not in detail


def test_the_organiser_sets_the_publicity_days_and_the_publish_page_states_them(
    marked, cast, login
):
    competition = marked["competition"]
    Competition.objects.filter(pk=competition.pk).update(publicity_days=7)
    for component in competition.components.all():
        services.lock_component(by=marked["chief"], component=component)
    services.compute_results(by=cast["county_admin"], competition=competition)
    client = login(cast["county_admin"])
    page = client.get(reverse("competition_step", args=[competition.pk, "publish"]))
    assert "公示期为 7 天" in page.content.decode()
    client.post(reverse("competition_step", args=[competition.pk, "publish"]))
    competition.refresh_from_db()
    left = competition.publicity_until - timezone.now()
    assert datetime.timedelta(days=6, hours=23) < left <= datetime.timedelta(days=7)


@pytest.mark.parametrize(
    "days, message", [("0", "公示期至少 1 天"), ("31", "公示期最多 30 天"), ("abc", "1–30")]
)
def test_the_publicity_days_are_checked_on_the_form(cast, client, days, message):
    client.force_login(cast["county_admin"])
    response = client.post(reverse("competition_new"), _form(cast, publicity_days=days))
    assert message in response.content.decode() and not Competition.objects.exists()


def test_the_publicity_days_default_to_five(draft):
    assert draft.publicity_days == 5


# --- 2. opening with nothing to score warns; the contest cannot start so -------------------


def test_the_open_confirmation_lists_what_is_missing(draft, cast, client):
    url = reverse("competition_step", args=[draft.pk, "open_registration"])
    body = client.get(url).content.decode()
    assert "“技能操作考核”还没有评分要点" in body
    assert "还没有聘任裁判" in body
    client.post(url)  # warnings only: aspects and judges may still come
    draft.refresh_from_db()
    assert draft.status == Competition.Status.OPEN


def test_the_contest_cannot_start_while_a_judged_component_has_no_aspect(draft, cast):
    admin = cast["county_admin"]
    services.transition(by=admin, competition=draft, step="open_registration")
    services.create_delegation(
        by=cast["town_admin"], competition=draft, organisation=cast["town_a"], name="安海镇代表队"
    )
    services.enter_worker(
        by=cast["town_admin"], delegation=draft.delegations.get(), worker=cast["worker_a"]
    )
    services.transition(by=admin, competition=draft, step="close_registration")
    services.draw(by=admin, competition=draft)
    with pytest.raises(ValidationError, match="还没有评分要点，裁判无法评分"):
        services.transition(by=admin, competition=draft, step="start")


# --- 3/4. layout presets, the weights counted, every error at once ---------------------------


def test_only_practical_counts_the_practical_box_alone_and_names_it(cast, client):
    client.force_login(cast["county_admin"])
    page = client.get(reverse("competition_new")).content.decode()
    assert "data-presets=" in page and "competition_form.js" in page
    response = client.post(reverse("competition_new"), _form(cast, layout="0-100"))
    body = response.content.decode()
    assert "各部分的权重之和应为 100，现为 70（计入：实操 70）" in body
    assert not Competition.objects.exists()
    client.post(
        reverse("competition_new"), _form(cast, layout="0-100", practical_weight="100")
    )  # the theory box still shows 30: not counted
    competition = Competition.objects.get()
    assert [(c.kind, c.weight) for c in competition.components.all()] == [("practical", 100)]


def test_every_fields_error_shows_in_one_submit(cast, client):
    client.force_login(cast["county_admin"])
    now = timezone.localtime()
    response = client.post(
        reverse("competition_new"),
        _form(
            cast,
            registration_closes=(now - datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            practical_weight="60",
        ),
    )
    body = response.content.decode()
    assert "报名截止时间须晚于报名开始时间" in body
    assert "现为 90（计入：理论 30 + 实操 60）" in body


# --- 5. closing with a team without a leader ---------------------------------------------------


def test_closing_warns_of_a_team_without_a_leader_and_the_checklist_stops_asking(
    team, draft, cast, client
):
    url = reverse("competition_step", args=[draft.pk, "close_registration"])
    body = client.get(url).content.decode()
    assert "安海镇代表队未指定领队：截止后不能再指定，申诉只能由选手本人提出" in body
    client.post(url)
    client.force_login(cast["town_admin"])
    body = client.get(reverse("competition_detail", args=[draft.pk])).content.decode()
    team_url = reverse("delegation_detail", args=[draft.pk, team.pk])
    assert "指定领队" in body and "未指定（报名已截止）" in body
    assert f'<a href="{team_url}">指定领队</a>' not in body


# --- 6. the deletion reason names the state ---------------------------------------------------


def test_deleting_a_published_competition_names_its_state(marked, cast, login):
    competition = published(marked, cast)
    body = (
        login(cast["county_admin"])
        .get(reverse("competition_delete", args=[competition.pk]))
        .content.decode()
    )
    assert "竞赛已公示结果，不能删除" in body and "报名已开放" not in body


# --- 7. the organiser's public page says what the public sees ---------------------------------


def test_the_public_page_tells_the_organiser_what_the_public_sees(marked, cast, login):
    competition = published(marked, cast)
    url = reverse("public_results", args=[competition.pk])
    body = login(cast["county_admin"]).get(url).content.decode()
    assert "公众看到的姓名：脱敏（如 柯**）" in body
    assert "团体积分：代表队每位获奖队员按所获奖项计分" in body and "一等奖 2 分" in body
    assert "公众看到的姓名" not in login(None).get(url).content.decode()
    detail = (
        login(cast["county_admin"])
        .get(reverse("competition_detail", args=[competition.pk]))
        .content.decode()
    )
    assert "<th>证书</th>" in detail


# --- 8. the team page at a quota error and at full quota --------------------------------------


def test_a_quota_error_keeps_the_filter_and_a_full_team_says_so(team, draft, cast, client):
    client.force_login(cast["town_admin"])
    extra = [f.worker(cast["union_a"], name, enterprise_obj=cast["ent_a"]) for name in "甲乙丙"]
    add = reverse("members_add", args=[draft.pk, team.pk])
    query = f"?enterprise={cast['ent_a'].pk}"
    response = client.post(add + query, {"workers": [w.pk for w in extra]})  # 3 > quota 2
    body = response.content.decode()
    assert response.status_code == 400 and not Entry.objects.exists()
    assert f'action="{add}?enterprise={cast["ent_a"].pk}"' in body
    assert f'<option value="{cast["ent_a"].pk}" selected>' in body
    response = client.post(add + query, {"workers": [w.pk for w in extra[:2]]})
    assert response["Location"].endswith(query)
    body = client.get(reverse("delegation_detail", args=[draft.pk, team.pk])).content.decode()
    assert "名额已满（每队 2 人），下列职工不能再报名" in body and "还可报名 0 人" not in body
    assert "名额已满</span>" in body and "可报名</span>" not in body
    assert 'name="workers"' not in body


# --- 9/10. layout and forms ------------------------------------------------------------------


def test_the_status_pill_and_short_buttons_do_not_stretch_or_wrap():
    css = (Path(__file__).parents[2] / "core/static/core/app.css").read_text()
    badge = re.search(r"\.badge \{[^}]*\}", css).group(0)
    assert "inline-flex" in badge and "align-items: center" in badge
    assert "align-self: center" in badge
    assert "white-space: nowrap" in re.search(r"\.btn-small \{[^}]*\}", css).group(0)


def test_every_form_with_fields_in_every_template_has_novalidate():
    # Our messages on the field replace the browser's own (English) tooltips: every app.
    apps = Path(__file__).parents[2]
    missing = []
    for path in apps.glob("*/templates/**/*.html"):
        text = path.read_text()
        for m in re.finditer(r"<form\b([^>]*)>(.*?)</form>", text, re.S):
            fields = re.findall(
                r"<input(?![^>]*type=\"hidden\")|<select|<textarea|field\.html|form_fields"
                r"|\{\{ *\w*form\.\w+ *\}\}|\{\{ *field *\}\}",
                m.group(2),
            )
            if fields and "novalidate" not in m.group(1):
                missing.append(f"{path.name}:{text[: m.start()].count(chr(10)) + 1}")
    assert not missing
