"""Online exams: rules checked against the bank, a clock fixed at the start, answers kept as
they are given, marking into the theory score, late papers collected."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from jiangxin import factories as f
from jiangxin.competitions import services as competition_services
from jiangxin.competitions.models import ExamScore
from jiangxin.exams import services
from jiangxin.exams.models import Question, Sitting

pytestmark = pytest.mark.django_db


def _right_answers(sitting):
    answers = dict(
        Question.objects.filter(pk__in=[q for q, _o in sitting.arrangement]).values_list(
            "pk", "answer"
        )
    )
    return answers


def test_rules_the_bank_cannot_serve_are_refused_in_chinese(exam, cast):
    with pytest.raises(ValidationError) as err:
        services.set_paper(
            by=cast["county_admin"],
            component=exam["theory"],
            rules=[{"kind": "single", "topic": "劳动合同", "count": "9", "points": "1"}],
            duration_minutes=30,
            shuffle=False,
        )
    assert err.value.messages == ["单选题（劳动合同）题库中可用 3 道，试卷需要 9 道"]
    with pytest.raises(ValidationError, match="考试时长应在 5–300 分钟之间"):
        services.set_paper(
            by=cast["county_admin"],
            component=exam["theory"],
            rules=[{"kind": "single", "count": "1", "points": "1"}],
            duration_minutes=1,
            shuffle=False,
        )
    with pytest.raises(PermissionDenied):
        services.draw_paper(by=cast["town_admin"], paper=exam["paper"])
    exam["paper"].refresh_from_db()
    assert len(exam["paper"].items) == 10 and exam["paper"].total_points == D(80)


def test_the_clock_starts_once(exam, cast):
    sitting = services.start_sitting(by=cast["worker_user"], paper=exam["paper"])
    assert sitting.deadline - sitting.started_at == datetime.timedelta(minutes=30)
    again = services.start_sitting(by=cast["worker_user"], paper=exam["paper"])
    assert (again.pk, again.deadline) == (sitting.pk, sitting.deadline)
    assert len(sitting.arrangement) == 10
    with pytest.raises(ValidationError, match="已有选手开考"):
        services.draw_paper(by=cast["county_admin"], paper=exam["paper"])


def test_only_an_entrant_sits_the_exam(exam, cast):
    outsider = f.user("someone")
    with pytest.raises(PermissionDenied, match="您没有参加本场考试"):
        services.start_sitting(by=outsider, paper=exam["paper"])


def test_a_full_paper_scores_100_and_becomes_the_theory_score(exam, cast):
    sitting = services.start_sitting(by=cast["worker_user"], paper=exam["paper"])
    for q, answer in _right_answers(sitting).items():
        services.save_answer(by=cast["worker_user"], sitting=sitting, question_id=q, chosen=answer)
    sitting = services.submit_sitting(by=cast["worker_user"], sitting=sitting)
    assert (sitting.earned, sitting.score, sitting.auto_submitted) == (D(80), D("100.00"), False)
    score = ExamScore.objects.get(entry=exam["entries"]["a"], current=True)
    assert (score.score, score.source) == (D("100.00"), "online")
    parts = competition_services.component_scores(exam["competition"])
    assert parts[exam["entries"]["a"].pk]["theory"] == D("100.00")


def test_answers_are_checked_and_frozen(exam, cast):
    sitting = services.start_sitting(by=cast["worker_user"], paper=exam["paper"])
    single = next(q for q, o in sitting.arrangement if len(o) == 4)
    with pytest.raises(ValidationError, match="单选题和判断题只能选一个答案"):
        services.save_answer(
            by=cast["worker_user"], sitting=sitting, question_id=single, chosen=[0, 1]
        )
    with pytest.raises(ValidationError, match="所选选项不存在"):
        services.save_answer(
            by=cast["worker_user"], sitting=sitting, question_id=single, chosen=[7]
        )
    other = Question.objects.exclude(pk__in=[q for q, _o in sitting.arrangement]).first()
    with pytest.raises(ValidationError, match="该题不在您的试卷中"):
        services.save_answer(
            by=cast["worker_user"], sitting=sitting, question_id=other.pk, chosen=[0]
        )
    with pytest.raises(PermissionDenied):
        services.save_answer(by=cast["town_admin"], sitting=sitting, question_id=single, chosen=[0])
    services.save_answer(by=cast["worker_user"], sitting=sitting, question_id=single, chosen=[2])
    Sitting.objects.filter(pk=sitting.pk).update(
        deadline=timezone.now() - datetime.timedelta(minutes=1),
        started_at=timezone.now() - datetime.timedelta(minutes=31),
    )
    with pytest.raises(ValidationError, match="考试时间已到"):
        services.save_answer(
            by=cast["worker_user"], sitting=sitting, question_id=single, chosen=[1]
        )
    sitting.refresh_from_db()
    assert sitting.answers == {str(single): [2]}
    done = services.submit_sitting(by=cast["worker_user"], sitting=sitting)
    assert done.auto_submitted
    with pytest.raises(ValidationError, match="试卷已交"):
        services.save_answer(
            by=cast["worker_user"], sitting=sitting, question_id=single, chosen=[1]
        )


def test_the_organiser_collects_papers_left_open(exam, cast):
    sitting = services.start_sitting(by=cast["worker_user"], paper=exam["paper"])
    assert services.collect_overdue(by=cast["county_admin"], paper=exam["paper"]) == 0
    Sitting.objects.filter(pk=sitting.pk).update(
        deadline=timezone.now() - datetime.timedelta(seconds=30),
        started_at=timezone.now() - datetime.timedelta(minutes=31),
    )
    with pytest.raises(PermissionDenied):
        services.collect_overdue(by=cast["town_admin"], paper=exam["paper"])
    assert services.collect_overdue(by=cast["county_admin"], paper=exam["paper"]) == 1
    sitting.refresh_from_db()
    assert sitting.auto_submitted and sitting.score == D("0.00")
    assert ExamScore.objects.get(entry=exam["entries"]["a"], current=True).score == D("0.00")


def test_the_exam_page_never_shows_the_answers(exam, cast, client):
    client.force_login(cast["worker_user"])
    url = reverse("exam_take", args=[exam["paper"].pk])
    assert "开始考试" in client.get(url).content.decode()
    client.post(reverse("exam_start", args=[exam["paper"].pk]))
    body = client.get(url).content.decode()
    assert "剩余时间" in body and 'data-countdown="' in body
    assert body.count('name="q') == sum(len(o) for _q, o in Sitting.objects.get().arrangement)
    assert "answer" not in body.replace("exam_answer", "").replace("/answer/", "")


def test_answers_are_saved_one_by_one_and_kept_on_reload(exam, cast, client):
    client.force_login(cast["worker_user"])
    paper = exam["paper"]
    client.post(reverse("exam_start", args=[paper.pk]))
    sitting = Sitting.objects.get()
    single = next(q for q, o in sitting.arrangement if len(o) == 4)
    response = client.post(
        reverse("exam_answer", args=[paper.pk]), {"question": single, f"q{single}": "3"}
    )
    assert response.status_code == 200 and "已保存" in response.content.decode()
    bad = client.post(
        reverse("exam_answer", args=[paper.pk]), {"question": single, f"q{single}": ["1", "2"]}
    )
    assert bad.status_code == 409 and "只能选一个答案" in bad.content.decode()
    body = client.get(reverse("exam_take", args=[paper.pk])).content.decode()
    assert f'name="q{single}" value="3" checked' in body


def test_a_paper_left_open_past_its_time_is_handed_in_on_the_next_visit(exam, cast, client):
    client.force_login(cast["worker_user"])
    client.post(reverse("exam_start", args=[exam["paper"].pk]))
    Sitting.objects.update(
        deadline=timezone.now() - datetime.timedelta(seconds=30),
        started_at=timezone.now() - datetime.timedelta(minutes=31),
    )
    body = client.get(reverse("exam_take", args=[exam["paper"].pk])).content.decode()
    assert "已交卷" in body and "系统自动交卷" in body
    assert Sitting.objects.get().submitted_at is not None


@pytest.mark.parametrize("who", ["admin_b", "sibling_admin", "outsider", "county_admin"])
def test_nobody_else_opens_a_contestants_exam(exam, cast, client, who):
    client.force_login(cast[who])
    assert client.get(reverse("exam_take", args=[exam["paper"].pk])).status_code == 404
    assert client.post(reverse("exam_start", args=[exam["paper"].pk])).status_code == 404


@pytest.mark.parametrize(
    "who, status",
    [
        ("county_admin", 200),
        ("platform", 200),
        ("county_viewer", 403),
        ("town_admin", 403),  # sees the competition (its team), cannot set the paper
        ("worker_user", 403),  # an entrant
        ("outsider", 404),
    ],
)
def test_who_sets_the_paper(exam, cast, client, who, status):
    client.force_login(cast[who])
    assert client.get(reverse("paper_edit", args=[exam["competition"].pk])).status_code == status
