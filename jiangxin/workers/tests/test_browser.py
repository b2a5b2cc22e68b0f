"""The roster's main path in a real browser: search by initials, a failed import with its
error report, the corrected import."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from jiangxin import factories as f
from jiangxin.competitions.tests.conftest import marked, running  # noqa: F401 (fixtures)
from jiangxin.workers.models import Worker
from jiangxin.workers.tests.files import person_id, row, xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_admin_finds_by_initials_fixes_a_failed_import_and_imports(cast, live_server, page):
    f.occupation()
    base = live_server.url
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill("town_admin")
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()

    # Find a worker by pinyin initials; the list narrows as one types (HTMX).
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="职工名册").click()
    page.get_by_label("姓名 / 拼音 / 首字母").fill("kbx")
    expect(page.locator("#results")).to_contain_text("共 1 名职工")
    expect(page.locator("#results tbody")).to_contain_text("柯宝馨")
    expect(page.locator("#results tbody")).not_to_contain_text("曾小贤")
    page.locator("#results").get_by_role("link", name="柯宝馨").click()
    expect(page.get_by_text(cast["worker_a"].id_number_masked)).to_be_visible()

    # A file with a wrong check digit and a level the occupation does not have.
    bad_id = person_id(501)[:17] + ("0" if person_id(501)[17] != "0" else "1")
    bad = xlsx(
        [
            row(500, name="陈志伟"),
            row(501, name="林丽娟", id_number=bad_id, skill_level="五级/初级工"),
        ]
    )
    page.goto(base + "/imports/new/")
    page.get_by_label("名册文件").set_input_files(
        {"name": "名册.xlsx", "mimeType": XLSX, "buffer": bad}
    )
    page.get_by_role("button", name="上传并校验").click()
    expect(page.get_by_text("有错误，未导入")).to_be_visible()
    expect(page.locator("table")).to_contain_text("校验码错误")
    with page.expect_download() as info:
        page.get_by_role("link", name="下载错误报告").click()
    report = load_workbook(io.BytesIO(info.value.path().read_bytes())).active
    lines = list(report.iter_rows(values_only=True))
    assert lines[0] == ("行号", "列", "问题")
    assert {(r[0], r[1]) for r in lines[1:]} == {(3, "公民身份号码"), (3, "技能等级")}
    assert Worker.objects.filter(name__in=["陈志伟", "林丽娟"]).count() == 0

    # The corrected file.
    good = xlsx([row(500, name="陈志伟"), row(501, name="林丽娟", skill_level="四级/中级工")])
    page.get_by_role("link", name="改正后重新上传").click()
    page.get_by_label("名册文件").set_input_files(
        {"name": "名册-改.xlsx", "mimeType": XLSX, "buffer": good}
    )
    page.get_by_role("button", name="上传并校验").click()
    expect(page.get_by_text("校验通过，待确认")).to_be_visible()
    expect(page.locator("table")).to_contain_text("林丽娟")
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_text("已导入 2 名职工：新增 2 人，更新 0 人。")).to_be_visible()
    assert Worker.objects.filter(name__in=["陈志伟", "林丽娟"]).count() == 2

    page.get_by_role("link", name="查看职工名册").click()
    page.get_by_label("姓名 / 拼音 / 首字母").fill("llj")
    expect(page.locator("#results tbody")).to_contain_text("林丽娟")


def test_phone_sized_worker_sees_own_record_and_unmasks_it(cast, live_server, page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill("worker")
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="柯宝馨")).to_be_visible()
    page.get_by_role("button", name="查看完整号码").click()
    expect(page.get_by_text(cast["worker_a"].id_number())).to_be_visible()


NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


def test_a_workers_own_record_with_results_fits_a_phone(cast, live_server, browser, marked):  # noqa: F811
    from jiangxin.competitions.tests.conftest import published
    from jiangxin.workers import services

    published(marked, cast)
    worker = cast["worker_a"]
    for year, kind in [(2021, "craftsman"), (2023, "tech_expert")]:
        services.add_honour(by=cast["platform"], worker=worker, kind=kind, level="city", year=year)
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = phone.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名或手机号").fill("worker")
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="柯宝馨")).to_be_visible()
    page.goto(live_server.url + f"/workers/{worker.pk}/")
    record = page.get_by_test_id("my-competitions")
    expect(record).to_contain_text("晋江市首届劳动关系协调员职业技能竞赛")
    assert page.evaluate(NO_SIDEWAYS_SCROLL), page.evaluate("document.documentElement.scrollWidth")
    # Staff tools are not there; the worker's own full number is.
    expect(page.get_by_role("link", name="编辑")).to_have_count(0)
    expect(page.get_by_role("link", name="添加荣誉")).to_have_count(0)
    expect(page.get_by_role("button", name="查看完整号码")).to_be_visible()
    page.screenshot(path="/tmp/worker-own-record-390.png", full_page=True)
    phone.close()
