"""C5: the Django admin's grants, honours and registrations go through the services: checked,
and every change audited. Honours and registrations are the system administrator's part of the
admin, accounts and grants the security administrator's (三员分立)."""

import pytest

from jiangxin import factories as f
from jiangxin.accounts.models import Grant, Registration
from jiangxin.accounts.services import register_worker
from jiangxin.audit.models import AuditEntry
from jiangxin.workers.models import Honour


@pytest.fixture
def admin_client(cast, client):
    client.force_login(
        cast["platform"], backend="jiangxin.accounts.backends.UsernameOrMobileBackend"
    )
    return client


def _inline(prefix: str, rows: list[dict], *, initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    return data


def test_an_honour_added_in_the_admin_is_audited(cast, admin_client):
    worker = cast["worker_b"]
    url = f"/admin/workers/worker/{worker.pk}/change/"
    data = _inline(
        "honours",
        [
            {
                "kind": "craftsman",
                "level": "city",
                "title": "泉州工匠",
                "year": "2024",
                "worker": worker.pk,
            }
        ],
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    honour = Honour.objects.get(worker=worker)
    entry = AuditEntry.objects.get(object_type="workers.honour", object_id=str(honour.pk))
    assert entry.action == AuditEntry.Action.CREATE and entry.actor == cast["platform"]
    # …and removed there: audited too.
    data = _inline(
        "honours",
        [
            {
                "id": honour.pk,
                "worker": worker.pk,
                "kind": "craftsman",
                "level": "city",
                "title": "泉州工匠",
                "year": "2024",
                "DELETE": "on",
            }
        ],
        initial=1,
    )
    assert admin_client.post(url, data).status_code == 302
    assert not Honour.objects.filter(pk=honour.pk).exists()
    assert AuditEntry.objects.filter(
        object_type="workers.honour", object_id=str(honour.pk), action="delete"
    ).exists()


def test_a_grant_made_and_revoked_in_the_admin_is_audited(cast, duties, client):
    admin_client = client
    admin_client.force_login(
        duties["security"], backend="jiangxin.accounts.backends.UsernameOrMobileBackend"
    )
    user = f.user("new_viewer")
    url = f"/admin/accounts/user/{user.pk}/change/"
    page = admin_client.get(url)
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update(
        {
            "username": user.username,
            "date_joined_0": "2025-01-01",
            "date_joined_1": "08:00:00",
            "groups": [],
            "user_permissions": [],
            "is_active": "on",
        }
    )
    data.update(_inline("grants", [{"organisation": cast["town_b"].pk, "role": "viewer"}]))
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    grant = Grant.objects.get(user=user)
    assert (
        AuditEntry.objects.filter(
            object_type="accounts.grant", object_id=str(grant.pk), action="create"
        )
        .get()
        .actor
        == duties["security"]
    )
    data.update(
        _inline(
            "grants",
            [
                {
                    "id": grant.pk,
                    "user": user.pk,
                    "organisation": cast["town_b"].pk,
                    "role": "viewer",
                    "DELETE": "on",
                }
            ],
            initial=1,
        )
    )
    assert admin_client.post(url, data).status_code == 302
    assert not Grant.objects.filter(user=user).exists()
    assert AuditEntry.objects.filter(
        object_type="accounts.grant", object_id=str(grant.pk), action="delete"
    ).exists()


@pytest.fixture
def pending(cast):
    return register_worker(
        name="陈雅婷",
        id_number=f.id_number(female=True),
        mobile="13911114444",
        enterprise=cast["ent_a"],
        password="Zh3ngshu!2025",
    )


def test_approving_in_the_admin_binds_the_worker_and_is_audited(cast, admin_client, pending):
    url = f"/admin/accounts/registration/{pending.pk}/change/"
    response = admin_client.post(url, {"status": "approved", "note": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    pending.refresh_from_db()
    assert pending.status == "approved" and pending.decided_by == cast["platform"]
    assert pending.user.worker.name == "陈雅婷"  # bound to a roster record, as the page does
    assert AuditEntry.objects.filter(
        object_type="accounts.registration", object_id=str(pending.pk), action="approve"
    ).exists()


def test_rejecting_in_the_admin_needs_a_reason(cast, admin_client, pending):
    url = f"/admin/accounts/registration/{pending.pk}/change/"
    response = admin_client.post(url, {"status": "rejected", "note": ""})
    assert response.status_code == 200 and "驳回时请写明原因" in response.content.decode()
    assert admin_client.post(url, {"status": "rejected", "note": "单位填错"}).status_code == 302
    pending.refresh_from_db()
    assert pending.status == "rejected" and not pending.user.is_active
    # A decided registration cannot be changed back.
    response = admin_client.post(url, {"status": "pending", "note": "单位填错"})
    assert response.status_code == 200
    pending.refresh_from_db()
    assert pending.status == "rejected"


def test_deleting_a_registration_in_the_admin_is_audited(cast, admin_client, pending):
    url = f"/admin/accounts/registration/{pending.pk}/delete/"
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Registration.objects.filter(pk=pending.pk).exists()
    assert AuditEntry.objects.filter(
        object_type="accounts.registration", object_id=str(pending.pk), action="delete"
    ).exists()
