"""申请更正: a worker says what is wrong; the admins who may edit their record see it in their
queue and resolve or reject it with a note; the worker sees where it stands."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from jiangxin.audit.models import AuditEntry
from jiangxin.privacy import services
from jiangxin.privacy.models import CorrectionRequest


@pytest.fixture
def asked(cast):
    return services.request_correction(
        by=cast["worker_user"], item="skill_level", details="应为三级/高级工，2024年取证"
    )


def test_a_worker_asks_through_the_form_and_sees_it_pending(cast, login):
    client = login(cast["worker_user"])
    response = client.post(
        reverse("correction_new"), {"item": "mobile", "details": "新号码 13912345678"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("my_data")
    correction = CorrectionRequest.objects.get()
    assert correction.worker == cast["worker_a"] and correction.requested_by == cast["worker_user"]
    # what it should be is stored encrypted, and not copied into the audit log
    assert "13912345678" not in correction.details_enc
    assert correction.details() == "新号码 13912345678"
    entry = AuditEntry.objects.get(object_type="privacy.correctionrequest")
    assert entry.org_path == cast["worker_a"].org_path and "13912345678" not in str(entry.changes)
    body = client.get(reverse("my_data")).content.decode()
    assert "新号码 13912345678" in body and "待处理" in body


def test_an_empty_or_unknown_request_is_refused_on_its_field(cast, login):
    client = login(cast["worker_user"])
    response = client.post(reverse("correction_new"), {"item": "salary", "details": ""})
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["item"] == ["没有这个项目，请从列表中选择"]
    assert form.errors["details"] == ["请写明这一项应当更正为什么"]
    assert not CorrectionRequest.objects.exists()


def test_the_same_item_is_not_asked_twice_while_open(cast, asked):
    with pytest.raises(ValidationError) as err:
        services.request_correction(by=cast["worker_user"], item="skill_level", details="再问一次")
    assert "已有待处理的更正申请" in str(err.value)
    services.request_correction(by=cast["worker_user"], item="honour", details="漏了一项荣誉")
    assert CorrectionRequest.objects.count() == 2


def test_only_a_worker_bound_to_a_record_may_ask(cast):
    with pytest.raises(PermissionDenied):
        services.request_correction(by=cast["outsider"], item="name", details="张三")


def test_the_queue_holds_requests_of_the_workers_an_admin_may_edit(cast, asked, login):
    """worker_a is in 晋工机械 (town A): its admins and those above see it; the sibling town,
    the other enterprise, a viewer and the worker do not."""
    for who in ("admin_a", "town_admin", "county_admin", "platform"):
        response = login(cast[who]).get(reverse("correction_list"))
        assert response.status_code == 200
        assert list(response.context["rows"]) == [asked], who
    for who in ("sibling_admin", "admin_b"):
        assert list(login(cast[who]).get(reverse("correction_list")).context["rows"]) == []
        assert (
            login(cast[who]).get(reverse("correction_detail", args=[asked.pk])).status_code == 404
        )
    for who in ("county_viewer", "worker_user", "outsider"):
        assert login(cast[who]).get(reverse("correction_list")).status_code == 404
        assert (
            login(cast[who]).get(reverse("correction_detail", args=[asked.pk])).status_code == 404
        )


def test_an_admin_resolves_it_and_the_worker_sees_the_note(cast, asked, login):
    client = login(cast["admin_a"])
    detail = client.get(reverse("correction_detail", args=[asked.pk])).content.decode()
    assert "应为三级/高级工，2024年取证" in detail
    assert reverse("worker_edit", args=[cast["worker_a"].pk]) in detail
    response = client.post(
        reverse("correction_resolve", args=[asked.pk]), {"note": "已改为三级/高级工"}
    )
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == "resolved" and asked.decided_by == cast["admin_a"]
    assert asked.note == "已改为三级/高级工" and asked.decided_at is not None
    assert AuditEntry.objects.filter(
        action="approve", object_type="privacy.correctionrequest", object_id=str(asked.pk)
    ).exists()
    body = login(cast["worker_user"]).get(reverse("my_data")).content.decode()
    assert "已更正" in body and "已改为三级/高级工" in body
    # a second decision (a double click, another admin) changes nothing
    again = login(cast["town_admin"]).post(
        reverse("correction_reject", args=[asked.pk]), {"note": "晚了一步"}, follow=True
    )
    assert again.status_code == 200
    asked.refresh_from_db()
    assert asked.status == "resolved"


def test_a_rejection_needs_its_reason(cast, asked, login):
    client = login(cast["town_admin"])
    client.post(reverse("correction_reject", args=[asked.pk]), {"note": ""})
    asked.refresh_from_db()
    assert asked.is_open
    client.post(reverse("correction_reject", args=[asked.pk]), {"note": "证书未经核验"})
    asked.refresh_from_db()
    assert asked.status == "rejected" and asked.note == "证书未经核验"
    assert AuditEntry.objects.filter(action="reject", object_id=str(asked.pk)).exists()


def test_the_service_refuses_an_admin_of_another_branch(cast, asked):
    with pytest.raises(PermissionDenied):
        services.decide_correction(
            by=cast["sibling_admin"], correction=asked, status="resolved", note=""
        )


def test_the_queue_filter_shows_closed_requests_and_refuses_a_bad_status(cast, asked, login):
    services.decide_correction(by=cast["admin_a"], correction=asked, status="resolved", note="")
    client = login(cast["admin_a"])
    assert list(client.get(reverse("correction_list")).context["rows"]) == []
    assert list(client.get(reverse("correction_list"), {"status": "resolved"}).context["rows"]) == [
        asked
    ]
    bad = client.get(reverse("correction_list"), {"status": "nonsense"})
    assert bad.status_code == 200 and "筛选条件有误" in bad.content.decode()


def test_admins_with_a_queue_see_it_in_the_menu_and_viewers_do_not(cast, login):
    def keys(user):
        return [i["key"] for i in login(user).get(reverse("home")).context["nav"]]

    assert "correction" in keys(cast["admin_a"])
    assert "correction" not in keys(cast["county_viewer"])
