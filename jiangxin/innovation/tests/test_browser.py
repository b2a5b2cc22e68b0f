"""In a real browser: town A's union admin registers a studio from the menu at 1366 px (the lead's
list follows the enterprise chosen, through HTMX) and adds a member; the studio page, the
registry and the showcase fit a 390 px phone with no sideways scroll. Screenshots go to SHOTS."""

import datetime
import os

import pytest
from playwright.sync_api import expect

from jiangxin import factories as f
from jiangxin.innovation.models import Studio, StudioMember
from jiangxin.innovation.tests.batches_fixtures import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("JX_SHOTS", "/tmp/innovation-shots")


def _login(page, base, username):
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], (page.url, width)


def test_the_union_admin_registers_a_studio_and_adds_a_member(
    cast, studio_people, live_server, browser
):
    os.makedirs(SHOTS, exist_ok=True)
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    base = live_server.url
    _login(page, base, "town_admin")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="创新工作室").click()
    page.get_by_role("link", name="登记工作室").click()
    page.get_by_label("工作室名称").fill("洪志明劳模创新工作室")
    page.get_by_label("类别").select_option(label="劳模创新工作室")
    page.get_by_label("依托企业").select_option(label="福建省晋工机械有限公司")
    lead = page.get_by_label("领办人")
    expect(lead.locator("option", has_text="洪志明")).to_have_count(1)  # swapped in by HTMX
    # the lead list marks who meets the kind's rule, with their honours from the roster
    lead.select_option(
        label="洪志明 · 材料研发副总经理 · 一级/高级技师 · 省级劳动模范（2023） · 符合"
    )
    page.get_by_label("拟申报命名级别").select_option(label="镇级")
    page.get_by_label("成立日期").fill("2024-03-01")
    page.get_by_label("场所面积（平方米）").fill("120")
    page.get_by_label("研究方向").fill("工程机械液压件的密封材料与寿命")
    expect(page.get_by_label("状态")).to_have_count(0)  # the form never names a studio
    page.screenshot(path=f"{SHOTS}/studio-form-1366.png", full_page=True)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("工作室已登记")).to_be_visible()
    studio = Studio.objects.get()
    assert studio.lead == studio_people["lead"] and studio.org_path == cast["union_a"].path
    assert studio.state == "applying"
    expect(page.get_by_test_id("lead")).to_contain_text("省级劳动模范（2023）")
    page.get_by_label("职工").select_option(
        label=f"林海峰 · {studio_people['member'].get_skill_level_display()}"
    )
    page.get_by_label("角色").select_option(label="核心成员")
    page.get_by_label("加入日期").fill("2024-03-01")
    page.get_by_role("button", name="添加", exact=True).click()
    expect(page.get_by_text("已添加成员 林海峰")).to_be_visible()
    expect(page.get_by_test_id("members")).to_contain_text("核心成员")
    member = StudioMember.objects.get()
    assert (member.worker, member.role, member.joined) == (
        studio_people["member"],
        "core",
        datetime.date(2024, 3, 1),
    )
    # named by the town before the platform: recorded with its evidence, as a logged step
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("link", name="登记既有命名").click()
    page.get_by_label("命名级别").select_option(label="镇级")
    page.get_by_label("命名单位", exact=True).select_option(label="安海镇总工会")
    page.get_by_label("命名日期").fill("2024-12-01")
    page.get_by_label("牌匾编号").fill("AH-2024-01")
    page.get_by_label("命名依据").fill("安工〔2024〕18号")
    page.get_by_label("命名文件").set_input_files(
        [{"name": "安工〔2024〕18号.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.screenshot(path=f"{SHOTS}/studio-existing-naming-1366.png", full_page=True)
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_text("已登记既有命名")).to_be_visible()
    expect(page.get_by_test_id("events")).to_contain_text("安工〔2024〕18号")
    expect(page.get_by_test_id("naming-files")).to_contain_text("安工〔2024〕18号.pdf")
    page.screenshot(path=f"{SHOTS}/studio-detail-1366.png", full_page=True)
    page.goto(base + "/innovation/studios/")
    expect(page.get_by_test_id("named-count")).to_have_text("1")
    page.wait_for_timeout(500)  # the charts draw
    page.screenshot(path=f"{SHOTS}/studio-list-1366.png", full_page=True)
    page.goto(base + "/innovation/showcase/")
    page.screenshot(path=f"{SHOTS}/showcase-1366.png", full_page=True)


def test_the_studio_pages_fit_a_phone(cast, studio, live_server, browser):
    os.makedirs(SHOTS, exist_ok=True)
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = phone.new_page()
    base = live_server.url
    page.goto(base + "/innovation/showcase/")
    expect(page.get_by_test_id("showcase-card")).to_have_count(1)
    _no_sideways_scroll(page)
    page.screenshot(path=f"{SHOTS}/showcase-390.png", full_page=True)
    _login(page, base, "town_admin")
    for name, url in (
        ("studio-detail", f"/innovation/studios/{studio.pk}/"),
        ("studio-list", "/innovation/studios/"),
        ("studio-form", f"/innovation/studios/{studio.pk}/edit/"),
    ):
        page.goto(base + url)
        page.wait_for_timeout(300)
        _no_sideways_scroll(page)
        page.screenshot(path=f"{SHOTS}/{name}-390.png", full_page=True)
