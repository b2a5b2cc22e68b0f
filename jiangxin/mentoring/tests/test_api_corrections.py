"""Correcting a monthly log through the API (PUT /mentoring/pairs/{pair}/checkins/{log}): the
same service as the page ``checkin_edit`` — its author only, until a step freezes it, audited —
with the refusals in the API's one shape ``{detail, errors}``, in Chinese."""

from decimal import Decimal as D

import pytest

from jiangxin.accounts.services import create_api_token
from jiangxin.audit.models import AuditEntry
from jiangxin.mentoring import services
from jiangxin.mentoring.models import Assessment
from jiangxin.mentoring.tests.conftest import months_ago

pytestmark = pytest.mark.django_db


def _auth(user):
    _row, token = create_api_token(by=user, name="t")
    return {"Authorization": f"Bearer {token}"}


def _put(client, user, pair_pk, checkin_pk, body):
    return client.put(
        f"/api/v1/mentoring/pairs/{pair_pk}/checkins/{checkin_pk}",
        body,
        content_type="application/json",
        headers=_auth(user),
    )


def test_the_master_corrects_the_hours_of_a_log_and_it_is_audited(logged, client):
    pair, checkin = logged["pair"], logged["checkin"]
    response = _put(
        client, logged["master"], pair.pk, checkin.pk, {"content": " 识图与对刀 ", "hours": "8"}
    )
    assert response.status_code == 200
    body = response.json()
    # the month and role stay as filed; the content is stripped, as on the page
    assert body["id"] == checkin.pk and body["role"] == "master"
    assert body["month"] == f"{months_ago(3):%Y-%m-%d}"
    assert body["content"] == "识图与对刀" and D(body["hours"]) == D("8")
    checkin.refresh_from_db()
    assert checkin.hours == D("8") and checkin.content == "识图与对刀"
    entry = AuditEntry.objects.get(action="update", object_id=str(checkin.pk))
    assert entry.actor == logged["master"] and entry.changes["hours"] == ["80.0", "8"]


def test_only_the_author_may_correct_and_others_are_told_why(logged, cast, client):
    pair, checkin = logged["pair"], logged["checkin"]
    body = {"content": "代改", "hours": "8"}
    # the apprentice and the apprentice's union see the pair but did not write the log: 403
    for user in (logged["apprentice"], cast["admin_a"]):
        refused = _put(client, user, pair.pk, checkin.pk, body)
        assert refused.status_code == 403, user
        assert refused.json() == {"detail": "带徒记录只能由填写人本人修改或删除", "errors": {}}
    # another town's admin does not see the pair at all: 404, as on the page
    hidden = _put(client, cast["sibling_admin"], pair.pk, checkin.pk, body)
    assert hidden.status_code == 404 and hidden.json()["detail"] == "未找到该记录"
    checkin.refresh_from_db()
    assert checkin.hours == D("80") and checkin.content == "识图"
    assert not AuditEntry.objects.filter(action="update", object_id=str(checkin.pk)).exists()


def test_a_log_is_reached_only_through_its_own_pair(logged, people, programme, cast, client):
    """The log's id under another pair the master also teaches: 404, never a correction."""
    other = services.propose_pair(
        by=cast["town_admin"],
        programme=programme,
        master=people["master"],
        apprentice=people["apprentices"][1],
        starts_on=months_ago(2),
    )
    services.approve_pair(by=cast["admin_a"], pair=other)
    checkin = logged["checkin"]
    response = _put(client, logged["master"], other.pk, checkin.pk, {"content": "x", "hours": "8"})
    assert response.status_code == 404
    gone = _put(client, logged["master"], logged["pair"].pk, 10**9, {"content": "x", "hours": "8"})
    assert gone.status_code == 404
    checkin.refresh_from_db()
    assert checkin.hours == D("80")


def test_a_frozen_log_is_refused_with_the_reason(logged, cast, client):
    pair, checkin, master = logged["pair"], logged["checkin"], logged["master"]
    # a mid-term recorded now covers the log's month (three months ago, long over)
    services.assess(by=cast["admin_a"], pair=pair, kind=Assessment.Kind.MIDTERM, grade="pass")
    refused = _put(client, master, pair.pk, checkin.pk, {"content": "识图", "hours": "8"})
    assert refused.status_code == 400
    assert "中期考核已涵盖该月，记录已封存" in refused.json()["detail"]
    # the end of the pair freezes every log
    services.assess(by=cast["admin_a"], pair=pair, kind=Assessment.Kind.FINAL, grade="pass")
    refused = _put(client, master, pair.pk, checkin.pk, {"content": "识图", "hours": "8"})
    assert refused.status_code == 400 and "已出师" in refused.json()["detail"]
    checkin.refresh_from_db()
    assert checkin.hours == D("80")


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"content": "识图", "hours": "185"}, "hours", "一个月的带徒学时不会超过当月工作时间"),
        ({"content": "   ", "hours": "8"}, "content", "请写明本月传授（学习）的内容"),
        # past the schema's one decimal place: 422 before the service, in the same shape
        ({"content": "识图", "hours": "8.25"}, "hours", "小数最多 1 位"),
    ],
)
def test_bad_values_are_refused_by_field_in_chinese(logged, client, body, field, message):
    pair, checkin = logged["pair"], logged["checkin"]
    refused = _put(client, logged["master"], pair.pk, checkin.pk, body)
    assert refused.status_code in (400, 422)
    assert any(message in m for m in refused.json()["errors"][field]), refused.json()
    checkin.refresh_from_db()
    assert checkin.hours == D("80")
