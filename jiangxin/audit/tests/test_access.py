"""The audit log: each union admin sees their subtree's entries, nothing beside or above."""

import pytest
from django.urls import reverse

from jiangxin.workers.services import unmask_worker

SEES = {
    "platform": {"worker_a", "worker_b", "worker_c"},
    "county_viewer": {"worker_a", "worker_b", "worker_c"},
    "town_admin": {"worker_a", "worker_b"},
    "admin_a": {"worker_a"},
    "sibling_admin": {"worker_c"},
}


@pytest.fixture
def entries(cast):
    for key in ["worker_a", "worker_b", "worker_c"]:
        unmask_worker(by=cast["platform"], worker=cast[key])
    return cast


@pytest.mark.parametrize("who", list(SEES))
def test_audit_list_holds_only_the_users_subtree(entries, login, who):
    response = login(entries[who]).get(reverse("audit_list"), {"action": "unmask"})
    shown = {e.object_repr for e in response.context["page"].object_list}
    assert shown == {entries[k].name for k in SEES[who]}


@pytest.mark.parametrize("who", ["worker_user", "outsider"])
def test_audit_log_is_not_for_workers(entries, login, who):
    assert login(entries[who]).get(reverse("audit_list")).status_code == 404


def test_roster_changes_record_what_changed(cast, login):
    from jiangxin.audit.models import AuditEntry
    from jiangxin.workers.services import update_worker

    update_worker(by=cast["admin_a"], worker=cast["worker_a"], job_post="安全员")
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).latest("pk")
    assert entry.changes == {"job_post": ["", "安全员"]}


def test_retention_never_drops_entries_younger_than_180_days(cast, settings):
    import datetime

    from django.utils import timezone

    from jiangxin.audit.models import AuditEntry
    from jiangxin.audit.services import prune

    settings.AUDIT_RETENTION_DAYS = 30  # asking for less than 180 still keeps 180
    unmask_worker(by=cast["platform"], worker=cast["worker_a"])
    old = AuditEntry.objects.create(action="login", actor_label="x")
    AuditEntry.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=181))
    mid = AuditEntry.objects.create(action="login", actor_label="y")
    AuditEntry.objects.filter(pk=mid.pk).update(at=timezone.now() - datetime.timedelta(days=179))
    assert prune() == 1
    assert (
        AuditEntry.objects.filter(pk=mid.pk).exists()
        and not AuditEntry.objects.filter(pk=old.pk).exists()
    )
