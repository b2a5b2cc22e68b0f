"""A1 (issue 8): the paper theory exam's marks page — typed, pasted or imported; all or nothing
with errors by row; kept in the score history; organiser only; frozen by the lock."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from jiangxin.audit.models import AuditEntry
from jiangxin.competitions import services
from jiangxin.competitions.models import Competition, ExamScore

pytestmark = pytest.mark.django_db


@pytest.fixture
def theory(running):
    return running["competition"].components.get(kind="theory")


def _url(theory, name="theory_marks"):
    return reverse(name, args=[theory.competition_id, theory.pk])


def _form(running, scores: dict[str, str]) -> dict[str, str]:
    return {f"m{running['entries'][k].pk}": v for k, v in scores.items()}


def test_only_the_organisers_admins_open_it(running, theory, login, cast):
    assert login(cast["county_admin"]).get(_url(theory)).status_code == 200
    for who in ["county_viewer", "town_admin"]:
        assert login(cast[who]).get(_url(theory)).status_code == 403
    assert login(running["judges"][0]).get(_url(theory)).status_code == 403
    assert login(cast["outsider"]).get(_url(theory)).status_code == 404
    practical = running["practical"]  # not an exam: no marks page
    assert login(cast["county_admin"]).get(_url(practical)).status_code == 403


def test_codes_not_names_before_the_lock(running, theory, login, cast):
    body = login(cast["county_admin"]).get(_url(theory)).content.decode()
    for entry in running["entries"].values():
        assert entry.code in body and entry.worker.name not in body
    assert "novalidate" in body


def test_typed_marks_are_saved_and_kept_in_the_history(running, theory, login, cast):
    client = login(cast["county_admin"])
    response = client.post(_url(theory), _form(running, {"a": "80", "b": "90.5", "c": ""}))
    assert response.status_code == 302
    assert sorted(ExamScore.objects.values_list("score", flat=True)) == [80, 90.5]
    client.post(_url(theory), _form(running, {"a": "82", "b": "90.5"}))
    a = running["entries"]["a"]
    assert list(
        ExamScore.objects.filter(entry=a).order_by("pk").values_list("score", "current")
    ) == [(80, False), (82, True)]
    assert ExamScore.objects.filter(entry=running["entries"]["b"]).count() == 1  # unchanged
    assert AuditEntry.objects.filter(changes__has_key="exam_scores").count() == 2


def test_the_same_save_twice_changes_nothing_the_second_time(running, theory, login, cast):
    client = login(cast["county_admin"])
    for _ in range(2):
        response = client.post(_url(theory), _form(running, {"a": "80"}), follow=True)
        assert response.status_code == 200
    assert ExamScore.objects.count() == 1


def test_one_bad_mark_saves_none_and_says_where(running, theory, login, cast):
    response = login(cast["county_admin"]).post(
        _url(theory), _form(running, {"a": "80", "b": "NaN", "c": "120"})
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("成绩应为 0–100 之间的数字") == 2
    assert 'value="80"' in body and 'value="NaN"' in body  # the input is kept
    assert not ExamScore.objects.exists()


def test_marks_wait_for_the_draw_and_freeze_at_the_lock(running, theory, login, cast):
    client = login(cast["county_admin"])
    competition = running["competition"]
    Competition.objects.filter(pk=competition.pk).update(status=Competition.Status.DRAWN)
    assert client.post(_url(theory), _form(running, {"a": "70"})).status_code == 302
    Competition.objects.filter(pk=competition.pk).update(status=Competition.Status.CLOSED)
    body = client.get(_url(theory)).content.decode()
    assert "抽签之后、锁定之前录入" in body and "保存成绩" not in body
    Competition.objects.filter(pk=competition.pk).update(status=Competition.Status.RUNNING)
    client.post(_url(theory), _form(running, {"b": "71", "c": "72"}))
    chief = services.appoint_judge(
        by=cast["county_admin"], competition=competition, user=cast["platform"], role="chief"
    ).user
    services.lock_component(by=chief, component=theory)
    body = client.get(_url(theory)).content.decode()
    assert "由裁判长锁定" in body and "保存成绩" not in body and "disabled" in body
    response = client.post(_url(theory), _form(running, {"a": "99"}))
    assert "由裁判长锁定" in response.content.decode()
    assert not ExamScore.objects.filter(score=99).exists()


def test_import_from_the_pages_workbook(running, theory, login, cast):
    client = login(cast["county_admin"])
    download = client.get(_url(theory, "theory_marks_template"))
    assert download.status_code == 200
    assert "filename*=UTF-8''" in download["Content-Disposition"]
    book = load_workbook(io.BytesIO(download.content))
    sheet = book.active
    assert [c.value for c in sheet[1]] == ["序号", "加密号", "姓名", "成绩"]
    codes = [sheet.cell(row=r, column=2).value for r in range(2, sheet.max_row + 1)]
    assert sorted(codes) == sorted(e.code for e in running["entries"].values())
    for r, score in zip(range(2, 5), [88, 76.5, 91], strict=True):
        sheet.cell(row=r, column=4).value = score
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "marks.xlsx"
    response = client.post(_url(theory, "theory_marks_import"), {"file": out})
    assert response.status_code == 302
    assert sorted(ExamScore.objects.values_list("score", flat=True)) == [76.5, 88, 91]


def test_an_import_with_bad_rows_imports_none_and_lists_them(running, theory, login, cast):
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "加密号", "姓名", "成绩"])
    a, b = running["entries"]["a"].code, running["entries"]["b"].code
    sheet.append([1, a, "", 80])
    sheet.append([2, "ZZZ999", "", 70])  # row 3: not a contestant
    sheet.append([3, b, "", "八十"])  # row 4: not a number
    sheet.append([4, a, "", 81])  # row 5: twice
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "marks.xlsx"
    response = login(cast["county_admin"]).post(_url(theory, "theory_marks_import"), {"file": out})
    body = response.content.decode()
    assert response.status_code == 200
    assert "第 3 行：加密号“ZZZ999”不是本项目的选手" in body
    assert "第 4 行" in body and "成绩应为 0–100 之间的数字" in body
    assert "第 5 行" in body and "与第 2 行重复" in body
    assert not ExamScore.objects.exists()


def test_the_competition_page_links_to_it_for_those_who_may_enter(running, theory, login, cast):
    detail = reverse("competition_detail", args=[running["competition"].pk])
    assert _url(theory) in login(cast["county_admin"]).get(detail).content.decode()
    assert _url(theory) not in login(cast["county_viewer"]).get(detail).content.decode()
    from jiangxin.exams.models import Paper

    Paper.objects.create(component=theory)  # an online exam: marked by the exam itself
    assert _url(theory) not in login(cast["county_admin"]).get(detail).content.decode()


def test_the_page_reads_in_a_few_queries(
    running, theory, login, cast, django_assert_max_num_queries
):
    client = login(cast["county_admin"])
    client.post(_url(theory), _form(running, {"a": "80", "b": "90", "c": "85"}))
    with django_assert_max_num_queries(12):
        assert client.get(_url(theory)).status_code == 200


@pytest.mark.parametrize("who", ["county_viewer", "town_admin", "worker_user"])
def test_the_download_and_the_import_refuse_others(running, theory, login, cast, who):
    client = login(cast[who])
    assert client.get(_url(theory, "theory_marks_template")).status_code in (403, 404)
    assert client.post(_url(theory, "theory_marks_import")).status_code in (403, 404)
    assert client.post(_url(theory), _form(running, {"a": "80"})).status_code in (403, 404)
    assert not ExamScore.objects.exists()
