# ruff: noqa: F811  (the fixtures imported below are pytest arguments)
"""The whole story of a studio in one browser session, on one set of data, as first-time users
play it through the pages (menus, links and buttons; URLs typed only for the sign-in page and
the verification link read off the page):

安海镇总工会 (town A) has an open naming batch with the default score sheet and two experts.
晋工机械's union admin (1366 px) applies for 恒新劳模创新工作室 with a PDF; the town endorses;
both experts score on a phone (390 px); the town decides, publishes the 公示, a worker objects
and the town answers, the window passes, the town names the studio and anyone can verify the
certificate. The studio's lead signs in on a phone, finds the studio from the menu, files the
quarter's report and records a patent. Last, the town admin opens the registry, sees the
12-month warning on 力利玩具's studio (whose only output is 14 months old), filters on it and
opens it.

Screenshots in SHOTS (default /tmp/e2e-shots)."""

from __future__ import annotations

import datetime
import os
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from jiangxin import factories as f
from jiangxin.innovation import services, services_batches, services_record
from jiangxin.innovation.models import QuarterlyReport, StudioApplication
from jiangxin.innovation.tests.batches_fixtures import (  # noqa: F401  (fixtures)
    PDF,
    applying_studio,
    move_publicity_back,
)
from jiangxin.workers.models import Honour, SkillLevel
from jiangxin.workers.services import add_honour

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("JX_SHOTS", "/tmp/e2e-shots")
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}
SHEET = ["场所", "设施", "团队", "制度", "经费", "台账", "成效"]


@pytest.fixture
def story(cast, applying_studio):
    """The batch, its two experts, the lead's account and the warned studio of 力利玩具."""
    today = timezone.localdate()
    experts = [f.user("expert_chen"), f.user("expert_lin")]
    batch = services_batches.open_batch(
        by=cast["town_admin"],
        organisation=cast["town_a"],
        title="2025年安海镇创新工作室命名",
        year=2025,
        kinds=["model_worker", "craftsman"],
        deadline=today + datetime.timedelta(days=30),
        plaque_prefix="安海工作室",
        experts=experts,
    )
    lead_user = f.user("hongzhiming")
    lead = applying_studio.lead
    lead.account = lead_user
    lead.save(update_fields=["account"])
    # 力利玩具's 工匠创新工作室: named in 2023, its only output 14 months old (≈ 425 days)
    other_lead = f.worker(
        cast["union_b"], "蔡志强", enterprise_obj=cast["ent_b"], skill_level=SkillLevel.L2
    )
    add_honour(
        by=cast["town_admin"],
        worker=other_lead,
        kind=Honour.Kind.CRAFTSMAN,
        level=Honour.Level.CITY,
        year=2022,
    )
    warned = services.create_studio(
        by=cast["town_admin"],
        name="蔡志强工匠创新工作室",
        kind="craftsman",
        naming_level="city",
        naming_body=cast["city"],
        enterprise=cast["ent_b"],
        lead=other_lead,
        focus="注塑模具快速换模",
        founded=datetime.date(2022, 3, 1),
        state="named",
        named_on=datetime.date(2023, 5, 1),
    )
    old_output = services_record.add_output(
        by=cast["town_admin"],
        studio=warned,
        kind="method",
        title="蔡志强快速换模法",
        date=today - datetime.timedelta(days=425),
    )
    return {
        "batch": batch,
        "experts": experts,
        "lead_user": lead_user,
        "warned": warned,
        "old_output": old_output,
    }


def _page(browser, viewport) -> Page:
    context = browser.new_context(viewport=viewport, locale="zh-CN", is_mobile=viewport == PHONE)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # the irreversible steps ask first
    return page


def _login(page: Page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("button", name="退出")).to_be_attached()


def _menu(page: Page, label: str) -> None:
    """Open an entry of the side menu (on a phone, through ☰ first)."""
    toggle = page.get_by_role("button", name="菜单")
    if toggle.is_visible():
        toggle.click()
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name=label).click()


