"""我的数据: a worker sees what the platform holds about them, reveals their own numbers
(audited) and downloads it all — and the files hold nobody else's data."""

import io
import json
import time

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jiangxin import factories as f
from jiangxin.accounts import twofactor
from jiangxin.audit.models import AuditEntry
from jiangxin.competitions.models import Certificate, Entry
from jiangxin.core import crypto
from jiangxin.privacy import holdings
from jiangxin.privacy.models import Consent


def _xlsx_text(content: bytes) -> str:
    wb = load_workbook(io.BytesIO(content), read_only=True)
    cells = []
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            cells.extend(str(v) for v in row if v is not None)
    return "\n".join(cells)


def _sheet(content: bytes, title: str) -> list[tuple]:
    wb = load_workbook(io.BytesIO(content), read_only=True)
    return list(wb[title].iter_rows(values_only=True))


def _theirs(w, other_entry, people) -> list[str]:
    """What of the other worker could leak: their name, numbers, honour, appeal, log, master,
    entry code, certificate."""
    return [
        w["b"].name,
        w["b"].id_number(),
        w["b"].mobile(),
        w["b"].id_number_masked,
        "乙的能手称号",
        "乙认为评价分偏低，请复核调解过程评分",
        "乙练习了玩具安全检测",
        people["craftsman"].name,
        other_entry.code,
    ]


@pytest.fixture
def mine(two_workers, people):
    w = two_workers
    return {
        "name": w["a"].name,
        "id_number": w["a"].id_number(),
        "mobile": w["a"].mobile(),
        "honour": "甲的工匠称号",
        "appeal": "甲认为测量分有误，请核对调解方案评分",
        "checkin": "甲学习了调解笔录的写法",
        "master": people["master"].name,
        "code": w["entries"]["a"].code,
    }


@pytest.mark.parametrize("url_name", ["my_data_xlsx", "my_data_json"])
def test_the_download_holds_the_worker_s_rows_and_none_of_another_worker_s(
    two_workers, mine, people, login, url_name
):
    w = two_workers
    other_entry = Entry.objects.get(pk=w["entries"]["b"].pk)
    response = login(w["user_a"]).get(reverse(url_name))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "attachment" in response["Content-Disposition"]
    content = response.content
    text = _xlsx_text(content) if url_name == "my_data_xlsx" else content.decode()
    for value in mine.values():
        assert value in text, value
    for value in _theirs(w, other_entry, people):
        assert value not in text, value
    # every certificate in the file is the worker's own
    for certificate in Certificate.objects.exclude(entry__worker=w["a"]):
        assert certificate.display_code not in text
    # and the other worker's file is the mirror image
    other = login(w["user_b"]).get(reverse(url_name)).content
    other_text = _xlsx_text(other) if url_name == "my_data_xlsx" else other.decode()
    assert "乙认为评价分偏低，请复核调解过程评分" in other_text and w["b"].id_number() in other_text
    assert not any(
        value in other_text for value in (mine["appeal"], mine["checkin"], mine["id_number"])
    )


def test_the_workbook_has_a_sheet_per_kind_of_record_with_the_rows(two_workers, login):
    w = two_workers
    content = login(w["user_a"]).get(reverse("my_data_xlsx")).content
    sheets = load_workbook(io.BytesIO(content), read_only=True).sheetnames
    assert sheets[:4] == ["说明", "账号", "职工档案", "注册申请"]
    assert {
        "竞赛报名与成绩",
        "申诉",
        "获奖证书",
        "师徒结对",
        "带徒记录",
        "同意记录",
        "更正申请",
    } <= set(sheets)
    entries = _sheet(content, "竞赛报名与成绩")
    assert entries[0][:2] == ("竞赛", "比赛日期")
    assert len(entries) == 2  # the header and the one entry
    assert entries[1][0] == "晋江市首届劳动关系协调员职业技能竞赛"
    pairs = _sheet(content, "师徒结对")
    assert [row[1:3] for row in pairs[1:]] == [("徒弟", "林师傅")]


def test_the_json_is_the_same_data_keyed_by_column(two_workers, login):
    w = two_workers
    document = json.loads(login(w["user_a"]).get(reverse("my_data_json")).content)
    sections = {s["key"]: s for s in document["sections"]}
    record = {row["项目"]: row["内容"] for row in sections["record"]["rows"]}
    assert record["公民身份号码"] == w["a"].id_number()
    assert record["姓名"] == w["a"].name
    assert [row["申诉理由"] for row in sections["appeals"]["rows"]] == [
        "甲认为测量分有误，请核对调解方案评分"
    ]
    assert [row["传授内容"] for row in sections["checkins"]["rows"]] == ["甲学习了调解笔录的写法"]
    assert document["about"]["职工"] == w["a"].name


def test_a_download_is_audited_as_an_export_and_an_unmasking(two_workers, login):
    w = two_workers
    login(w["user_a"]).get(reverse("my_data_json"))
    entries = AuditEntry.objects.filter(
        actor=w["user_a"], object_type="workers.worker", object_id=str(w["a"].pk)
    )
    assert set(entries.values_list("action", flat=True)) == {"export", "unmask"}
    export = entries.get(action="export")
    assert export.changes["format"] == "json" and export.org_path == w["a"].org_path


