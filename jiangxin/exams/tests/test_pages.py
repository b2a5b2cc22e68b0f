"""The exam pages as each person meets them: the buttons a person is offered work for them,
numbers are checked on the form (never NaN or inf), query parameters never 500, and every list
and detail page reads the database a fixed number of times."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jiangxin import factories as f
from jiangxin.exams import services
from jiangxin.exams.models import Paper, Question, Sitting
from jiangxin.exams.tests.conftest import RULES, bank_rows, xlsx

pytestmark = pytest.mark.django_db


def _rules_post(**changes):
    data = {"duration": "30", "shuffle": "on"}
    for i, rule in enumerate(RULES):
        for key, value in rule.items():
            data[f"{key}_{i}"] = value
    data.update(changes)
    return data


# --- B8: numbers --------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["NaN", "nan", "inf", "-inf", "Infinity", "sNaN"])
def test_the_service_refuses_points_that_are_not_a_number(exam, cast, bad):
    with pytest.raises(ValidationError, match="每题分值应为数字"):
        services.set_paper(
            by=cast["county_admin"],
            component=exam["theory"],
            rules=[{"kind": "single", "topic": "", "count": "2", "points": bad}],
            duration_minutes=30,
            shuffle=False,
        )


@pytest.mark.parametrize(
    "field, bad, message",
    [
        ("points_0", "NaN", "每题分值应为数字，如 2 或 2.5"),
        ("points_0", "inf", "每题分值应为数字，如 2 或 2.5"),
        ("points_0", "-Infinity", "每题分值应为数字，如 2 或 2.5"),
        ("count_0", "inf", "题数应为整数"),
        ("count_0", "nan", "题数应为整数"),
        ("duration", "NaN", "考试时长（分钟）应为整数"),
        ("duration", "1e3", "考试时长（分钟）应为整数"),
        ("duration", "3", "考试时长（分钟）不能小于 5"),
    ],
)
def test_the_rules_form_refuses_bad_numbers_in_chinese_and_keeps_the_input(
    exam, cast, client, field, bad, message
):
    client.force_login(cast["county_admin"])
    Sitting.objects.all().delete()
    before = Paper.objects.get().rules
    response = client.post(
        reverse("paper_edit", args=[exam["competition"].pk]), _rules_post(**{field: bad})
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert f'value="{bad}"' in body  # the typed input is kept
    assert "novalidate" in body
    assert Paper.objects.get().rules == before


def test_rules_saved_from_the_page(exam, cast, client):
    client.force_login(cast["county_admin"])
    response = client.post(
        reverse("paper_edit", args=[exam["competition"].pk]),
        _rules_post(count_0="3", points_0="2.5", duration="45"),
    )
    assert response.status_code == 302
    paper = Paper.objects.get()
    assert paper.rules[0] == {"kind": "single", "topic": "", "count": 3, "points": "2.5"}
    assert paper.duration_minutes == 45 and paper.drawn_at is None


def test_a_rule_line_without_a_type_is_refused_on_its_field(exam, cast, client):
    client.force_login(cast["county_admin"])
    response = client.post(
        reverse("paper_edit", args=[exam["competition"].pk]), _rules_post(kind_0="")
    )
    assert "请为第 1 行选择题型" in response.content.decode()


def test_a_short_bank_is_shown_on_the_page_with_the_input_kept(exam, cast, client):
    client.force_login(cast["county_admin"])
    response = client.post(
        reverse("paper_edit", args=[exam["competition"].pk]), _rules_post(count_0="40")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "题库中可用 6 道，试卷需要 40 道" in body and 'value="40"' in body


# --- one view per action: draw and collect ------------------------------------------------


def test_the_organiser_draws_and_collects_from_their_own_buttons(exam, cast, client):
    client.force_login(cast["county_admin"])
    url = reverse("paper_edit", args=[exam["competition"].pk])
    body = client.get(url).content.decode()
    assert reverse("paper_draw", args=[exam["competition"].pk]) in body
    assert client.post(reverse("paper_draw", args=[exam["competition"].pk])).status_code == 302
    assert len(Paper.objects.get().items) == 10
    sitting = services.start_sitting(by=cast["worker_user"], paper=exam["paper"])
    body = client.get(url).content.decode()
    assert reverse("paper_draw", args=[exam["competition"].pk]) not in body  # would fail now
    assert "保存规则" not in body and "已有选手开考" in body
    Sitting.objects.filter(pk=sitting.pk).update(
        deadline=timezone.now() - datetime.timedelta(seconds=30),
        started_at=timezone.now() - datetime.timedelta(minutes=31),
    )
    body = client.get(url).content.decode()
    collect = reverse("paper_collect", args=[exam["competition"].pk])
    assert collect in body and "data-confirm" in body
    response = client.post(collect, follow=True)
    assert "已收卷 1 份" in response.content.decode()
    assert Sitting.objects.get().submitted_at is not None


@pytest.mark.parametrize(
    "who, status",
    [
        ("county_admin", 302),
        ("platform", 302),
        ("county_viewer", 403),
        ("town_admin", 403),
        ("worker_user", 403),
        ("outsider", 404),
    ],
)
@pytest.mark.parametrize("name", ["paper_draw", "paper_collect"])
def test_who_draws_and_collects(exam, cast, client, who, status, name):
    client.force_login(cast[who])
    url = reverse(name, args=[exam["competition"].pk])
    assert client.post(url).status_code == status
    assert client.get(url).status_code == 405


# --- A12 / A16: the bank page -------------------------------------------------------------


def test_a_viewer_is_not_offered_the_import(exam, cast, client):
    client.force_login(cast["county_viewer"])
    body = client.get(reverse("question_list")).content.decode()
    assert "单选题第1题" in body
    assert reverse("question_import") not in body
    assert client.get(reverse("question_import")).status_code == 403


def test_an_admin_is_offered_the_import(exam, cast, client):
    client.force_login(cast["town_admin"])
    body = client.get(reverse("question_list")).content.decode()
    assert reverse("question_import") in body


def test_the_banks_above_are_listed_read_only(exam, cast, client):
    # the county's bank serves the town's own competitions: the town sees what it holds
    # (counts by type and topic), not the questions, and may not import into it
    services.import_questions(
        by=cast["platform"],
        organisation=cast["province"],
        occupation=exam["occupation"],
        data=xlsx(bank_rows(singles=2, multiples=0, true_false=0)),
    )
    client.force_login(cast["town_admin"])
    response = client.get(reverse("question_list"))
    body = response.content.decode()
    assert "上级单位题库（只读）" in body
    above = {
        (s["organisation__name"], s["kind"], s["topic"]): s["n"] for s in response.context["above"]
    }
    assert above[("晋江市总工会", "single", "劳动合同")] == 3
    assert above[("晋江市总工会", "truefalse", "劳动法规")] == 4
    assert above[("福建省总工会", "single", "劳动争议调解")] == 1
    assert "单选题第1题" not in body  # the stems stay with the bank's union
    form = client.get(reverse("question_import")).context["form"]
    assert cast["county"] not in form.fields["organisation"].queryset


def test_the_platform_and_the_banks_own_union_see_no_upper_section(exam, cast, client):
    for who in ("platform", "county_admin"):
        client.force_login(cast[who])
        response = client.get(reverse("question_list"))
        assert response.context["above"] == []
        assert "上级单位题库" not in response.content.decode()


@pytest.mark.parametrize(
    "query, message",
    [
        ("?occupation=abc", "所选职业（工种）不存在"),
        ("?occupation=999999", "所选职业（工种）不存在"),
        ("?page=abc", "页码应为正整数"),
        ("?page=-3", "页码应为正整数"),
        ("?page=99999999999999999999999", ""),
    ],
)
def test_bad_query_parameters_give_the_page_with_a_message(exam, cast, client, query, message):
    client.force_login(cast["county_admin"])
    response = client.get(reverse("question_list") + query, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "单选题第1题" in response.content.decode()


def test_the_filter_narrows_to_one_occupation(exam, cast, client):
    other = f.occupation("焊工", "6-18-02-04")
    services.import_questions(
        by=cast["county_admin"],
        organisation=cast["county"],
        occupation=other,
        data=xlsx([["单选题", "", "另一职业的题", "甲", "乙", "", "", "", "", "A", ""]]),
    )
    client.force_login(cast["county_admin"])
    body = client.get(reverse("question_list") + f"?occupation={other.pk}").content.decode()
    assert "另一职业的题" in body and "单选题第1题" not in body


# --- the contestant's pages -----------------------------------------------------------------


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "答案格式不正确"),
        ({"question": "abc"}, "该题不在您的试卷中"),
        ({"question": "999999"}, "该题不在您的试卷中"),
    ],
)
def test_a_malformed_answer_gets_a_chinese_400(exam, cast, client, data, message):
    client.force_login(cast["worker_user"])
    client.post(reverse("exam_start", args=[exam["paper"].pk]))
    response = client.post(reverse("exam_answer", args=[exam["paper"].pk]), data)
    assert response.status_code == 400 and message in response.content.decode()


def test_an_option_that_is_not_on_the_paper_gets_a_chinese_400(exam, cast, client):
    client.force_login(cast["worker_user"])
    client.post(reverse("exam_start", args=[exam["paper"].pk]))
    q = Sitting.objects.get().arrangement[0][0]
    for bad in ("9", "x", "nan"):
        response = client.post(
            reverse("exam_answer", args=[exam["paper"].pk]), {"question": q, f"q{q}": bad}
        )
        assert response.status_code == 400 and "所选选项不存在" in response.content.decode()


def test_submitting_keeps_the_answers_on_the_page(exam, cast, client):
    client.force_login(cast["worker_user"])
    client.post(reverse("exam_start", args=[exam["paper"].pk]))
    sitting = Sitting.objects.get()
    q, order = sitting.arrangement[0]
    answer = Question.objects.get(pk=q).answer
    client.post(
        reverse("exam_submit", args=[exam["paper"].pk]),
        {f"q{q}": [str(a) for a in answer], "time_up": "0"},
    )
    sitting.refresh_from_db()
    assert sitting.submitted_at and sitting.answers == {str(q): answer}
    assert not sitting.auto_submitted


def test_a_union_user_has_no_exam_list(exam, cast, client):
    client.force_login(cast["county_admin"])
    assert client.get(reverse("exam_list")).status_code == 404


# --- C6: query counts ---------------------------------------------------------------------


def test_the_bank_page_reads_a_fixed_number_of_times(
    exam, cast, client, django_assert_max_num_queries
):
    client.force_login(cast["town_admin"])
    client.get(reverse("question_list"))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("question_list")).status_code == 200
    client.force_login(cast["county_admin"])
    services.import_questions(
        by=cast["county_admin"],
        organisation=cast["county"],
        occupation=f.occupation("焊工", "6-18-02-04"),
        data=xlsx(bank_rows(singles=30, multiples=10, true_false=10)),
    )
    with django_assert_max_num_queries(12):
        assert client.get(reverse("question_list")).status_code == 200


def test_the_import_page_reads_a_fixed_number_of_times(cast, client, django_assert_max_num_queries):
    client.force_login(cast["county_admin"])
    with django_assert_max_num_queries(10):
        assert client.get(reverse("question_import")).status_code == 200


def test_the_paper_page_reads_a_fixed_number_of_times(
    exam, cast, client, django_assert_max_num_queries
):
    for who in ("worker_user",):
        services.start_sitting(by=cast[who], paper=exam["paper"])
    client.force_login(cast["county_admin"])
    with django_assert_max_num_queries(14):
        assert client.get(reverse("paper_edit", args=[exam["competition"].pk])).status_code == 200


def test_the_contestants_pages_read_a_fixed_number_of_times(
    exam, cast, client, django_assert_max_num_queries
):
    client.force_login(cast["worker_user"])
    with django_assert_max_num_queries(8):
        assert client.get(reverse("exam_list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("exam_take", args=[exam["paper"].pk])).status_code == 200
    client.post(reverse("exam_start", args=[exam["paper"].pk]))
    with django_assert_max_num_queries(10):
        assert client.get(reverse("exam_take", args=[exam["paper"].pk])).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("exam_list")).status_code == 200


def test_after_the_lock_the_paper_page_offers_no_change(exam, cast, client):
    from jiangxin.competitions.models import Competition

    Competition.objects.filter(pk=exam["competition"].pk).update(status="locked")
    client.force_login(cast["county_admin"])
    body = client.get(reverse("paper_edit", args=[exam["competition"].pk])).content.decode()
    assert "成绩已锁定，试卷不能再修改" in body
    assert "保存规则" not in body
    assert reverse("paper_draw", args=[exam["competition"].pk]) not in body
