"""The audit log: the audit administrator reads all of it; each union admin their subtree's
entries, nothing beside or above; the system and security administrators none of it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jiangxin.audit.clock import recorded_at
from jiangxin.audit.models import AuditEntry
from jiangxin.audit.services import prune, record
from jiangxin.workers.services import unmask_worker

SEES = {
    "audit": {"worker_a", "worker_b", "worker_c"},
    "county_viewer": {"worker_a", "worker_b", "worker_c"},
    "town_admin": {"worker_a", "worker_b"},
    "admin_a": {"worker_a"},
    "sibling_admin": {"worker_c"},
}


@pytest.fixture
def entries(cast, duties):
    for key in ["worker_a", "worker_b", "worker_c"]:
        unmask_worker(by=cast["platform"], worker=cast[key])
    return {**cast, **duties}


@pytest.mark.parametrize("who", list(SEES))
def test_audit_list_holds_only_the_users_subtree(entries, login, who):
    response = login(entries[who]).get(reverse("audit_list"), {"action": "unmask"})
    shown = {e.object_repr for e in response.context["page"].object_list}
    assert shown == {entries[k].name for k in SEES[who]}


@pytest.mark.parametrize("who", ["worker_user", "outsider", "system", "security"])
def test_audit_log_is_not_for_workers_nor_the_other_duties(entries, login, who):
    assert login(entries[who]).get(reverse("audit_list")).status_code == 404


def test_entries_of_no_node_are_the_audit_administrators_alone(entries, login):
    # A platform role given, a login of the system administrator: no union node.
    mine = AuditEntry.objects.filter(org_path="", object_type="accounts.platformrole")
    assert mine.count() == 2  # the duties fixture's two roles
    for who, sees in [("audit", True), ("county_viewer", False), ("town_admin", False)]:
        page = login(entries[who]).get(reverse("audit_list"), {"target": "安全管理员"})
        assert bool(page.context["page"].object_list) is sees, who


def test_roster_changes_record_what_changed(cast, login):
    from jiangxin.workers.services import update_worker

    update_worker(by=cast["admin_a"], worker=cast["worker_a"], job_post="安全员")
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).latest("pk")
    assert entry.changes == {"job_post": ["", "安全员"]}


def test_retention_never_drops_entries_younger_than_180_days(cast, settings):
    settings.AUDIT_RETENTION_DAYS = 30  # asking for less than 180 still keeps 180
    unmask_worker(by=cast["platform"], worker=cast["worker_a"])
    now = timezone.now()
    with recorded_at(now - datetime.timedelta(days=181)):
        old = record(action="login", actor_label="x")
    with recorded_at(now - datetime.timedelta(days=179)):
        mid = record(action="login", actor_label="y")
    assert prune() == 1
    assert (
        AuditEntry.objects.filter(pk=mid.pk).exists()
        and not AuditEntry.objects.filter(pk=old.pk).exists()
    )
