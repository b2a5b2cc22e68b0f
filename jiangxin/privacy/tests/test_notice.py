"""The personal-information notice: accepted at registration, asked again after a new version
at the next page a worker opens, never in the way of a form being sent."""

import hashlib

import pytest
from django.test import Client
from django.urls import reverse

from jiangxin import factories as f
from jiangxin.accounts.models import PlatformRole
from jiangxin.accounts.tests.test_registration import _register
from jiangxin.audit.models import AuditEntry
from jiangxin.privacy import notice
from jiangxin.privacy.models import Consent


@pytest.fixture
def version_2(settings, tmp_path):
    """A second version of the notice, as a release would ship it."""
    folder = tmp_path / "privacy" / "notices"
    folder.mkdir(parents=True)
    (folder / "v2.html").write_text("<p>第二版：新增了在线考试的答题记录。</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    settings.PRIVACY_NOTICE_VERSION = 2
    return 2


def _log_in(user) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": user.username, "password": f.PASSWORD})
    assert response.status_code == 302
    return client


def test_registration_requires_the_box_and_records_the_consent(cast, client):
    response = client.post(reverse("register"), {"name": "陈雅婷"})
    assert "请阅读《个人信息处理规则》并勾选同意后再提交" in response.content.decode()
    assert reverse("privacy_notice") in response.content.decode()
    _register(client, cast["ent_a"])
    consent = Consent.objects.get(user__display_name="陈雅婷")
    assert consent.version == 1 and consent.via == "registration"
    assert consent.text_digest == hashlib.sha256(notice.text(1).encode()).hexdigest()
    assert AuditEntry.objects.filter(object_type="privacy.consent", actor=consent.user).exists()
    # the new account goes on to its status page, not to the notice
    assert client.get(reverse("registration_status")).status_code == 200


def test_anyone_may_read_the_notice(db):
    body = Client().get(reverse("privacy_notice")).content.decode()
    assert "个人信息处理规则" in body and "公民身份号码" in body and "我的数据" in body
    assert "同意并继续" not in body  # nothing to accept without an account


def test_after_a_new_version_the_next_page_asks_and_accepting_goes_on(cast, version_2):
    worker = cast["worker_user"]
    client = _log_in(worker)
    record = reverse("worker_detail", args=[cast["worker_a"].pk])
    response = client.get(record)
    assert response.status_code == 302
    assert response["Location"] == reverse("privacy_notice") + "?next=" + record
    page = client.get(response["Location"]).content.decode()
    assert "第二版：新增了在线考试的答题记录。" in page and "同意并继续" in page
    refused = client.post(reverse("privacy_accept"), {"next": record})
    assert refused.status_code == 400 and "请勾选同意后继续" in refused.content.decode()
    accepted = client.post(reverse("privacy_accept"), {"agree": "on", "next": record})
    assert accepted["Location"] == record
    assert client.get(record).status_code == 200
    consent = Consent.objects.get(user=worker, version=2)
    assert consent.via == "notice"
    assert consent.text_digest == hashlib.sha256(notice.text(2).encode()).hexdigest()
    assert Consent.objects.filter(user=worker, version=1).exists()  # the history stays


def test_accepting_twice_keeps_one_record(cast, version_2):
    client = _log_in(cast["worker_user"])
    for _ in range(2):
        client.post(reverse("privacy_accept"), {"agree": "on"})
    assert Consent.objects.filter(user=cast["worker_user"], version=2).count() == 1


def test_the_next_address_stays_on_this_site(cast, version_2):
    client = _log_in(cast["worker_user"])
    response = client.post(
        reverse("privacy_accept"), {"agree": "on", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("worker_detail", args=[cast["worker_a"].pk])


def test_a_form_post_or_an_htmx_request_is_never_turned_away(cast, version_2):
    """A new version published during an exam must not lose an answer being saved."""
    client = _log_in(cast["worker_user"])
    record = reverse("worker_detail", args=[cast["worker_a"].pk])
    assert client.get(record, HTTP_HX_REQUEST="true").status_code == 200
    response = client.post(reverse("worker_unmask", args=[cast["worker_a"].pk]))
    assert response.status_code == 200


def test_own_data_and_logging_out_stay_open_before_accepting(cast, version_2):
    client = _log_in(cast["worker_user"])
    assert client.get(reverse("my_data")).status_code == 200
    assert client.get(reverse("correction_new")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302


def test_union_staff_and_platform_administrators_are_not_asked(cast, version_2):
    client = _log_in(cast["town_admin"])
    assert client.get(reverse("worker_list")).status_code == 200
    auditor = f.user("auditor")
    Consent.objects.filter(user=auditor).delete()
    PlatformRole.objects.create(user=auditor, role=PlatformRole.Role.AUDIT)
    assert _log_in(auditor).get(reverse("audit_list")).status_code == 200


def test_a_judge_without_a_record_is_asked_too(cast, version_2):
    judge = f.user("judge_x")
    Consent.objects.filter(user=judge).delete()  # made under version 2: as if it had not been
    client = _log_in(judge)
    assert client.get(reverse("judging_list")).status_code == 302
