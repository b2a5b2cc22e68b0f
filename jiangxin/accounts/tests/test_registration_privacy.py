"""Self-registration tells a visitor nothing about who has an account: taken and free ID
numbers and mobiles get the same answer, the union sees the conflict when it reviews; the form
is throttled per client address; the username is never the mobile or an ID number."""

import re

import pytest
from django.urls import reverse

from jiangxin import factories as f
from jiangxin.accounts.backends import find_user
from jiangxin.accounts.models import Registration, User
from jiangxin.accounts.services import _set_mobile

TAKEN_MOBILE = "13912345678"


@pytest.fixture
def holder(tree):
    """An account that logs in with TAKEN_MOBILE."""
    user = f.user("anhai", node=tree["town_a"])
    _set_mobile(user, TAKEN_MOBILE)
    user.save()
    return user


def _register(client, enterprise, *, mobile, id_number=None, username="", **extra):
    data = {
        "name": "陈雅婷",
        "id_number": id_number or f.id_number(female=True),
        "mobile": mobile,
        "username": username,
        "enterprise": enterprise.pk,
        "password": "Worker-pass-2025",
        "password2": "Worker-pass-2025",
        "accept_notice": "on",
    }
    return client.post(reverse("register"), data, **extra)


def _answer(client, response, username: str) -> tuple:
    """What the applicant sees: the answer to the form, then the page it leads to (their own
    username, the CSRF token and the minute written out)."""
    page = client.get(response["Location"]).content.decode() if response.status_code == 302 else ""
    page = page.replace(username, "USERNAME")
    page = re.sub(r"[A-Za-z0-9]{64}", "CSRF", page)
    page = re.sub(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", "TIME", page)
    return response.status_code, response.get("Location"), response.content.decode(), page


def test_taken_and_free_mobiles_and_id_numbers_get_the_same_answer(client, cast, holder):
    # worker_a's ID number belongs to an account; so does TAKEN_MOBILE.
    cases = {
        "free": {"mobile": "13700001111"},
        "taken_mobile": {"mobile": TAKEN_MOBILE},
        "taken_id": {"mobile": "13700002222", "id_number": cast["worker_a"].id_number()},
    }
    answers = {}
    for n, (case, data) in enumerate(cases.items()):
        client.logout()
        username = f"chen_{n}"
        answers[case] = _answer(
            client, _register(client, cast["ent_a"], username=username, **data), username
        )
    assert answers["free"][0] == 302 and "待审核" in answers["free"][3]
    assert answers["taken_mobile"] == answers["free"]
    assert answers["taken_id"] == answers["free"]
    assert Registration.objects.count() == 3


def test_a_pending_id_number_gets_the_same_answer_too(client, cast):
    id_number = f.id_number()
    first = _answer(
        client,
        _register(
            client, cast["ent_a"], mobile="13700001111", id_number=id_number, username="chen_1"
        ),
        "chen_1",
    )
    client.logout()
    second = _answer(
        client,
        _register(
            client, cast["ent_a"], mobile="13700002222", id_number=id_number, username="chen_2"
        ),
        "chen_2",
    )
    assert first == second


def test_the_union_sees_a_taken_mobile_and_cannot_approve_it(client, cast, holder, login):
    _register(client, cast["ent_a"], mobile=TAKEN_MOBILE)
    registration = Registration.objects.get()
    # The mobile still logs in to its holder only.
    assert find_user(TAKEN_MOBILE) == holder
    admin = login(cast["admin_a"])
    page = admin.get(reverse("registration_list")).content.decode()
    assert "该手机号码已是其他账号的登录手机号" in page
    response = admin.post(reverse("registration_approve", args=[registration.pk]), follow=True)
    assert "不能通过" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PENDING


def test_two_pending_registrations_for_one_id_warn_and_only_one_is_bound(client, cast, login):
    id_number = f.id_number()
    _register(client, cast["ent_a"], mobile="13700001111", id_number=id_number)
    client.logout()
    _register(client, cast["ent_a"], mobile="13700002222", id_number=id_number)
    first, second = Registration.objects.order_by("pk")
    admin = login(cast["admin_a"])
    assert (
        "另有待审核的申请使用同一公民身份号码"
        in admin.get(reverse("registration_list")).content.decode()
    )
    admin.post(reverse("registration_approve", args=[first.pk]))
    admin.post(reverse("registration_approve", args=[second.pk]))
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Registration.Status.APPROVED
    assert second.status == Registration.Status.PENDING


def test_a_rejected_application_lets_go_of_its_mobile(client, cast, login):
    _register(client, cast["ent_a"], mobile="13700001111")
    rejected = Registration.objects.get()
    # Registered before mobiles waited for approval: its account logs in with the mobile.
    User.objects.filter(pk=rejected.user_id).update(mobile_hash=rejected.mobile_hash)
    login(cast["admin_a"]).post(
        reverse("registration_reject", args=[rejected.pk]), {"note": "工作单位填写有误"}
    )
    assert find_user("13700001111") is None
    client.logout()
    _register(client, cast["ent_a"], mobile="13700001111", username="chen_again")
    again = Registration.objects.get(user__username="chen_again")
    login(cast["admin_a"]).post(reverse("registration_approve", args=[again.pk]))
    again.refresh_from_db()
    assert again.status == Registration.Status.APPROVED
    assert find_user("13700001111") == again.user


def test_registration_is_throttled_per_address(client, cast, settings):
    settings.REGISTRATION_RATE_LIMIT = 3
    for n in range(3):
        client.logout()
        response = _register(
            client, cast["ent_a"], mobile=f"1370000111{n}", REMOTE_ADDR="203.0.113.7"
        )
        assert response.status_code == 302
    client.logout()
    refused = _register(client, cast["ent_a"], mobile="13700001119", REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429 and "过于频繁" in refused.content.decode()
    # A forged X-Forwarded-For is not another address.
    forged = _register(
        client,
        cast["ent_a"],
        mobile="13700001119",
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR="192.0.2.1",
    )
    assert forged.status_code == 429
    assert Registration.objects.count() == 3
    # Another address is not held back.
    other = _register(client, cast["ent_a"], mobile="13700001119", REMOTE_ADDR="198.51.100.8")
    assert other.status_code == 302


def test_invalid_submissions_count_towards_the_throttle(client, cast, settings):
    settings.REGISTRATION_RATE_LIMIT = 2
    for _ in range(2):
        assert _register(client, cast["ent_a"], mobile="1234").status_code == 200
    assert _register(client, cast["ent_a"], mobile="13700001111").status_code == 429


@pytest.mark.parametrize(
    "username", ["13700001111", "137-0000-1111", "+8613700001111", "chen350582199001011234"]
)
def test_a_username_holding_a_mobile_or_id_number_is_refused(client, cast, username):
    response = _register(client, cast["ent_a"], mobile="13700001111", username=username)
    assert response.status_code == 200
    assert "不能是手机号码或身份证号码" in response.content.decode()
    assert not User.objects.filter(username=username).exists()


def test_a_blank_username_is_generated_and_the_mobile_is_not_it(client, cast):
    _register(client, cast["ent_a"], mobile="13700001111")
    user = Registration.objects.get().user
    assert user.username.startswith("zg_") and "13700001111" not in user.username
    assert user.mobile_masked == "137****1111"
    assert user.username in client.get(reverse("registration_status")).content.decode()


def _login(client, login):
    client.logout()
    return client.post(reverse("login"), {"username": login, "password": "Worker-pass-2025"})


def test_the_mobile_logs_in_only_once_approved_so_logging_in_tells_nothing(
    client, cast, holder, login
):
    # Were a pending mobile a login name, logging in with it would reveal whether it was free.
    _register(client, cast["ent_a"], mobile="13700001111", username="chen_free")
    _register(client, cast["ent_a"], mobile=TAKEN_MOBILE, username="chen_taken")
    assert _login(client, "13700001111").status_code == 200
    assert find_user(TAKEN_MOBILE) == holder
    assert _login(client, "chen_free").status_code == 302
    registration = Registration.objects.get(user__username="chen_free")
    login(cast["admin_a"]).post(reverse("registration_approve", args=[registration.pk]))
    assert _login(client, "13700001111").status_code == 302


def test_a_chosen_username_that_is_taken_is_refused(client, cast):
    response = _register(client, cast["ent_a"], mobile="13700001111", username="admin_a")
    assert response.status_code == 200 and "该用户名已被使用" in response.content.decode()
