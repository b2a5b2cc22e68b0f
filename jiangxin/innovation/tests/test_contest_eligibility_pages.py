# ruff: noqa: F811  (the fixtures imported below are pytest arguments)
"""The 五小 eligibility check joined to the records (``services_contest_eligibility``) and shown
on the pages: each exclusion answered on the application page before submission, blocking or
warning as the edition says; a past winner found on the platform by title and completers; the
completion window's edges; the warnings kept for the enterprise union; the names in the text."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from jiangxin import factories as f
from jiangxin.innovation import services_contest
from jiangxin.innovation import services_contest_applications as apps
from jiangxin.innovation.models import ApplicationCompleter, Award, ContestApplication
from jiangxin.innovation.tests.contest_fixtures import (  # noqa: F401  (fixtures)
    draft,
    edition,
    fields,
)


def answer_of(html: str, key: str) -> str:
    """The text of one answer's row on the page (badge, label, message)."""
    m = re.search(rf'<li class="answer answer-(\w+)" data-key="{key}">(.*?)</li>', html, re.S)
    assert m, key
    return m.group(1) + "|" + re.sub(r"<[^>]+>", " ", m.group(2))


def page(client, name, application) -> str:
    return client.get(reverse(name, args=[application.pk])).content.decode()


def edit_data(cast, application, **over):
    data = {k: str(v) for k, v in fields().items()}
    data.update({"completer_1": cast["worker_a"].pk, "share_1": 100})
    data.update({k: str(v) for k, v in over.items()})
    return data


def set_mode(edition, code, mode):
    edition.exclusion_modes = {**edition.exclusion_modes, code: mode}
    edition.save()


DECLARATIONS = [
    # form field, pure key, edition code, label on the page
    ("in_gov_plan", "gov_plan", "gov_plan", "列入政府科技计划"),
    ("gov_awarded", "gov_award", "gov_award", "已获政府科技奖励"),
    ("involves_secret", "trade_secret", "secret", "涉及商业秘密"),
    ("national_security", "national_security", "national_security", "涉及国家安全"),
    ("ip_dispute", "ip_dispute", "ip_dispute", "存在知识产权争议"),
]


def test_a_clean_draft_shows_all_seven_answers_passed(cast, draft, login):
    html = page(login(cast["worker_user"]), "contest_application_detail", draft)
    keys = re.findall(r'data-key="(\w+)"', html)
    assert keys == [d[1] for d in DECLARATIONS] + ["past_winner", "window"]
    assert html.count("answer answer-passed") == 7
    assert f"于 {draft.edition.year} 年内完成" in answer_of(html, "window")


@pytest.mark.parametrize(("field", "key", "code", "label"), DECLARATIONS)
def test_each_declaration_blocks_on_the_page(cast, draft, login, field, key, code, label):
    client = login(cast["worker_user"])
    saved = client.post(
        reverse("contest_application_edit", args=[draft.pk]),
        edit_data(cast, draft, **{field: "on"}),
    )
    assert saved.status_code == 302
    row = answer_of(page(client, "contest_application_detail", draft), key)
    assert row.startswith("block|") and "不可提交" in row
    assert f"{label}的项目不能申报本届大赛。如勾选有误，请取消勾选后重新检查。" in row
    confirm = page(client, "contest_application_submit", draft)
    assert "存在“不可提交”的情形，不能提交" in confirm and "确认提交" not in confirm
    refused = client.post(reverse("contest_application_submit", args=[draft.pk]))
    assert refused.status_code == 400
    assert f"本项目不符合参赛条件：{label}——" in refused.content.decode()
    draft.refresh_from_db()
    assert draft.state == "draft" and draft.submitted_at is None