def _fits_phone(page: Page) -> None:
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], (page.url, width)


def _shot(page: Page, name: str) -> None:
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_apply_score_name_report_on_a_phone_and_the_warning(
    cast, story, applying_studio, live_server, browser, tmp_path
):
    os.makedirs(SHOTS, exist_ok=True)
    base, batch = live_server.url, story["batch"]
    material = tmp_path / "恒新工作室申报书.pdf"
    material.write_bytes(PDF)

    # 1. 晋工机械's union admin finds the batch from the menu and applies (1366 px)
    union = _page(browser, DESK)
    _login(union, base, "admin_a")
    _menu(union, "工作室命名")
    union.get_by_role("link", name=batch.title).click()
    union.get_by_role("link", name="申报工作室").click()
    union.get_by_label("工作室").select_option(label=applying_studio.name)
    union.get_by_label("年度攻关项目").fill("卫生材料高吸水层减薄攻关")
    union.get_by_label("申报材料").set_input_files(str(material))
    _shot(union, "01-apply-1366")
    union.get_by_role("button", name="提交申报").click()
    expect(union.get_by_text("申报已提交，下一步：等待上级工会推荐。")).to_be_visible()
    expect(union.get_by_test_id("state")).to_have_text("已提交，待推荐")
    expect(union.get_by_test_id("files")).to_contain_text("恒新工作室申报书.pdf")
    expect(union.get_by_text("等待申报企业工会的上级工会推荐。")).to_be_visible()
    application = StudioApplication.objects.get()

    # 2. the town endorses it from the batch's page (1366 px)
    town = _page(browser, DESK)
    _login(town, base, "town_admin")
    _menu(town, "工作室命名")
    town.get_by_role("link", name=batch.title).click()
    town.get_by_test_id("applications").get_by_role("link", name=applying_studio.name).click()
    town.get_by_label("推荐意见").fill("该工作室团队稳定，成果突出，同意推荐。")
    town.get_by_role("button", name="推荐", exact=True).click()
    expect(town.get_by_text("已推荐，下一步：专家评分。")).to_be_visible()
    expect(town.get_by_test_id("state")).to_have_text("已推荐，评审中")
    expect(town.get_by_text("0 / 2 位专家已完成评分。")).to_be_visible()

    # 3. both experts score on a phone: they land on their batches after signing in
    # expert_chen 12+13+18+8+9+8+17 = 85; expert_lin 14+12+16+9+8+9+15 = 83 → mean 84.00
    for n, (username, points) in enumerate(
        (
            ("expert_chen", ["12", "13", "18", "8", "9", "8", "17"]),
            ("expert_lin", ["14", "12", "16", "9", "8", "9", "15"]),
        )
    ):
        expert = _page(browser, PHONE)
        _login(expert, base, username)
        expect(expert.get_by_role("heading", name="工作室命名")).to_be_visible()
        expert.get_by_role("link", name=batch.title).click()
        _fits_phone(expert)
        if n == 0:
            _shot(expert, "03-batch-390")
        expert.get_by_role("link", name=applying_studio.name).click()
        expect(expert.get_by_text("您是本批次的评审专家，尚未评分。")).to_be_visible()
        _fits_phone(expert)
        if n == 0:  # the first expert reads the material before scoring
            _shot(expert, "03-application-390")
            with expert.expect_download() as download:
                expert.get_by_role("link", name="恒新工作室申报书.pdf").click()
            assert download.value.suggested_filename == "恒新工作室申报书.pdf"
        expert.get_by_role("link", name="去评分").click()
        for label, value in zip(SHEET, points, strict=True):
            expert.get_by_label(label, exact=False).fill(value)
        _fits_phone(expert)
        if n == 0:
            _shot(expert, "03-score-390")
        expert.get_by_role("button", name="提交评分").click()
        total = sum(int(p) for p in points)
        expect(expert.get_by_text(f"评分已保存，合计 {total}.0 分。")).to_be_visible()
        expect(expert.get_by_test_id("applications")).to_contain_text("修改评分")
        _fits_phone(expert)
        expert.context.close()

    # 4. the town decides on the mean of the two sheets
    town.reload()
    expect(town.get_by_text("2 / 2 位专家已完成评分。")).to_be_visible()
    expect(town.get_by_test_id("average")).to_have_text("84.00")
    town.get_by_label("通过", exact=True).check()
    town.get_by_role("button", name="作出决定").click()
    expect(town.get_by_text("已作出决定。全部申报决定后，在批次页发布公示。")).to_be_visible()
    expect(town.get_by_test_id("state")).to_have_text("评审通过")

    # 5. 公示 from the batch's page; a worker objects on the public 公示 page; the town answers
    town.get_by_role("link", name=batch.title).click()
    town.get_by_role("button", name="发布公示").click()
    expect(town.get_by_text("公示已发布，本批次停止受理申报")).to_be_visible()
    _shot(town, "05-publicity-1366")
    worker = _page(browser, PHONE)
    _login(worker, base, "worker")
    _menu(worker, "公示结果")
    worker.get_by_role("link", name="创新工作室命名公示").click()
    expect(worker.get_by_text(applying_studio.name)).to_be_visible()
    _fits_phone(worker)
    worker.get_by_role("link", name="提出异议").click()
    worker.get_by_label("异议内容").fill("工作室场所面积与实际不符。")
    _fits_phone(worker)
    worker.get_by_role("button", name="提交异议").click()
    expect(worker.get_by_text("异议已提交，命名单位将在命名前答复。")).to_be_visible()
    _shot(worker, "05-objection-390")
    worker.context.close()
    town.get_by_test_id("applications").get_by_role("link", name=applying_studio.name).click()
    expect(town.get_by_test_id("objection")).to_contain_text("工作室场所面积与实际不符。")
    town.get_by_label("答复").fill("经现场核实，场所面积为 60 平方米，异议不成立。")
    town.get_by_role("button", name="答复", exact=True).click()
    expect(town.get_by_test_id("objection")).to_contain_text("异议不成立")

    # 6. the window passes (the test stands in for the calendar); the town names the studio
    move_publicity_back(batch, 10)
    town.reload()
    town.get_by_role("button", name="命名", exact=True).click()
    expect(town.get_by_text("已命名，牌匾编号 安海工作室〔2025〕1号")).to_be_visible()
    expect(town.get_by_test_id("state")).to_have_text("已命名")
    expect(town.get_by_test_id("naming")).to_contain_text("50000.00 元（新申报）")
    _shot(town, "06-named-1366")
    application.refresh_from_db()
    assert application.state == "named" and application.score == Decimal("84.00")
    town.set_viewport_size(PHONE)  # the whole record of the application reads on a phone too
    _fits_phone(town)
    _shot(town, "06-named-390")
    town.set_viewport_size(DESK)

    # 7. anyone verifies the certificate through the link on the page (phone, signed out)
    verify_href = (
        town.get_by_test_id("naming").get_by_role("link", name="核验").get_attribute("href")
    )
    assert verify_href == f"/verify/{application.certificate.display_code}/"
    visitor = _page(browser, PHONE)
    visitor.goto(base + verify_href)
    result = visitor.get_by_test_id("verify-result")
    expect(result).to_contain_text("证书真实有效")
    expect(result).to_contain_text(applying_studio.name)
    _fits_phone(visitor)
    _shot(visitor, "07-verify-390")
    visitor.context.close()

    # 8. the lead, on a phone, finds the studio from the menu and files the quarter's report
    lead = _page(browser, PHONE)
    _login(lead, base, "hongzhiming")
    expect(lead.get_by_test_id("worker-studios")).to_contain_text(  # they land on their record
        f"{applying_studio.name} 劳模创新工作室 · 已命名"
    )
    _fits_phone(lead)
    _menu(lead, "我的工作室")
    expect(lead.get_by_role("heading", name=applying_studio.name)).to_be_visible()
    expect(lead.get_by_text("安海工作室〔2025〕1号")).to_be_visible()
    _fits_phone(lead)
    _shot(lead, "08-studio-390")
    lead.get_by_role("link", name="填报季度报告").click()
    today = timezone.localdate()
    expect(lead.get_by_label("年度")).to_have_value(str(today.year))
    lead.get_by_label("本季度工作情况").fill("完成高吸水层减薄试验两轮，形成改进方案一份。")
    lead.get_by_label("开展活动（次）").fill("4")
    lead.get_by_label("参与职工（人次）").fill("32")
    lead.get_by_label("解决技术难题（项）").fill("1")
    _fits_phone(lead)
    _shot(lead, "08-report-390")
    lead.get_by_role("button", name="提交报告").click()
    expect(lead.get_by_text("季度报告已提交")).to_be_visible()
    _fits_phone(lead)
    lead.get_by_role("link", name="登记成果").click()
    lead.get_by_label("成果类别").select_option(label="专利")
    lead.get_by_label("名称").fill("一种超薄高吸水复合芯体")
    lead.get_by_label("日期").fill(today.isoformat())
    lead.get_by_label("专利类型").select_option(label="实用新型")
    lead.get_by_label("编号").fill("ZL202620123456.7")
    lead.get_by_label("专利状态").select_option(label="已受理")
    _fits_phone(lead)
    lead.get_by_role("button", name="保存").click()
    expect(lead.get_by_text("成果已登记")).to_be_visible()
    expect(lead.get_by_test_id("outputs")).to_contain_text("一种超薄高吸水复合芯体")
    expect(lead.get_by_test_id("reports")).to_contain_text("待验收")
    expect(lead.get_by_test_id("record-figures").locator('[data-figure="patents"]')).to_have_text(
        "1"
    )
    _fits_phone(lead)
    _shot(lead, "08-record-390")
    lead.get_by_test_id("reports").get_by_role("link").click()  # the report carries the patent
    expect(lead.get_by_test_id("report-outputs")).to_contain_text("专利 · 一种超薄高吸水复合芯体")
    expect(lead.get_by_text("待工会验收；验收前领办人可以修改。")).to_be_visible()
    _fits_phone(lead)
    _shot(lead, "08-report-detail-390")
    report = QuarterlyReport.objects.get(studio=applying_studio)
    assert report.filed_by == story["lead_user"] and report.participants == 32
    assert applying_studio.outputs.get().added_by == story["lead_user"]
    lead.context.close()

    # 9. the town's registry: the named studio counts, the other one is warned; open it
    _menu(town, "创新工作室")
    expect(town.get_by_test_id("named-count")).to_have_text("2")
    expect(town.get_by_test_id("warned-count")).to_contain_text("1 家工作室已12个月没有登记成果")
    warned_row = town.get_by_role("row").filter(has=town.get_by_test_id("warning"))
    expect(warned_row).to_have_count(1)
    expect(warned_row).to_contain_text(story["warned"].name)
    _shot(town, "09-registry-1366")
    town.get_by_label("预警").select_option(label="12个月无成果")  # data-autosubmit
    expect(town).to_have_url(re.compile(r"warning=yes"))
    expect(town.get_by_role("link", name=applying_studio.name)).to_have_count(0)
    town.get_by_role("link", name=story["warned"].name).click()
    last = story["old_output"].date.isoformat()
    expect(town.get_by_test_id("studio-warning")).to_contain_text(
        f"预警：该工作室已12个月没有登记成果（最近一项在 {last}）"
    )
    _shot(town, "09-warned-studio-1366")