def test_the_page_shows_the_record_masked_and_every_kind_of_record(two_workers, mine, login):
    w = two_workers
    body = login(w["user_a"]).get(reverse("my_data")).content.decode()
    assert w["a"].id_number_masked in body
    assert mine["id_number"] not in body and mine["mobile"] not in body
    for value in (mine["honour"], mine["appeal"], mine["checkin"], mine["master"]):
        assert value in body
    assert "乙认为评价分偏低，请复核调解过程评分" not in body and w["b"].name not in body
    for title in ("竞赛报名与成绩", "理论考试", "获奖证书", "师徒结对", "带徒记录", "同意记录"):
        assert title in body
    assert reverse("worker_unmask", args=[w["a"].pk]) in body  # the way to reveal
    assert reverse("my_data_xlsx") in body and reverse("correction_new") in body


def test_revealing_their_own_numbers_is_audited(two_workers, mine, login):
    w = two_workers
    client = login(w["user_a"])
    response = client.post(reverse("worker_unmask", args=[w["a"].pk]), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert mine["id_number"] in body and mine["mobile"] in body
    assert AuditEntry.objects.filter(
        actor=w["user_a"], action="unmask", object_id=str(w["a"].pk)
    ).exists()


def test_the_page_does_not_open_the_data_of_anyone_else_nor_of_no_one(cast, login):
    for user in (cast["outsider"], cast["town_admin"]):
        client = login(user)
        assert client.get(reverse("my_data")).status_code == 404
        assert client.get(reverse("my_data_xlsx")).status_code == 404
        assert client.get(reverse("correction_new")).status_code == 404


def test_the_worker_menu_offers_my_data(cast, login):
    nav = login(cast["worker_user"]).get(reverse("my_data")).context["nav"]
    assert [item["key"] for item in nav if item["active"]] == ["my-data"]


def test_results_are_shown_only_once_published(cast, marked, login):
    """Before publication the entry is listed without a total, rank or award."""
    data = holdings.collect(worker=cast["worker_a"], user=cast["worker_user"], clear=False)
    (row,) = data.section("entries").rows
    assert row[-3:] == ["—", "—", "—"]


def test_a_worker_with_nothing_yet_gets_empty_sections(cast, login):
    body = login(cast["worker_user"]).get(reverse("my_data")).content.decode()
    assert body.count("没有记录。") >= 8


@pytest.mark.parametrize("url_name", ["my_data_xlsx", "my_data_json"])
def test_a_download_asks_for_the_password_again_then_comes_back_to_it(
    cast, login, settings, url_name
):
    """The file holds the clear ID number: after REAUTH_MINUTES the password first (as for the
    unmasked roster), then back to the download — even before the notice is accepted (the
    data is theirs to take whether or not they consent)."""
    Consent.objects.filter(user=cast["worker_user"]).delete()
    client = login(cast["worker_user"])
    session = client.session
    session[twofactor.AUTH_AT] = int(time.time()) - settings.REAUTH_MINUTES * 60 - 1
    session.save()
    url = reverse(url_name)
    asked = client.get(url)
    assert asked.status_code == 302 and asked.url.startswith(reverse("reauth"))
    assert not AuditEntry.objects.filter(actor=cast["worker_user"], action="export").exists()
    assert client.get(asked.url).status_code == 200  # the re-auth page, not the notice
    back = client.post(asked.url, {"password": f.PASSWORD})
    assert back.url == url
    download = client.get(url)
    assert download.status_code == 200
    assert download["Cache-Control"] == "private, no-store"
    assert AuditEntry.objects.filter(actor=cast["worker_user"], action="export").exists()


def test_the_account_shows_the_record_s_mobile_when_it_has_none_of_its_own(cast, login):
    # The account ``worker`` was made for the roster record, not by registering: it keeps no
    # mobile. The page shows the record's (masked) and says where it comes from, never "—".
    worker = cast["worker_a"]
    assert not cast["worker_user"].mobile_enc and worker.mobile_masked
    response = login(cast["worker_user"]).get(reverse("my_data"))
    account = dict(next(s for s in response.context["sections"] if s.key == "account").rows)
    assert account["手机号码"] == f"{worker.mobile_masked}（职工档案中的号码）"
    assert worker.mobile() not in response.content.decode()


def test_an_account_with_its_own_mobile_shows_that_one(cast):
    user = cast["worker_user"]
    user.mobile_enc, user.mobile_masked = crypto.encrypt("13912345678"), "139****5678"
    user.save()
    account = holdings.collect(worker=cast["worker_a"], user=user, clear=False).section("account")
    assert dict(account.rows)["手机号码"] == "139****5678"
    clear = holdings.collect(worker=cast["worker_a"], user=user, clear=True).section("account")
    assert dict(clear.rows)["手机号码"] == "13912345678"
