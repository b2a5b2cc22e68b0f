"""Workers register themselves; their enterprise union's admin approves and binds the roster."""

import pytest
from django.urls import reverse

from jiangxin import factories as f
from jiangxin.accounts.models import Registration
from jiangxin.audit.models import AuditEntry
from jiangxin.workers.models import Worker


def _register(client, enterprise, *, id_number=None, mobile="13700001111", name="陈雅婷"):
    return client.post(
        reverse("register"),
        {
            "name": name,
            "id_number": id_number or f.id_number(female=True),
            "mobile": mobile,
            "enterprise": enterprise.pk,
            "password": "Worker-pass-2025",
            "password2": "Worker-pass-2025",
            "accept_notice": "on",
        },
    )


def test_registration_waits_for_approval_and_sees_nothing(client, cast):
    response = _register(client, cast["ent_a"])
    assert response.status_code == 302 and response["Location"] == reverse("registration_status")
    assert "待审核" in client.get(reverse("registration_status")).content.decode()
    assert client.get(reverse("worker_detail", args=[cast["worker_a"].pk])).status_code == 404
    assert client.get(reverse("home")).status_code == 302


def test_admin_of_the_enterprise_approves_and_a_roster_record_is_created(client, cast, login):
    _register(client, cast["ent_a"])
    registration = Registration.objects.get()
    response = login(cast["admin_a"]).post(reverse("registration_approve", args=[registration.pk]))
    worker = Worker.objects.get(account=registration.user)
    assert response["Location"] == reverse("worker_detail", args=[worker.pk])
    assert worker.organisation == cast["union_a"] and worker.enterprise == cast["ent_a"]
    assert worker.gender == "F"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.APPROVE).exists()
    # The worker now logs in with the mobile and sees their record.
    client.logout()
    client.post(reverse("login"), {"username": "13700001111", "password": "Worker-pass-2025"})
    assert client.get(reverse("worker_detail", args=[worker.pk])).status_code == 200


def test_approval_binds_the_existing_roster_record_with_the_same_id(client, cast, login):
    worker = cast["worker_b"]
    _register(client, cast["ent_b"], id_number=worker.id_number(), name=worker.name)
    registration = Registration.objects.get()
    login(cast["admin_b"]).post(reverse("registration_approve", args=[registration.pk]))
    worker.refresh_from_db()
    assert worker.account == registration.user
    assert Worker.objects.count() == 3


@pytest.mark.parametrize(
    ("who", "status"),
    [("admin_b", 404), ("sibling_admin", 404), ("county_viewer", 404), ("worker_user", 404)],
)
def test_only_admins_of_that_enterprise_may_approve(client, cast, login, who, status):
    _register(client, cast["ent_a"])
    registration = Registration.objects.get()
    assert (
        login(cast[who]).post(reverse("registration_approve", args=[registration.pk])).status_code
        == status
    )
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PENDING


def test_rejection_needs_a_reason_and_disables_the_account(client, cast, login):
    _register(client, cast["ent_a"])
    registration = Registration.objects.get()
    admin = login(cast["town_admin"])
    admin.post(reverse("registration_reject", args=[registration.pk]), {"note": ""})
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PENDING
    admin.post(reverse("registration_reject", args=[registration.pk]), {"note": "工作单位填写有误"})
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REJECTED and not registration.user.is_active


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id_number", "350582199001011230", "校验码错误"),
        ("mobile", "1234", "11位数字"),
    ],
)
def test_bad_registration_input_says_what_to_fix(client, cast, field, value, message):
    kwargs = {field: value}
    response = _register(client, cast["ent_a"], **kwargs)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Registration.objects.exists()


def test_an_id_number_with_an_account_is_taken_and_shown_to_the_union_as_a_conflict(
    client, cast, login
):
    response = _register(client, cast["ent_a"], id_number=cast["worker_a"].id_number())
    assert response.status_code == 302 and "已有账号" not in response.content.decode()
    registration = Registration.objects.get()
    page = login(cast["admin_a"]).get(reverse("registration_list")).content.decode()
    assert "该公民身份号码的职工档案已绑定其他账号" in page
    assert reverse("registration_approve", args=[registration.pk]) not in page
    login(cast["admin_a"]).post(reverse("registration_approve", args=[registration.pk]))
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PENDING
    assert cast["worker_a"].account == cast["worker_user"]


def test_every_field_error_shows_in_one_submit(client, cast):
    # A wrong check digit (350582199002161235: the first 17 digits give 1, not 5), a weak password and
    # a missing enterprise and consent, all at once: each is named on its field, so the person
    # fixes everything in one go instead of meeting a new error after each submit.
    response = client.post(
        reverse("register"),
        {
            "name": "陈雅婷",
            "id_number": "350582199002161235",
            "mobile": "13700001111",
            "password": "abc",
            "password2": "abc",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"id_number", "enterprise", "accept_notice", "password"}
    page = response.content.decode()
    assert "校验码错误" in page
    # The length rule in Chinese (Django's own catalogue lacks its current wording).
    assert "密码太短，至少需要 10 个字符" in page and "too short" not in page
    assert "至少三类" in page
    assert not Registration.objects.exists()
