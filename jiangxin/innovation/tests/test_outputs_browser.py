# ruff: noqa: F811  (the fixtures imported below are pytest arguments)
"""In a real browser, at 1366 px and on a 390 px phone: the registry's 成果（按年份） chart drawn
beside its table, a year's total opening the studios counted; the studio page's outputs timeline
and the files of its recorded naming — no sideways scroll on the phone. Screenshots go to
SHOTS."""

import datetime
import os
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from jiangxin import factories as f
from jiangxin.innovation import services, services_record
from jiangxin.innovation.tests.batches_fixtures import PDF, pdf
from jiangxin.innovation.tests.record_fixtures import (  # noqa: F401  (fixtures)
    lead_user,
    other_studio,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("JX_SHOTS", "/tmp/innovation-shots")
D = datetime.date


def _login(page, base, username):
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()


WIDEST = """() => [...document.body.querySelectorAll('*')]
  .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
  .slice(-5).map((el) => el.tagName + '.' + el.className + ' ' + Math.round(el.getBoundingClientRect().right))"""


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], (page.url, width, page.evaluate(WIDEST))


@pytest.fixture
def recorded(cast, studio_people, studio, other_studio):
    """The named studio's outputs over three years; 力利玩具's studio one in 2025; and a studio
    whose 全国总工会 naming was recorded with its document and the plaque's photo."""
    by = cast["town_admin"]
    for kind, day, title, more in (
        ("patent", D(2024, 6, 1), "耐老化液压密封圈", {"patent_kind": "invention"}),
        ("paper", D(2024, 11, 5), "丁腈橡胶密封件老化机理研究", {"number": "CN35-1234"}),
        ("method", D(2025, 4, 20), "洪志明密封圈快速更换操作法", {}),
        ("patent", D(2026, 2, 1), "一种快换式液压接头", {"patent_kind": "utility"}),
        ("benefit", D(2026, 8, 1), "密封件国产化降本", {"benefit_wan": Decimal("15.6")}),
        ("training", D(2026, 9, 1), "液压维修技能培训", {"people_trained": 40}),
    ):
        if kind == "patent":
            more = {**more, "number": f"ZL{day.year}10123456.7", "status": "granted"}
        services_record.add_output(by=by, studio=studio, kind=kind, date=day, title=title, **more)
    services_record.add_output(
        by=by, studio=other_studio, kind="award", date=D(2025, 9, 1), title="泉州市职工技术创新奖"
    )
    national = services.create_studio(
        by=cast["admin_a"],
        name="洪志明全国劳模创新工作室",
        kind="model_worker",
        naming_level="town",
        enterprise=cast["ent_a"],
        lead=studio_people["lead"],
        focus="密封材料",
        founded=D(2020, 1, 1),
    )
    services.record_existing_naming(
        by=by,
        studio=national,
        naming_level="national",
        naming_body=None,
        outside_body="全国总工会",
        named_on=D(2022, 4, 28),
        note="总工发〔2022〕9号",
        files=[pdf("总工发〔2022〕9号 命名决定.pdf"), pdf("牌匾照片.pdf", PDF)],
    )
    applying = services.create_studio(
        by=cast["admin_a"],
        name="许文杰职工创新工作室",
        kind="worker",
        naming_level="town",
        enterprise=cast["ent_a"],
        lead=studio_people["technician"],
        focus="焊接变形控制",
        founded=D(2021, 1, 1),
    )
    return {"studio": studio, "national": national, "applying": applying}


@pytest.mark.parametrize("width", [1366, 390])
def test_the_registry_chart_and_the_studio_timeline(recorded, live_server, browser, width):
    os.makedirs(SHOTS, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    base = live_server.url
    _login(page, base, "town_admin")
    page.goto(base + "/innovation/studios/")
    chart = page.get_by_test_id("outputs-by-year")
    expect(chart).to_contain_text("已命名工作室成果（按年份）")
    expect(chart.locator("svg").first).to_be_visible()  # ECharts drew it (local script)
    page.wait_for_timeout(600)
    page.screenshot(path=f"{SHOTS}/registry-outputs-{width}.png", full_page=True)
    _no_sideways_scroll(page)
    chart.screenshot(path=f"{SHOTS}/registry-outputs-chart-{width}.png")
    # 2025: the method and 力利玩具's award → 2; its total opens the two studios
    chart.locator("tr", has_text="2025").get_by_role("link").click()
    expect(page.get_by_test_id("output-year")).to_contain_text("只列 2025 年登记了成果的工作室")
    expect(page.get_by_text("工作室（2 家）")).to_be_visible()
    page.get_by_role("link", name="洪志明劳模创新工作室").click()
    timeline = page.get_by_test_id("outputs")
    expect(timeline.locator("h4")).to_have_text(
        ["2026 年 · 3 项", "2025 年 · 1 项", "2024 年 · 2 项"]
    )
    expect(timeline).to_contain_text("实用新型 · 专利号 ZL202610123456.7")
    _no_sideways_scroll(page)
    timeline.screenshot(path=f"{SHOTS}/studio-timeline-{width}.png")
    page.screenshot(path=f"{SHOTS}/studio-detail-outputs-{width}.png", full_page=True)
    page.goto(base + f"/innovation/studios/{recorded['national'].pk}/")
    files = page.get_by_test_id("naming-files")
    expect(files).to_contain_text("牌匾照片.pdf")
    _no_sideways_scroll(page)
    page.screenshot(path=f"{SHOTS}/studio-naming-files-{width}.png", full_page=True)
    with page.expect_download() as download:
        files.get_by_role("link", name="牌匾照片.pdf").click()
    assert download.value.suggested_filename == "牌匾照片.pdf"
    # 登记既有命名 with a renamed program among the files: said on the field, input kept
    page.goto(base + f"/innovation/studios/{recorded['applying'].pk}/existing-naming/")
    page.get_by_label("命名级别").select_option(label="镇级")
    page.get_by_label("命名单位", exact=True).select_option(label="安海镇总工会")
    page.get_by_label("命名日期").fill("2023-05-01")
    page.get_by_label("命名依据").fill("安工〔2023〕7号")
    page.get_by_label("命名文件").set_input_files(
        [
            {"name": "安工〔2023〕7号.pdf", "mimeType": "application/pdf", "buffer": PDF},
            {"name": "牌匾.jpg", "mimeType": "image/jpeg", "buffer": b"MZ" + b"\x00" * 300},
        ]
    )
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_text("“牌匾.jpg”：文件的内容不是 JPEG 文件")).to_be_visible()
    expect(page.get_by_label("命名依据")).to_have_value("安工〔2023〕7号")
    _no_sideways_scroll(page)
    page.screenshot(path=f"{SHOTS}/studio-existing-naming-refused-{width}.png", full_page=True)
    context.close()
