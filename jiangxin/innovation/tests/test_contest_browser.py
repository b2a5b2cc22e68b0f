# ruff: noqa: F811  (the fixtures imported below are pytest arguments)
"""In Chromium: worker A fills a 五小 application on a phone (390 px) with a PDF and a cover,
submits it; 晋工机械's union endorses it (1366 px); the town's edition page counts it.
Screenshots in /tmp/contest-shots/."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from jiangxin.innovation.models import ContestApplication
from jiangxin.innovation.tests.browsing import DESK, PHONE, no_sideways_scroll, signed_in
from jiangxin.innovation.tests.contest_fixtures import PDF, PNG, edition  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/contest-shots")


def test_a_worker_applies_on_a_phone_and_the_union_endorses(
    cast, edition, live_server, browser, tmp_path
):
    SHOTS.mkdir(exist_ok=True)
    base = live_server.url
    (tmp_path / "说明书.pdf").write_bytes(PDF)
    (tmp_path / "封面.png").write_bytes(PNG)

    phone = signed_in(browser, base, cast["worker_user"], PHONE)
    phone.goto(f"{base}/innovation/contest/mine/")
    phone.get_by_role("link", name="填写申报").click()
    phone.get_by_label("项目名称").fill("数控折弯机快速换模夹具")
    phone.get_by_label("类别").select_option(label="小革新")
    phone.get_by_label("项目类型").select_option(label="技术创新类")
    phone.get_by_label("效益类型").select_option(label="工艺改进")
    phone.locator("#id_started_on").fill(f"{edition.year - 1}-09-01")
    phone.locator("#id_completed_on").fill(f"{edition.year}-03-20")
    phone.get_by_label("项目背景").fill("换模一次需 40 分钟。")
    phone.get_by_label("主要内容").fill("柯宝馨班组设计定位销与快换压板。")
    phone.get_by_label("创新点").fill("免工具锁紧。")
    phone.get_by_label("应用成果").fill("三台设备使用。")
    phone.get_by_label("经济效益（万元）").fill("12.35")
    phone.get_by_label("申报材料").set_input_files(str(tmp_path / "说明书.pdf"))
    phone.get_by_label("封面图片").set_input_files(str(tmp_path / "封面.png"))
    phone.get_by_label("涉及国家安全").check()
    no_sideways_scroll(phone)
    phone.screenshot(path=str(SHOTS / "form-390.png"), full_page=True)
    phone.get_by_role("button", name="保存草稿").click()
    expect(phone.get_by_text("草稿已保存")).to_be_visible()
    expect(phone.get_by_test_id("completers")).to_contain_text("柯宝馨（100%）")
    no_sideways_scroll(phone)
    phone.screenshot(path=str(SHOTS / "draft-390.png"), full_page=True)
    # the checker's answers before submission: 国家安全 blocks, the name in the text is warned
    expect(phone.locator('[data-key="national_security"]')).to_contain_text("不可提交")
    expect(phone.get_by_test_id("mentions")).to_contain_text("“主要内容”中出现“柯宝馨”")
    desk = signed_in(browser, base, cast["worker_user"], DESK)
    desk.goto(phone.url)
    desk.screenshot(path=str(SHOTS / "draft-1366.png"), full_page=True)
    phone.get_by_role("link", name="提交申报").click()
    expect(phone.get_by_test_id("blocked")).to_be_visible()
    expect(phone.get_by_role("button", name="确认提交")).to_have_count(0)
    no_sideways_scroll(phone)
    phone.screenshot(path=str(SHOTS / "submit-blocked-390.png"), full_page=True)
    phone.get_by_role("link", name="返回修改").click()
    phone.get_by_role("link", name="修改", exact=True).click()
    phone.get_by_label("涉及国家安全").uncheck()
    phone.get_by_label("主要内容").fill("本班组设计定位销与快换压板。")
    phone.get_by_role("button", name="保存草稿").click()
    expect(phone.get_by_test_id("mentions")).to_have_count(0)
    expect(phone.locator(".answer-passed")).to_have_count(7)
    phone.get_by_role("link", name="提交申报").click()
    phone.get_by_role("button", name="确认提交").click()
    expect(phone.get_by_test_id("state")).to_have_text("已提交，待企业工会推荐")
    application = ContestApplication.objects.get()

    union = signed_in(browser, base, cast["admin_a"], DESK)
    union.goto(f"{base}/innovation/contest/{edition.pk}/")
    union.get_by_role("link", name="待推荐（1）").click()
    union.screenshot(path=str(SHOTS / "queue-1366.png"), full_page=True)
    union.get_by_role("link", name=application.title).click()
    union.get_by_label("推荐意见").fill("同意推荐")
    union.screenshot(path=str(SHOTS / "endorse-1366.png"), full_page=True)
    union.get_by_role("button", name="推荐").click()
    expect(union.get_by_text("已推荐，项目已报送上一级评审。")).to_be_visible()

    town = signed_in(browser, base, cast["town_admin"], DESK)
    town.goto(f"{base}/innovation/contest/{edition.pk}/")
    expect(town.get_by_test_id("received")).to_contain_text("收到申报项目共计 1 个")
    town.screenshot(path=str(SHOTS / "edition-1366.png"), full_page=True)
    town_phone = signed_in(browser, base, cast["town_admin"], PHONE)
    town_phone.goto(f"{base}/innovation/contest/{edition.pk}/")
    no_sideways_scroll(town_phone)
    town_phone.screenshot(path=str(SHOTS / "edition-390.png"), full_page=True)

    county = signed_in(browser, base, cast["county_admin"], DESK)
    county.goto(f"{base}/innovation/contest/new/")
    county.screenshot(path=str(SHOTS / "edition-form-1366.png"), full_page=True)
