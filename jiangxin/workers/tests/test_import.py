"""Roster import: real .xlsx, .xls and GBK .csv files, all or nothing, with an error report."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from stdnum.cn import ric

from jiangxin import factories as f
from jiangxin.audit.models import AuditEntry
from jiangxin.core.crypto import keyed_hash
from jiangxin.workers.idnumber import parse_id_number
from jiangxin.workers.models import ImportJob, SkillLevel, Worker
from jiangxin.workers.tests.files import HEADER, csv_bytes, person_id, row, xlsx

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def roster(cast):
    f.occupation()
    return cast


@pytest.fixture
def upload(login, roster, django_capture_on_commit_callbacks):
    """``upload(user, content, name)`` → the ImportJob after upload and (inline) validation."""

    def _upload(user, content: bytes, name: str = "名册.xlsx"):
        client = login(user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("import_new"), {"file": io_file(content, name)})
        if response.status_code == 200:  # the form was shown again with an error
            return response
        assert response.status_code == 302, response.content.decode()[:500]
        return ImportJob.objects.latest("pk")

    return _upload


@pytest.fixture
def confirm(login, django_capture_on_commit_callbacks):
    def _confirm(user, job):
        client = login(user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("import_confirm", args=[job.pk]))
        assert response.status_code == 302
        job.refresh_from_db()
        return job

    return _confirm


def io_file(content: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def test_xlsx_rows_are_validated_then_imported_on_confirm(roster, upload, confirm):
    before = Worker.objects.count()
    job = upload(roster["town_admin"], xlsx([row(2), row(3, enterprise="晋江力利玩具有限公司")]))
    assert job.status == ImportJob.Status.READY
    assert (job.new_count, job.update_count, job.total_rows) == (2, 0, 2)
    assert Worker.objects.count() == before  # nothing written before the confirmation
    job = confirm(roster["town_admin"], job)
    assert job.status == ImportJob.Status.DONE
    assert Worker.objects.count() == before + 2
    number = person_id(3, female=True)
    w = Worker.objects.get(id_number_hash=keyed_hash(number))
    assert w.enterprise == roster["ent_b"] and w.organisation == roster["union_b"]
    assert w.gender == "F"  # from the ID number's 17th digit, not typed
    assert w.birth_date == ric.get_birth_date(number)
    assert w.id_number() == number and number not in w.id_number_enc
    assert w.skill_level == SkillLevel.L3 and w.post_category == "key" and w.front_line is False
    assert "kbx" not in w.name_search and w.name_search
    entry = AuditEntry.objects.get(action=AuditEntry.Action.IMPORT)
    assert entry.changes["created"] == 2 and entry.actor == roster["town_admin"]


def test_existing_id_number_updates_that_worker(roster, upload, confirm):
    existing = roster["worker_a"]
    number = existing.id_number()
    content = xlsx([row(1, id_number=number, name="柯宝馨", skill_level="二级/技师")])
    job = confirm(roster["admin_a"], upload(roster["admin_a"], content))
    assert (job.status, job.new_count, job.update_count) == (ImportJob.Status.DONE, 0, 1)
    existing.refresh_from_db()
    assert existing.skill_level == SkillLevel.L2
    assert existing.account == roster["worker_user"]  # the account binding survives an update


def test_legacy_xls_imports(roster, upload, confirm):
    job = upload(roster["town_admin"], (FIXTURES / "roster.xls").read_bytes(), "roster.xls")
    assert job.status == ImportJob.Status.READY, job.errors
    assert job.file_kind == "xls"
    job = confirm(roster["town_admin"], job)
    assert job.status == ImportJob.Status.DONE
    assert Worker.objects.filter(name="黄海峰", start_date="2020-07-15").exists()


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig", "utf-8"])
def test_csv_in_gbk_or_utf8_imports(roster, upload, confirm, encoding):
    rows = [row(5, name="林丽娟"), row(6, name="黄海峰", enterprise="晋江力利玩具有限公司")]
    content = csv_bytes(rows, encoding=encoding)
    job = upload(roster["town_admin"], content, "名册.csv")
    assert job.status == ImportJob.Status.READY, job.errors
    job = confirm(roster["town_admin"], job)
    assert job.new_count == 2
    assert set(
        Worker.objects.filter(name__in=["林丽娟", "黄海峰"]).values_list("name", flat=True)
    ) == {"林丽娟", "黄海峰"}


def test_one_bad_row_imports_nothing_and_the_report_names_row_column_reason(roster, upload, login):
    before = Worker.objects.count()
    bad_id = person_id(12)[:17] + ("0" if person_id(12)[17] != "0" else "1")
    rows = [row(10), row(11), row(12, id_number=bad_id), row(13, skill_level="五级/初级工")]
    job = upload(roster["town_admin"], xlsx(rows))
    assert job.status == ImportJob.Status.INVALID
    assert Worker.objects.count() == before
    assert [e[:2] for e in job.errors] == [[4, "公民身份号码"], [5, "技能等级"]]
    assert "校验码错误" in job.errors[0][2]
    assert "只设 四级/中级工、三级/高级工、二级/技师、一级/高级技师" in job.errors[1][2]
    report = login(roster["town_admin"]).get(reverse("import_errors", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(report.content)).active
    lines = list(sheet.iter_rows(values_only=True))
    assert lines[0] == ("行号", "列", "问题")
    assert lines[1][:2] == (4, "公民身份号码") and "校验码" in lines[1][2]
    # A job with errors cannot be confirmed.
    response = login(roster["town_admin"]).post(reverse("import_confirm", args=[job.pk]))
    assert response.status_code == 302 and Worker.objects.count() == before


def _formula_workbook() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    r = row(30)
    r[0] = '=CONCAT("陈","伟")'
    ws.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


BAD_FILES = {
    "not a spreadsheet": (b"\x89PNG\r\n\x1a\n" + b"\0" * 200, "photo.xlsx", "不是表格文件"),
    "a PDF renamed": (b"%PDF-1.7\n%binary", "roster.csv", "不是表格文件"),
    "a broken xlsx": (b"PK\x03\x04garbage", "roster.xlsx", "文件已损坏"),
    "the wrong template": (None, "other.xlsx", "缺少“姓名”“公民身份号码”列"),
    "formulas": (None, "formula.xlsx", "含有公式"),
    "an empty file": (b"", "empty.csv", "文件是空的"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_files_get_a_chinese_message_and_import_nothing(roster, upload, login, case):
    content, name, message = BAD_FILES[case]
    if case == "the wrong template":
        content = xlsx([["a", "b"]], header=["工号", "名字", "部门"])
    if case == "formulas":
        content = _formula_workbook()
    before = Worker.objects.count()
    result = upload(roster["town_admin"], content, name)
    if isinstance(result, ImportJob):
        assert result.status == ImportJob.Status.INVALID
        text = result.message
    else:
        text = result.content.decode()
    assert message in text
    assert Worker.objects.count() == before


def test_file_over_the_limit_is_refused_before_reading(roster, upload, settings):
    settings.IMPORT_MAX_BYTES = 20 * 1024 * 1024
    content = b"x" * (50 * 1024 * 1024)
    response = upload(roster["town_admin"], content, "big.csv")
    assert "超过上限 20 MB" in response.content.decode()
    assert ImportJob.objects.count() == 0


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [row(40), row(41, id_number=person_id(40))],
            [3, "公民身份号码", "与第2行的公民身份号码重复"],
        ),
        ([row(42, id_number=350582198706202017)], [2, "公民身份号码", "数字格式"]),
        ([row(43, id_number="3.50582E+17")], [2, "公民身份号码", "科学计数法"]),
        ([row(44, enterprise="晋江东石远航伞业有限公司")], [2, "工作单位", "无权管理该企业"]),
        ([row(45, enterprise="不存在的公司")], [2, "工作单位", "找不到企业“不存在的公司”"]),
        ([row(46, mobile="1380000")], [2, "手机号码", "11位数字"]),
        ([row(47, employment_form="新就业形态（平台）")], [2, "平台名称", "须填写平台名称"]),
        ([row(48, start_date="2099-01-01")], [2, "入职日期", "不能晚于今天"]),
        ([row(49, name="张3")], [2, "姓名", "只能包含汉字"]),
        ([row(50, job_post='=HYPERLINK("http://x")')], [2, "岗位", "疑似公式"]),
    ],
    ids=[
        "duplicate ID in file",
        "ID as number",
        "ID as scientific",
        "other town",
        "unknown enterprise",
        "short mobile",
        "platform without name",
        "future start",
        "digits in name",
        "formula text",
    ],
)
def test_row_errors_name_row_column_and_reason(roster, upload, rows, expected):
    if expected[2] == "疑似公式":  # openpyxl would store it as a real formula: use CSV text
        content = csv_bytes(rows)
    else:
        content = xlsx(rows, text_ids=not isinstance(rows[0][1], int))
    before = Worker.objects.count()
    job = upload(roster["town_admin"], content)
    assert job.status == ImportJob.Status.INVALID
    assert any(
        e[0] == expected[0] and e[1] == expected[1] and expected[2] in e[2] for e in job.errors
    ), job.errors
    assert Worker.objects.count() == before


def test_worker_of_another_union_cannot_be_overwritten_by_import(roster, upload):
    number = roster["worker_c"].id_number()  # 东石's worker
    job = upload(roster["town_admin"], xlsx([row(60, id_number=number)]))
    assert job.status == ImportJob.Status.INVALID
    assert "其他工会的名册中" in job.errors[0][2]


@pytest.mark.django_db(transaction=True)  # the worker closes its connection when done
def test_large_files_go_through_the_job_queue(
    roster, upload, login, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_INLINE_MAX_BYTES = 0
    job = upload(roster["town_admin"], xlsx([row(70 + i) for i in range(30)]))
    assert job.status == ImportJob.Status.QUEUED
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY and job.total_rows == 30
    client = login(roster["town_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.new_count == 30
    status = client.get(reverse("import_detail", args=[job.pk]), headers={"HX-Request": "true"})
    assert "已导入 30 名职工" in status.content.decode()


def test_template_has_text_id_columns_and_dropdowns(roster, login):
    response = login(roster["town_admin"]).get(reverse("import_template"))
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["职工名册"]
    assert [c.value for c in ws[1]][:2] == ["姓名*", "公民身份号码*"]
    assert ws["B2"].number_format == "@" and ws["C2"].number_format == "@"
    lists = {str(dv.sqref)[0]: dv.formula1 for dv in ws.data_validations.dataValidation}
    assert set(lists) >= {"D", "H", "K"}  # enterprise, occupation, level
    options = wb["选项"]
    enterprises = [c.value for c in options["A"][1:] if c.value]
    assert enterprises == sorted(
        ["福建省晋工机械有限公司", "晋江力利玩具有限公司"]
    )  # only the town's own


def test_a_filled_in_template_imports(roster, upload, confirm, login):
    content = login(roster["town_admin"]).get(reverse("import_template")).content
    wb = load_workbook(io.BytesIO(content))
    ws = wb["职工名册"]
    for col, value in enumerate(row(80), start=1):
        ws.cell(row=2, column=col, value=value)
    buffer = io.BytesIO()
    wb.save(buffer)
    job = upload(roster["town_admin"], buffer.getvalue())
    assert job.status == ImportJob.Status.READY, job.errors
    assert confirm(roster["town_admin"], job).status == ImportJob.Status.DONE


def test_other_users_cannot_see_an_import(roster, upload, login):
    job = upload(roster["town_admin"], xlsx([row(90)]))
    assert login(roster["admin_a"]).get(reverse("import_detail", args=[job.pk])).status_code == 404
    assert (
        login(roster["admin_a"]).post(reverse("import_confirm", args=[job.pk])).status_code == 404
    )
    assert login(roster["platform"]).get(reverse("import_detail", args=[job.pk])).status_code == 200


@pytest.mark.django_db(transaction=True)  # inline validation runs on commit
def test_an_import_runs_end_to_end_through_the_api(roster, client):
    from jiangxin.accounts.services import create_api_token

    _row, token = create_api_token(by=roster["town_admin"], name="sync")
    auth = {"Authorization": f"Bearer {token}"}
    bad_id = person_id(701)[:17] + ("0" if person_id(701)[17] != "0" else "1")
    response = client.post(
        "/api/v1/imports",
        {"file": io_file(xlsx([row(700), row(701, id_number=bad_id)]), "a.xlsx")},
        headers=auth,
    )
    assert response.status_code == 201 and response.json()["status"] == "invalid"
    errors = client.get(f"/api/v1/imports/{response.json()['id']}/errors", headers=auth).json()
    assert (
        errors[0]["row"] == 3
        and errors[0]["column"] == "公民身份号码"
        and "校验码" in errors[0]["message"]
    )
    assert (
        client.post(f"/api/v1/imports/{response.json()['id']}/confirm", headers=auth).status_code
        == 400
    )

    response = client.post(
        "/api/v1/imports", {"file": io_file(xlsx([row(700), row(701)]), "b.xlsx")}, headers=auth
    )
    job = response.json()
    assert job["status"] == "ready" and job["new_count"] == 2
    done = client.post(f"/api/v1/imports/{job['id']}/confirm", headers=auth).json()
    assert (
        done["status"] == "done"
        and Worker.objects.filter(id_number_hash=keyed_hash(row(701)[1])).exists()
    )


def test_workers_may_not_import_through_the_api(roster, client):
    from jiangxin.accounts.services import create_api_token

    _row, token = create_api_token(by=roster["worker_user"], name="x")
    response = client.post(
        "/api/v1/imports",
        {"file": io_file(xlsx([row(710)]), "a.xlsx")},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 403 and ImportJob.objects.count() == 0


def test_the_workshop_column_is_imported_and_files_without_it_still_work(roster, upload, confirm):
    """车间（班组）came after the first template: older files, without the column, import as
    before; new ones carry it onto the roster."""
    old = [r[:-1] for r in [row(901)]]
    new = row(902, workshop="二车间")
    for data in (xlsx(old, header=HEADER[:-1]), xlsx([new])):
        job = confirm(roster["town_admin"], upload(roster["town_admin"], data))
        assert job.status == ImportJob.Status.DONE, job.errors[:3]
    shops = {
        w.id_number(): w.workshop
        for w in Worker.objects.filter(
            id_number_hash__in=[keyed_hash(person_id(n, female=n % 2 == 1)) for n in (901, 902)]
        )
    }
    assert shops == {person_id(901, female=True): "", person_id(902): "二车间"}


# 350582198501028000 is a real-looking number whose check digit happens to be right: what a
# number such as 350582198501028137 becomes after Excel held it as a number (15 significant
# digits, the rest zeros). It must never import as whoever really holds 350582198501028000.
ROUNDED = "350582198501028000"


def test_a_csv_id_with_excels_zeroed_tail_gets_the_numeric_cell_message(roster, upload):
    assert parse_id_number(ROUNDED).number == ROUNDED  # it passes every check on its own
    before = Worker.objects.count()
    job = upload(roster["town_admin"], csv_bytes([row(70, id_number=ROUNDED)]), "名册.csv")
    assert job.status == ImportJob.Status.INVALID
    assert job.errors[0][:2] == [2, "公民身份号码"]
    assert "数字格式" in job.errors[0][2] and ".xlsx" in job.errors[0][2]
    assert Worker.objects.count() == before


def test_a_csv_id_written_as_a_decimal_gets_the_scientific_message(roster, upload):
    job = upload(roster["town_admin"], csv_bytes([row(71, id_number=ROUNDED + ".0")]), "名册.csv")
    assert job.status == ImportJob.Status.INVALID
    assert "科学计数法" in job.errors[0][2]


def test_the_same_number_in_an_xlsx_text_cell_is_trusted(roster, upload, confirm):
    # A text cell keeps every digit: the person typed this number.
    job = upload(roster["town_admin"], xlsx([row(72, id_number=ROUNDED)]))
    assert job.status == ImportJob.Status.READY, job.errors
    job = confirm(roster["town_admin"], job)
    assert Worker.objects.filter(id_number_hash=keyed_hash(ROUNDED)).exists()


def test_an_xlsx_numeric_cell_with_the_zeroed_tail_is_refused(roster, upload):
    job = upload(roster["town_admin"], xlsx([row(73, id_number=int(ROUNDED))], text_ids=False))
    assert job.status == ImportJob.Status.INVALID
    assert "数字格式" in job.errors[0][2]


def test_no_message_names_the_check_digit_that_would_pass(roster, upload):
    good = person_id(74)
    wrong = good[:17] + ("1" if good[17] != "1" else "2")
    job = upload(roster["town_admin"], csv_bytes([row(74, id_number=wrong)]), "名册.csv")
    message = job.errors[0][2]
    assert "校验码错误" in message
    assert "应为" not in message and good[17] not in message.replace("18", "")
