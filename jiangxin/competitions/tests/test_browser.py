"""A judge marks on a phone, sees a spread flagged, fixes it; the chief judge locks."""

import pytest
from playwright.sync_api import expect

from jiangxin import factories as f
from jiangxin.competitions import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base, username):
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_judge_on_a_phone_fixes_a_flagged_spread_and_the_chief_locks(
    running, cast, live_server, browser
):
    j1, j2, j3 = running["judges"]
    spare = f.user("judge4")
    services.appoint_judge(
        by=cast["county_admin"],
        competition=running["competition"],
        user=spare,
        component=running["practical"],
    )
    chief = f.user("chief")
    services.appoint_judge(
        by=cast["county_admin"], competition=running["competition"], user=chief, role="chief"
    )
    entries = running["entries"]
    # Everything is marked already except judge1's judgement of entry c.
    for key, entry in entries.items():
        others = [j2, j3] if key == "c" else [j1, j2, spare]
        for judge in others:
            services.record_score(by=judge, entry=entry, aspect=running["judged"], value=3)
        services.record_score(by=j2, entry=entry, aspect=running["measured"], outcome="full")

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = phone.new_page()
    base = live_server.url
    _login(page, base, "judge1")
    page.get_by_role("button", name="菜单").click()  # the side menu folds away on a phone
    page.get_by_role("link", name="评分", exact=True).click()
    page.get_by_role("link", name=running["competition"].title).click()
    page.get_by_role("link", name=entries["c"].code).click()
    page.get_by_label("1 基本达到").check()
    page.get_by_label("扣分").fill("0")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text("超出允许分差 1 分").first).to_be_visible()
    page.get_by_label("2 达到").check()
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text("的评分已保存")).to_be_visible()
    expect(page.get_by_text("超出允许分差")).to_have_count(0)
    page.screenshot(path="/tmp/judge-phone.png", full_page=True)

    chief_page = phone.new_page()
    phone.clear_cookies()
    _login(chief_page, base, "chief")
    chief_page.goto(base + f"/judging/{running['competition'].pk}/lock/")
    chief_page.get_by_role("link", name="锁定 技能操作考核").click()
    expect(
        chief_page.get_by_text("锁定后本项目所有成绩不能再修改，只能通过申诉复核")
    ).to_be_visible()
    chief_page.get_by_role("button", name="确认锁定").click()
    expect(chief_page.get_by_text("技能操作考核”的成绩已锁定")).to_be_visible()
    running["practical"].refresh_from_db()
    assert running["practical"].locked_at is not None
    phone.close()


def test_a_visitor_reads_the_results_and_checks_a_certificate(final, cast, live_server, browser):
    from jiangxin.competitions.models import Certificate

    services.issue_certificates(by=cast["county_admin"], competition=final)
    certificate = Certificate.objects.get(rank=1)
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = phone.new_page()
    page.goto(live_server.url + "/results/")
    page.get_by_role("link", name=final.title).click()
    rows = page.locator("table").first.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("柯**")  # names masked as the organiser chose
    expect(rows.first).to_contain_text("一等奖")
    expect(page.get_by_text("柯宝馨")).to_have_count(0)
    expect(page.get_by_test_id("team-table").locator("tbody tr").first).to_contain_text(
        "安海镇代表队"
    )
    page.locator("#main").get_by_role("link", name="证书核验").click()
    page.get_by_label("证书验证码").fill("ABCD-EFGH-JKLM")
    page.get_by_role("button", name="核验").click()
    expect(page.get_by_test_id("verify-result")).to_contain_text("未找到该证书")
    page.get_by_label("证书验证码").fill(certificate.display_code.lower())
    page.get_by_role("button", name="核验").click()
    result = page.get_by_test_id("verify-result")
    expect(result).to_contain_text("证书真实有效")
    expect(result).to_contain_text("一等奖（第 1 名）")
    expect(result).to_contain_text("柯**")
    page.screenshot(path="/tmp/certificate-check.png", full_page=True)