@pytest.mark.parametrize(("field", "key", "code", "label"), DECLARATIONS)
def test_each_declaration_set_to_warn_submits_once_accepted(
    cast, draft, login, field, key, code, label
):
    set_mode(draft.edition, code, "warn")
    apps.update_draft(by=cast["worker_user"], application=draft, **{field: True})
    client = login(cast["worker_user"])
    row = answer_of(page(client, "contest_application_detail", draft), key)
    assert row.startswith("warn|") and "提示" in row
    assert f"已声明{label}：可以提交，但请在申报书中说明情况并附证明材料" in row
    url = reverse("contest_application_submit", args=[draft.pk])
    unticked = client.post(url)
    assert unticked.status_code == 400
    assert unticked.context["form"].errors["accept_warnings"] == [
        "请阅读提示，确认仍要提交后勾选“我已知悉，仍然提交”"
    ]
    assert client.post(url, {"accept_warnings": "on"}).status_code == 302
    draft.refresh_from_db()
    assert draft.state == "submitted"
    assert [w["key"] for w in draft.eligibility_warnings] == [key]
    # the enterprise union reads the warning the applicant accepted
    union = page(login(cast["admin_a"]), "contest_application_detail", draft)
    assert "提交时资格检查的提示（申报人已确认）" in union and f"已声明{label}" in union


# --- a past 五小 winner on the platform ----------------------------------------------------


def past_award(cast, title, workers, *, years_ago=1, revoked=False):
    """An award of an earlier edition of the county's contest, to ``workers``."""
    year = timezone.localdate().year - years_ago
    past = services_contest.open_edition(
        by=cast["county_admin"],
        organisation=cast["county"],
        year=year,
        title=f"{year}年晋江市职工“五小”创新大赛",
    )
    now = timezone.now()
    application = ContestApplication.objects.create(
        edition=past,
        enterprise=cast["ent_a"],
        union=cast["union_a"],
        org_path=cast["union_a"].path,
        **{**fields(), "title": title},
        state="awarded",
        current_level=past.levels.last(),
        submitted_at=now,
        endorsed_at=now,
    )
    for order, worker in enumerate(workers, start=1):
        ApplicationCompleter.objects.create(
            application=application, worker=worker, order=order, share=100 // len(workers)
        )
    tier = past.tiers.first()
    return Award.objects.create(
        application=application,
        tier=tier,
        amount=tier.amount,
        certificate_code=f"WX{year}0001",
        awarded_at=now,
        revoked_at=now if revoked else None,
    )


def test_a_past_winner_by_title_and_completers_is_a_warning(cast, draft, login):
    # same completer (柯宝馨); the title's last two characters changed (夹具 → 装置): 9 of 11
    # characters match in each → difflib ratio 2·9/22 = 0.818 ≥ 0.8, shown as 82%
    award = past_award(cast, "数控折弯机快速换模装置", [cast["worker_a"]])
    year = award.application.edition.year
    client = login(cast["worker_user"])
    row = answer_of(page(client, "contest_application_detail", draft), "past_winner")
    assert row.startswith("warn|")
    assert (
        f"{year}年“数控折弯机快速换模装置”{award.tier.name}（名称相似度 82%，共同完成人 1 名）"
        in row
    )
    assert "可以提交，但请在申报书中写明与该项目的区别" in row
    # blocking when the edition says so
    set_mode(draft.edition, "past_winner", "block")
    row = answer_of(page(client, "contest_application_detail", draft), "past_winner")
    assert row.startswith("block|") and "往届获奖项目不能再次申报" in row


def test_the_same_title_by_other_people_is_not_a_past_winner(cast, draft, login):
    other = f.worker(cast["union_a"], "王建国", enterprise_obj=cast["ent_a"])
    past_award(cast, draft.title, [other])
    row = answer_of(
        page(login(cast["worker_user"]), "contest_application_detail", draft), "past_winner"
    )
    assert row.startswith("passed|")


def test_the_same_people_under_another_title_is_not_a_past_winner(cast, draft, login):
    past_award(cast, "焊接烟尘净化回收装置", [cast["worker_a"]])
    row = answer_of(
        page(login(cast["worker_user"]), "contest_application_detail", draft), "past_winner"
    )
    assert row.startswith("passed|")


def test_a_revoked_award_does_not_count(cast, draft):
    past_award(cast, draft.title, [cast["worker_a"]], revoked=True)
    answers = {a.key: a.outcome for a in apps.eligibility(draft)}
    assert answers["past_winner"] == "passed"


# --- the completion window through the service ------------------------------------------

