"""The question bank: a real .xlsx template, all-or-nothing imports, who sees what."""

import io
from urllib.parse import quote

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from jiangxin import factories as f
from jiangxin.exams import services
from jiangxin.exams.models import Question
from jiangxin.exams.tests.conftest import bank_rows, xlsx

pytestmark = pytest.mark.django_db


def _import(cast, data, who="county_admin", where="county"):
    return services.import_questions(
        by=cast[who], organisation=cast[where], occupation=f.occupation(), data=data
    )


def test_the_template_imports_as_it_is(cast, client):
    client.force_login(cast["county_admin"])
    response = client.get(reverse("question_template"))
    assert response["Content-Disposition"].endswith(
        "filename*=UTF-8''" + quote("题库导入模板.xlsx")
    )  # a Chinese file name, as every download
    template = response.content
    sheet = load_workbook(io.BytesIO(template)).active
    assert [c.value for c in sheet[1]][:3] == ["题型", "知识点", "题干"]
    done = _import(cast, template)
    assert (done.created, done.updated) == (3, 0)
    kinds = dict(Question.objects.values_list("kind", "answer"))
    assert kinds == {"single": [1], "multiple": [0, 1, 3], "truefalse": [0]}


def test_importing_again_updates_instead_of_duplicating(cast):
    assert _import(cast, xlsx(bank_rows())).created == 13
    rows = bank_rows()
    rows[0][9] = "D"  # the first single choice's answer corrected
    done = _import(cast, xlsx(rows))
    assert (done.created, done.updated) == (0, 13)
    assert Question.objects.count() == 13
    assert Question.objects.get(stem="单选题第1题").answer == [3]


BAD = [
    (
        ["填空题", "", "题干", "", "", "", "", "", "", "A", ""],
        "题型",
        "题型应为 单选题、多选题 或 判断题",
    ),
    (["单选题", "", "", "甲", "乙", "", "", "", "", "A", ""], "题干", "题干不能为空"),
    (
        ["单选题", "", "跳过选项", "甲", "", "丙", "", "", "", "A", ""],
        "选项B",
        "选项应从 A 起连续填写",
    ),
    (
        ["单选题", "", "只有一个选项", "甲", "", "", "", "", "", "A", ""],
        "选项B",
        "至少需要 A、B 两个选项",
    ),
    (
        ["单选题", "", "答案超出", "甲", "乙", "", "", "", "", "C", ""],
        "答案",
        "答案只能是已填写选项的字母（A–B）",
    ),
    (
        ["单选题", "", "两个答案", "甲", "乙", "丙", "", "", "", "AB", ""],
        "答案",
        "单选题只能有一个答案",
    ),
    (
        ["多选题", "", "一个答案", "甲", "乙", "丙", "", "", "", "B", ""],
        "答案",
        "多选题至少有两个正确选项",
    ),
    (["判断题", "", "带选项", "对", "错", "", "", "", "", "正确", ""], "选项A", "判断题不填选项"),
    (
        ["判断题", "", "答案不对", "", "", "", "", "", "", "也许", ""],
        "答案",
        "判断题答案应为 正确 或 错误",
    ),
    (
        ["单选题", "", "单选题第1题", "甲", "乙", "", "", "", "", "A", ""],
        "题干",
        "与第 2 行的题目重复",
    ),
]


@pytest.mark.parametrize("row, column, message", BAD)
def test_a_bad_row_is_reported_and_nothing_is_imported(cast, row, column, message):
    rows = [["单选题", "", "单选题第1题", "甲", "乙", "", "", "", "", "A", ""], row]
    with pytest.raises(services.BankImportError, match="没有导入任何题目") as err:
        _import(cast, xlsx(rows))
    assert [(p.row, p.column) for p in err.value.problems] == [(3, column)]
    assert message in err.value.problems[0].message
    assert not Question.objects.exists()


def test_a_file_not_from_the_template_is_refused(cast):
    with pytest.raises(services.BankImportError, match="表头与题库导入模板不一致"):
        _import(cast, xlsx([["a"]], header=["姓名", "身份证号"]))
    with pytest.raises(services.BankImportError, match="不是表格文件"):
        _import(cast, b"%PDF-1.7 not a sheet")
    assert not Question.objects.exists()


def test_a_union_imports_only_into_its_own_subtree(cast):
    with pytest.raises(PermissionDenied):
        _import(cast, xlsx(bank_rows()), who="town_admin", where="county")
    with pytest.raises(PermissionDenied):
        _import(cast, xlsx(bank_rows()), who="county_viewer", where="county")
    assert _import(cast, xlsx(bank_rows()), who="town_admin", where="town_a").created == 13


def test_the_import_page_lists_every_problem(cast, client):
    client.force_login(cast["county_admin"])
    rows = [BAD[0][0], BAD[4][0]]
    response = client.post(
        reverse("question_import"),
        {
            "organisation": cast["county"].pk,
            "occupation": f.occupation().pk,
            "file": SimpleUploadedFile("bank.xlsx", xlsx(rows)),
        },
    )
    body = response.content.decode()
    assert "文件中有 2 处错误，没有导入任何题目" in body
    assert "题型应为 单选题、多选题 或 判断题" in body and "答案只能是已填写选项的字母" in body
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    "who, sees",
    [
        ("platform", True),
        ("county_admin", True),
        ("county_viewer", True),
        ("town_admin", False),  # its workers sit the exams: the county's bank stays closed
        ("admin_a", False),
        ("sibling_admin", False),
    ],
)
def test_a_bank_is_seen_by_its_union_and_those_above(cast, client, who, sees):
    _import(cast, xlsx(bank_rows()))
    client.force_login(cast[who])
    body = client.get(reverse("question_list")).content.decode()
    assert ("单选题第1题" in body) is sees


@pytest.mark.parametrize("who", ["worker_user", "outsider"])
def test_workers_and_strangers_have_no_bank(cast, client, who):
    client.force_login(cast[who])
    assert client.get(reverse("question_list")).status_code == 404
    assert client.get(reverse("question_import")).status_code == 404
