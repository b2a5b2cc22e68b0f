# ruff: noqa: F811  (the fixtures imported below are pytest arguments)
"""In a real browser, at 390 and 1366 px: the expert's sheet sums the points as they are typed
and the server refuses a point off the half-point step; the assessment form shows the assessor's
items 待评 and sums as they are entered. Screenshots go to SHOTS."""

import os

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from jiangxin import factories as f
from jiangxin.innovation import services_batches
from jiangxin.innovation.tests.batches_fixtures import (  # noqa: F401  (fixtures)
    application,
    applying_studio,
    batch,
    experts,
    score_all,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("JX_SHOTS", "/tmp/trialfix-shots")
SIZES = {"390": {"width": 390, "height": 844}, "1366": {"width": 1366, "height": 900}}


def _page(browser, live_server, username, size):
    context = browser.new_context(viewport=SIZES[size], locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()
    return context, page


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], (page.url, width)


@pytest.mark.parametrize("size", ["390", "1366"])
def test_the_expert_sees_the_total_as_they_type_and_a_wrong_step_refused(
    cast, application, experts, live_server, browser, size
):
    os.makedirs(SHOTS, exist_ok=True)
    services_batches.endorse_application(
        by=cast["town_admin"], application=application, opinion="同意推荐"
    )
    score_all(application, experts[1:], [[14, 13.5, 18, 9, 8.5, 9, 17.5]] * 2)
    context, page = _page(browser, live_server, experts[0].username, size)
    page.goto(live_server.url + reverse("application_detail", args=[application.pk]))
    expect(page.get_by_test_id("progress")).to_contain_text("2 / 3 位专家已完成评分")
    expect(page.get_by_test_id("progress")).to_contain_text("尚未评分：expert1")
    page.screenshot(path=f"{SHOTS}/application-expert-{size}.png", full_page=True)
    page.goto(live_server.url + reverse("application_score", args=[application.pk]))
    total = page.get_by_test_id("running-total")
    expect(total).to_contain_text("合计 0.0 分")
    expect(total).to_contain_text("另有 7 项未填")
    page.get_by_label("场所（满分 15）").fill("14")
    page.get_by_label("设施（满分 15）").fill("13.3")
    expect(total).to_contain_text("合计 27.3 分")
    expect(total).to_contain_text("另有 5 项未填")
    for label, value in (
        ("团队（满分 20）", "18"),
        ("制度（满分 10）", "9"),
        ("经费（满分 10）", "8.5"),
        ("台账（满分 10）", "9"),
        ("成效（满分 20）", "17.5"),
    ):
        page.get_by_label(label).fill(value)
    # 14 + 13.3 + 18 + 9 + 8.5 + 9 + 17.5 = 89.3
    expect(total).to_contain_text("合计 89.3 分")
    _no_sideways_scroll(page)
    page.screenshot(path=f"{SHOTS}/score-typing-{size}.png", full_page=True)
    page.get_by_role("button", name="提交评分").click()
    expect(page.get_by_text("「设施」按 0.5 分一档打分")).to_be_visible()
    expect(page.get_by_label("设施（满分 15）")).to_have_value("13.3")
    expect(total).to_contain_text("合计 89.3 分")  # summed again from the kept inputs
    page.screenshot(path=f"{SHOTS}/score-refused-{size}.png", full_page=True)
    page.get_by_label("设施（满分 15）").fill("13.5")
    page.get_by_role("button", name="提交评分").click()
    expect(page.get_by_test_id("my-total").first).to_contain_text("89.5 分")
    _no_sideways_scroll(page)
    page.screenshot(path=f"{SHOTS}/batch-expert-{size}.png", full_page=True)
    page.goto(live_server.url + reverse("application_detail", args=[application.pk]))
    expect(page.get_by_test_id("progress")).to_contain_text("3 / 3 位专家已完成评分")
    expect(page.get_by_test_id("decide-frozen")).to_have_text(
        "专家已全部评分，等待批次工会作出决定。"
    )
    page.screenshot(path=f"{SHOTS}/application-scored-{size}.png", full_page=True)
    context.close()


@pytest.mark.parametrize("size", ["390", "1366"])
def test_the_assessor_sees_items_pending_and_the_total_as_they_enter(
    cast, studio, live_server, browser, size
):
    os.makedirs(SHOTS, exist_ok=True)
    context, page = _page(browser, live_server, cast["town_admin"].username, size)
    page.goto(live_server.url + reverse("studio_assessment_new", args=[studio.pk]))
    pending = page.get_by_test_id("pending")
    expect(pending).to_have_count(2)
    expect(pending.first.locator("[data-role=points]")).to_have_text("待评")
    total = page.get_by_test_id("running-total")
    base = page.get_by_test_id("sheet-total").inner_text()
    expect(total).to_contain_text(f"合计 {base} 分")
    expect(total).to_contain_text("另有 2 项待评")
    page.screenshot(path=f"{SHOTS}/assessment-new-{size}.png", full_page=True)
    first = page.locator("input[data-points]").first
    first.fill("12")
    expect(pending.first.locator("[data-role=points]")).to_have_text("12.00")
    expect(pending.first.locator("[data-role=deduction]")).to_have_text("3.00")  # of 15
    expected = f"{float(base) + 12:.2f}"
    expect(total).to_contain_text(f"合计 {expected} 分")
    expect(total).to_contain_text("另有 1 项待评")
    _no_sideways_scroll(page)
    page.screenshot(path=f"{SHOTS}/assessment-typing-{size}.png", full_page=True)
    context.close()


@pytest.mark.parametrize("size", ["390", "1366"])
def test_the_application_form_says_where_the_error_is_and_to_choose_the_files_again(
    cast, batch, applying_studio, live_server, browser, size, tmp_path
):
    os.makedirs(SHOTS, exist_ok=True)
    material = tmp_path / "申报书.pdf"
    material.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer <<>>\n%%EOF\n")
    context, page = _page(browser, live_server, cast["admin_a"].username, size)
    page.goto(live_server.url + reverse("application_new", args=[batch.pk]))
    page.get_by_label("工作室").select_option(label=applying_studio.name)
    page.get_by_label("申报材料").set_input_files(str(material))
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="提交申报").click()
    expect(page.get_by_test_id("error-summary")).to_contain_text("请重新选择附件")
    expect(page.get_by_test_id("reselect")).to_be_visible()
    field = page.locator(".field", has=page.get_by_label("年度攻关项目"))
    expect(field).to_contain_text("本批次要求有年度攻关项目：请填写年度攻关项目")
    _no_sideways_scroll(page)
    page.screenshot(path=f"{SHOTS}/apply-error-{size}.png", full_page=True)
    context.close()