Y = timezone.localdate().year
D = datetime.date


@pytest.mark.parametrize(
    ("rule", "completed", "start", "end", "outcome"),
    [
        ("benefit", D(Y, 1, 1), None, None, "passed"),  # first day of the year
        ("benefit", D(Y, 12, 31), None, None, "passed"),  # last day
        ("benefit", D(Y + 1, 1, 1), None, None, "block"),  # after the year
        ("benefit", D(Y - 1, 12, 31), None, None, "block"),  # earlier, no benefit date
        # earlier, benefit began on the year's last day: inside
        ("benefit", D(Y - 1, 12, 31), D(Y, 12, 31), None, "passed"),
        # earlier, benefit begins after the year
        ("benefit", D(Y - 1, 12, 31), D(Y + 1, 1, 1), None, "block"),
        # earlier, benefit ran last year and ended on its last day: not in the year
        ("benefit", D(Y - 2, 6, 1), D(Y - 2, 7, 1), D(Y - 1, 12, 31), "block"),
        # ... ended on the year's first day: inside
        ("benefit", D(Y - 2, 6, 1), D(Y - 2, 7, 1), D(Y, 1, 1), "passed"),
        # the edition takes only projects completed in the year: a benefit does not help
        ("in_year", D(Y - 1, 12, 31), D(Y, 1, 1), None, "block"),
        ("in_year", D(Y, 1, 1), None, None, "passed"),
    ],
)
def test_the_window_edges(cast, draft, rule, completed, start, end, outcome):
    draft.edition.completion_rule = rule
    draft.edition.save()
    draft = apps.update_draft(
        by=cast["worker_user"],
        application=draft,
        started_on=min(completed, D(Y - 2, 1, 1)),
        completed_on=completed,
        benefit_from=start,
        benefit_until=end,
    )
    answers = {a.key: a for a in apps.eligibility(draft)}
    assert answers["window"].outcome == outcome, answers["window"].message


def test_the_window_set_to_warn_lets_an_earlier_project_through(cast, draft):
    set_mode(draft.edition, "window", "warn")
    draft = apps.update_draft(
        by=cast["worker_user"], application=draft, completed_on=D(Y - 1, 12, 31)
    )
    window = {a.key: a for a in apps.eligibility(draft)}["window"]
    assert window.outcome == "warn"
    assert window.message.endswith("请填写效益开始日期。可以提交，由组织方审核。")
    done = apps.submit_application(by=cast["worker_user"], application=draft, accept_warnings=True)
    assert [w["key"] for w in done.eligibility_warnings] == ["window"]


def test_a_benefit_ending_before_it_began_is_refused_on_the_field(cast, draft, login):
    response = login(cast["worker_user"]).post(
        reverse("contest_application_edit", args=[draft.pk]),
        edit_data(cast, draft, benefit_from=D(Y, 5, 1), benefit_until=D(Y, 4, 1)),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["benefit_until"] == ["效益结束日期不能早于开始日期"]
    draft.refresh_from_db()
    assert draft.benefit_from is None


# --- names in the text ---------------------------------------------------------------------


def test_names_in_the_text_are_warned_on_the_page_and_the_form(cast, draft, login):
    apps.update_draft(
        by=cast["worker_user"],
        application=draft,
        title="晋工机械折弯机快速换模夹具",
        content="柯宝馨带领班组设计定位销与快换压板。",
        benefit_amount=Decimal("12.35"),
    )
    client = login(cast["worker_user"])
    for name in (
        "contest_application_detail",
        "contest_application_edit",
        "contest_application_submit",
    ):
        html = page(client, name, draft)
        assert "文字中出现了姓名或单位名称" in html, name
        assert "“项目名称”中出现“晋工机械”" in html
        assert "“主要内容”中出现“柯宝馨”" in html
    form = page(client, "contest_application_edit", draft)
    assert "请勿写入完成人姓名和企业、工会名称：专家评审时隐去这些信息" in form


def test_clean_text_has_no_name_warning(cast, draft, login):
    html = page(login(cast["worker_user"]), "contest_application_detail", draft)
    assert "文字中出现了姓名或单位名称" not in html
