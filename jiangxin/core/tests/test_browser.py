"""The public header and the error pages in a real browser, at a desktop and a phone width:
a visitor clicks from the login page to the results and the certificate check, and an error
page offers the way back — with no sideways scroll at 390 px."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from jiangxin import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[3] / "test-results" / "core"
WIDTHS = {"desktop": (1366, 800), "phone": (390, 844)}


def _no_sideways_scroll(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


@pytest.mark.parametrize("width", list(WIDTHS))
def test_visitor_clicks_to_public_pages_and_meets_chinese_errors(
    cast, live_server, page, settings, width
):
    settings.DEBUG = False
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url

    page.goto(base + "/accounts/login/")
    header = page.get_by_role("navigation", name="公开栏目")
    expect(header.get_by_role("link", name="公示结果")).to_be_visible()
    _no_sideways_scroll(page)
    page.screenshot(path=SHOTS / f"login-{width}.png", full_page=True)
    header.get_by_role("link", name="公示结果").click()
    expect(page.get_by_role("heading", name="竞赛结果公示")).to_be_visible()
    _no_sideways_scroll(page)
    page.get_by_role("navigation", name="公开栏目").get_by_role("link", name="证书核验").click()
    expect(page.get_by_role("heading", name="证书核验")).to_be_visible()
    _no_sideways_scroll(page)
    page.screenshot(path=SHOTS / f"verify-{width}.png", full_page=True)

    page.goto(base + "/no-such-page/")
    expect(page.get_by_role("heading", name="页面不存在")).to_be_visible()
    expect(page.get_by_role("link", name="返回首页")).to_be_visible()
    _no_sideways_scroll(page)
    page.screenshot(path=SHOTS / f"404-{width}.png", full_page=True)
    page.get_by_role("button", name="返回上一页").click()
    expect(page.get_by_role("heading", name="证书核验")).to_be_visible()

    # A logged-in viewer opening an edit page they may not use: 403 in the layout, menu kept.
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill("county_viewer")
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    page.goto(base + f"/workers/{cast['worker_a'].pk}/edit/")
    expect(page.get_by_role("heading", name="没有权限进行此操作")).to_be_visible()
    _no_sideways_scroll(page)
    page.screenshot(path=SHOTS / f"403-{width}.png", full_page=True)
