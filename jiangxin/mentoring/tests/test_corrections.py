"""What a first-time master met on a phone: a log filed with 80 hours instead of 8 could not be
corrected; 300 hours a month passed; the programme link on a pair page was a 404 for the pair;
the stipend line read as if the allowance hung on the assessment; a master landed on their record
with no word of the overdue log."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from jiangxin.audit.models import AuditEntry
from jiangxin.core.landing import landing_url
from jiangxin.mentoring import policies, services
from jiangxin.mentoring.models import Assessment, CheckIn, Pair
from jiangxin.mentoring.tests.conftest import months_ago

pytestmark = pytest.mark.django_db


# 1. correct or remove until frozen ------------------------------------------------------------


def test_the_author_corrects_the_hours_on_the_page_and_it_is_audited(logged, client):
    pair, checkin = logged["pair"], logged["checkin"]
    client.force_login(logged["master"])
    body = client.get(reverse("pair_detail", args=[pair.pk])).content.decode()
    edit = reverse("checkin_edit", args=[pair.pk, checkin.pk])
    assert edit in body and reverse("checkin_delete", args=[pair.pk, checkin.pk]) in body
    page = client.get(edit)
    assert page.status_code == 200 and 'value="80.0"' in page.content.decode()
    response = client.post(edit, {"content": "识图与对刀", "hours": "8"})
    assert response.status_code == 302
    checkin.refresh_from_db()
    assert checkin.hours == D("8") and checkin.content == "识图与对刀"
    entry = AuditEntry.objects.filter(action="update", object_id=str(checkin.pk)).get()
    assert entry.changes["hours"] == ["80.0", "8"]


def test_a_refused_correction_keeps_the_typed_input(logged, client):
    pair, checkin = logged["pair"], logged["checkin"]
    client.force_login(logged["master"])
    response = client.post(
        reverse("checkin_edit", args=[pair.pk, checkin.pk]),
        {"content": "改过的内容", "hours": "800"},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "改过的内容" in body and "184" in body and "novalidate" in body


def test_the_author_deletes_the_log_and_the_month_is_due_again(logged, client):
    pair, checkin = logged["pair"], logged["checkin"]
    client.force_login(logged["master"])
    url = reverse("checkin_delete", args=[pair.pk, checkin.pk])
    assert client.post(url).status_code == 302
    assert not CheckIn.objects.filter(pk=checkin.pk).exists()
    assert AuditEntry.objects.filter(action="delete", object_id=str(checkin.pk)).exists()
    again = client.post(url, follow=True)  # a double click: a normal page that says so
    assert again.status_code == 200 and "该带徒记录已删除" in again.content.decode()
    form = client.get(reverse("pair_checkin", args=[pair.pk])).context["form"]
    assert form.initial["month"] == f"{months_ago(3):%Y-%m}"


def test_only_the_author_may_change_a_log(logged, cast, client):
    pair, checkin = logged["pair"], logged["checkin"]
    for user in (logged["apprentice"], cast["admin_a"]):
        with pytest.raises(PermissionDenied):
            services.update_checkin(by=user, checkin=checkin, content="代改", hours=8)
        with pytest.raises(PermissionDenied):
            services.delete_checkin(by=user, checkin=checkin)
        client.force_login(user)
        body = client.get(reverse("pair_detail", args=[pair.pk])).content.decode()
        assert reverse("checkin_edit", args=[pair.pk, checkin.pk]) not in body
        edit = client.get(reverse("checkin_edit", args=[pair.pk, checkin.pk]))
        assert edit.status_code == 403
        assert client.post(reverse("checkin_delete", args=[pair.pk, checkin.pk])).status_code == 403
    client.force_login(cast["outsider"])
    assert client.get(reverse("checkin_edit", args=[pair.pk, checkin.pk])).status_code == 404


def test_a_midterm_freezes_the_months_before_it_and_the_page_says_why(logged, cast, client):
    pair, checkin, master = logged["pair"], logged["checkin"], logged["master"]
    later = services.record_checkin(
        by=master, pair=pair, month=months_ago(0), content="本月", hours=6
    )
    services.assess(by=cast["admin_a"], pair=pair, kind=Assessment.Kind.MIDTERM, grade="pass")
    assessments = list(pair.assessments.all())
    assert policies.checkin_frozen_reason(checkin, pair, assessments)
    assert policies.checkin_frozen_reason(later, pair, assessments) is None  # this month: open
    with pytest.raises(ValidationError, match="中期考核"):
        services.update_checkin(by=master, checkin=checkin, content="识图", hours=8)
    with pytest.raises(ValidationError, match="中期考核"):
        services.delete_checkin(by=master, checkin=checkin)
    client.force_login(master)
    body = client.get(reverse("pair_detail", args=[pair.pk])).content.decode()
    assert reverse("checkin_edit", args=[pair.pk, checkin.pk]) not in body
    assert reverse("checkin_edit", args=[pair.pk, later.pk]) in body
    assert "中期考核已涵盖该月，记录已封存" in body
    page = client.get(reverse("checkin_edit", args=[pair.pk, checkin.pk]))
    assert "记录已封存" in page.content.decode() and "保存修改" not in page.content.decode()
    client.post(reverse("checkin_edit", args=[pair.pk, checkin.pk]), {"content": "x", "hours": "8"})
    checkin.refresh_from_db()
    assert checkin.hours == D("80")


def test_the_end_of_the_pair_freezes_every_log(logged, cast, client):
    pair, checkin = logged["pair"], logged["checkin"]
    services.assess(by=cast["admin_a"], pair=pair, kind=Assessment.Kind.FINAL, grade="pass")
    pair.refresh_from_db()
    reason = policies.checkin_frozen_reason(checkin, pair, pair.assessments.all())
    assert reason and "已出师" in reason
    assert not policies.can_change_checkin(logged["master"], checkin, pair, [])
    client.force_login(logged["master"])
    assert client.post(reverse("checkin_delete", args=[pair.pk, checkin.pk])).status_code == 302
    assert CheckIn.objects.filter(pk=checkin.pk).exists()


# 2. a credible month's hours ------------------------------------------------------------------


@pytest.mark.parametrize("hours", ["185", "300", "0"])
def test_more_hours_than_a_working_month_are_refused(logged, client, hours):
    pair = logged["pair"]
    client.force_login(logged["master"])
    response = client.post(
        reverse("pair_checkin", args=[pair.pk]),
        {"month": f"{months_ago(2):%Y-%m}", "content": "对刀", "hours": hours},
    )
    assert response.status_code == 400
    assert "一个月的带徒学时不会超过当月工作时间" in str(response.context["form"].errors["hours"])
    with pytest.raises(ValidationError) as err:
        services.record_checkin(
            by=logged["master"], pair=pair, month=months_ago(2), content="对刀", hours=hours
        )
    assert "hours" in err.value.message_dict
    services.record_checkin(
        by=logged["master"], pair=pair, month=months_ago(2), content="对刀", hours=184
    )


# 3. the programme link only for those who may open it -----------------------------------------


def test_the_programme_is_linked_only_for_those_who_may_open_it(logged, cast, client):
    pair = logged["pair"]
    programme_url = reverse("programme_detail", args=[pair.programme_id])
    for user in (logged["master"], logged["apprentice"], cast["admin_a"], cast["town_admin"]):
        client.force_login(user)
        body = client.get(reverse("pair_detail", args=[pair.pk])).content.decode()
        linked = programme_url in body
        assert linked == policies.can_view_programme(user, pair.programme), user
        assert linked == (client.get(programme_url).status_code == 200), user
        assert pair.programme.name in body
    assert not policies.can_view_programme(logged["master"], pair.programme)
    assert policies.can_view_programme(cast["town_admin"], pair.programme)


# 4. the stipend line --------------------------------------------------------------------------


def test_the_stipend_says_it_is_paid_by_the_final_grade(logged, cast, client):
    pair = logged["pair"]
    client.force_login(logged["master"])
    body = client.get(reverse("pair_detail", args=[pair.pk])).content.decode()
    assert "实发按出师考核结果：优秀 100%、合格 50%、不合格 0%" in body
    assert "尚未考核" in body
    services.assess(by=cast["admin_a"], pair=pair, kind=Assessment.Kind.FINAL, grade="fail")
    body = client.get(reverse("pair_detail", args=[pair.pk])).content.decode()
    assert "元/月，出师考核" not in body
    assert "不合格（津贴按 0% 发放）" in body


# 5. the master's landing and the overdue notice on their record ---------------------------------


def test_a_master_of_a_current_pair_lands_on_my_pairs(logged, cast):
    assert landing_url(logged["master"]) == reverse("my_pairs")
    assert landing_url(logged["apprentice"]) == reverse(
        "worker_detail", args=[logged["pair"].apprentice_id]
    )
    Pair.objects.filter(pk=logged["pair"].pk).update(status=Pair.Status.GRADUATED)
    master = type(logged["master"]).objects.get(pk=logged["master"].pk)  # a fresh reach
    assert landing_url(master) == reverse("worker_detail", args=[logged["pair"].master_id])


def test_the_workers_own_record_says_a_log_is_overdue(
    logged, cast, client, django_assert_max_num_queries
):
    pair = logged["pair"]
    record = reverse("worker_detail", args=[pair.master_id])
    client.force_login(logged["master"])
    body = client.get(record).content.decode()
    assert "与徒弟1的带徒记录有 2 个月逾期未填" in body
    assert reverse("pair_checkin", args=[pair.pk]) in body
    client.force_login(logged["apprentice"])  # three months over, none logged by the apprentice
    body = client.get(reverse("worker_detail", args=[pair.apprentice_id])).content.decode()
    assert "与林师傅的带徒记录有 3 个月逾期未填" in body
    client.force_login(cast["admin_a"])  # staff reading the record: not their log
    assert "逾期未填" not in client.get(record).content.decode()
    for month in (months_ago(2), months_ago(1)):
        services.record_checkin(
            by=logged["master"], pair=pair, month=month, content="对刀", hours=8
        )
    client.force_login(logged["master"])
    with django_assert_max_num_queries(30):
        body = client.get(record).content.decode()
    assert "逾期未填" not in body
