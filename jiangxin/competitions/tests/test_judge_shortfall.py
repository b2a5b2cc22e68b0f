"""Contestants with too few judges after 执裁回避: the lock page names them before the chief
judge tries to lock (masked name, component, judges eligible vs required, who is recused and
why), and the lock is refused until another judge is appointed and has marked them.

In ``running`` three judges mark 技能操作考核 (a measurement aspect: one judge needed; a
judgement aspect: three). 裁判3号 works at 晋工机械 in 安海镇: contestant a (柯宝馨) works at
the same enterprise, b (曾小贤) is in the 安海 team — judge 3 is recused from both, which leaves
them two judges where the judgement aspect needs three. c (东石) keeps all three."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jiangxin import factories as f
from jiangxin.competitions import services
from jiangxin.competitions.models import Aspect, Component

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief(running, cast):
    user = f.user("chief")
    services.appoint_judge(
        by=cast["county_admin"], competition=running["competition"], user=user, role="chief"
    )
    return user


def _mark(judge, entry, running, value=2):
    services.record_score(by=judge, entry=entry, aspect=running["judged"], value=value)
    services.record_score(by=judge, entry=entry, aspect=running["measured"], outcome="full")


def test_judges_needed_follow_the_marking_rules(running):
    practical = running["practical"]
    assert services.judges_needed(practical, Aspect.Kind.JUDGEMENT) == 3  # 0–3 by three judges
    assert services.judges_needed(practical, Aspect.Kind.MEASUREMENT) == 1
    practical.rule = Component.Rule.TRIMMED  # drop the highest and lowest: three at least
    assert services.judges_needed(practical, Aspect.Kind.MEASUREMENT) == 3


def test_the_lock_page_warns_before_any_mark_is_given(running, chief, login):
    a, b, c = (running["entries"][k] for k in "abc")
    response = login(chief).get(reverse("judging_lock", args=[running["competition"].pk]))
    text = response.content.decode()
    assert "可评分裁判不足" in text
    # code and masked name, the component, eligible vs required — never the full name
    assert f"{a.code}</span> 柯** · 技能操作考核：可评分裁判 2 位，需 3 位" in text
    assert f"{b.code}</span> 曾** · 技能操作考核：可评分裁判 2 位，需 3 位" in text
    assert "柯宝馨" not in text and "曾小贤" not in text
    assert "裁判3号：裁判与选手同属一个企业，须回避" in text  # a's
    assert "裁判3号：裁判属于该选手所在参赛队的单位，须回避" in text  # b's
    assert f"{c.code}</span> 吴**" not in text  # three judges may mark c
    # what it means: no lock, no results, until the organiser appoints another judge
    assert "“技能操作考核”不能锁定" in text and "增派无需回避的裁判" in text
    home = login(chief).get(reverse("judging_list")).content.decode()
    assert "2 位选手可评分裁判不足" in home  # the chief's board says so too
    lock = reverse(
        "judging_lock_component", args=[running["competition"].pk, running["practical"].pk]
    )
    assert lock not in text


def test_locking_is_refused_until_another_judge_has_marked_them(running, chief, cast, login):
    competition = running["competition"]
    j1, j2, j3 = running["judges"]
    a, b, c = (running["entries"][k] for k in "abc")
    for judge in (j1, j2):
        for entry in (a, b, c):
            _mark(judge, entry, running)
    _mark(j3, c, running)
    # every judge who may mark has marked: a and b still hold two judgement marks of three
    with pytest.raises(ValidationError) as refused:
        services.lock_component(by=chief, component=running["practical"])
    message = refused.value.messages[0]
    assert message.startswith("以下选手因裁判回避，可评分的裁判不足：")
    assert f"{a.code}（柯**）可评分裁判 2 位，需 3 位" in message
    assert "须由主办单位为“技能操作考核”增派无需回避的裁判" in message
    confirm = login(chief).get(
        reverse("judging_lock_component", args=[competition.pk, running["practical"].pk])
    )
    assert "可评分的裁判不足" in confirm.content.decode()
    # the organiser appoints a fourth judge, from no enterprise of theirs; warned no more
    spare = f.user("judge4")
    services.appoint_judge(
        by=cast["county_admin"], competition=competition, user=spare, component=running["practical"]
    )
    status = services.mark_status(running["practical"])
    assert status["short_of_judges"] == []  # three may mark a and b now; two of them have
    assert len(status["lacking"]) == 2  # …and judge 4's marks are what is missing
    for entry in (a, b):
        _mark(spare, entry, running)
    services.lock_component(by=chief, component=running["practical"])
    running["practical"].refresh_from_db()
    assert running["practical"].locked_by == chief


def test_marks_given_before_a_judge_was_recused_still_count(running, chief, cast):
    """Judge 3 had marked a before being recused (their roster record moved to a's
    enterprise later, say): the three marks are there, nothing is short."""
    j1, j2, j3 = running["judges"]
    c = running["entries"]["c"]
    for judge in (j1, j2, j3):
        _mark(judge, c, running)
    status = services.mark_status(running["practical"])
    assert {s["code"] for s in status["short_of_judges"]} == {
        running["entries"][k].code for k in "ab"
    }
    # c is complete; were c's third judge now recused, its three marks would still stand
    services.remove_judge(
        by=cast["county_admin"],
        assignment=running["competition"].judges.get(user=j3),
    )
    codes = [s["code"] for s in services.mark_status(running["practical"])["short_of_judges"]]
    assert c.code not in codes


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_warning_fits_a_phone_and_a_laptop(running, chief, live_server, browser):
    from playwright.sync_api import expect

    from jiangxin.competitions.tests.test_browser_judging_tryout import NO_SIDEWAYS, _login

    j1, j2, _j3 = running["judges"]
    c = running["entries"]["c"]
    _mark(j1, c, running)
    _mark(j2, c, running)
    base, pk = live_server.url, running["competition"].pk
    for width in (390, 1366):
        context = browser.new_context(viewport={"width": width, "height": 844}, locale="zh-CN")
        page = context.new_page()
        _login(page, base, "chief")
        page.goto(f"{base}/judging/{pk}/lock/")
        warning = page.get_by_test_id("short-of-judges")
        expect(warning).to_be_visible()
        expect(warning.get_by_text("可评分裁判 2 位，需 3 位")).to_have_count(2)
        expect(page.get_by_role("link", name="锁定 技能操作考核")).to_have_count(0)
        assert page.evaluate(NO_SIDEWAYS), width
        page.screenshot(path=f"/tmp/leftovers-lock-{width}.png", full_page=True)
        context.close()
