"""Migration 0003: accounts named by a mobile or ID number are renamed, their mobile kept as the
encrypted login mobile; the audit log and lockout records follow; tokens get an expiry."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from jiangxin.accounts.backends import find_user
from jiangxin.core import crypto

BEFORE = [("accounts", "0002_identity_fields")]
AFTER = [("accounts", "0004_apitoken_expires_required")]


def _migrate(targets):
    """Migrate accounts to ``targets``; the models as they stood then (the audit log and axes
    as they stand now)."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    graph = executor.loader.graph
    state = [*targets, *graph.leaf_nodes("audit"), *graph.leaf_nodes("axes")]
    return executor.loader.project_state(state).apps


@pytest.fixture
def old_data(transactional_db):
    apps = _migrate(BEFORE)
    User = apps.get_model("accounts", "User")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    AccessLog = apps.get_model("axes", "AccessLog")
    ApiToken = apps.get_model("accounts", "ApiToken")
    by_mobile = User.objects.create(username="13912345678", display_name="13912345678")
    by_id = User.objects.create(username="350582199001011234", display_name="柯宝馨")
    # Already has a login mobile of its own: that one stays.
    has_mobile = User.objects.create(
        username="13800001111",
        display_name="吴晓东",
        mobile_hash=crypto.keyed_hash("13600002222"),
        mobile_enc=crypto.encrypt("13600002222"),
        mobile_masked="136****2222",
    )
    plain = User.objects.create(username="anhai", display_name="安海")
    AuditEntry.objects.create(
        action="login", actor=by_mobile, actor_label="13912345678", object_repr="13912345678"
    )
    AuditEntry.objects.create(
        action="create",
        actor_label="anhai",
        object_type="accounts.grant",
        object_repr="13912345678 · 安海镇总工会",
        changes={"user": "13912345678", "role": "admin"},
    )
    AuditEntry.objects.create(
        action="login_failed", actor_label="13700009999", object_repr="13700009999"
    )
    for name in ("13912345678", "13700009999"):
        AccessLog.objects.create(
            username=name, ip_address="203.0.113.9", user_agent="x", attempt_time=timezone.now()
        )
    token = ApiToken.objects.create(user=plain, name="同步", token_hash="h" * 64, prefix="jx_abcde")
    ApiToken.objects.filter(pk=token.pk).update(
        created=timezone.now() - datetime.timedelta(days=200)
    )
    ids = {"by_mobile": by_mobile.pk, "by_id": by_id.pk, "has_mobile": has_mobile.pk}
    ids["plain"] = plain.pk
    _migrate(AFTER)
    yield ids
    # Forward again to the latest state (the audit log's append-only guard included), as every
    # other test expects the schema.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_mobile_and_id_usernames_are_renamed(old_data):
    from jiangxin.accounts.models import User

    by_mobile = User.objects.get(pk=old_data["by_mobile"])
    by_id = User.objects.get(pk=old_data["by_id"])
    assert by_mobile.username.startswith("zg_") and by_id.username.startswith("zg_")
    assert User.objects.get(pk=old_data["plain"]).username == "anhai"
    assert not User.objects.filter(username__regex=r"[0-9]{11}").exists()
    # A display name that was the mobile goes; a real name stays.
    assert by_mobile.display_name == "" and by_id.display_name == "柯宝馨"


def test_a_mobile_username_becomes_the_encrypted_login_mobile(old_data):
    from jiangxin.accounts.models import User

    by_mobile = User.objects.get(pk=old_data["by_mobile"])
    assert by_mobile.mobile_masked == "139****5678"
    assert crypto.decrypt(by_mobile.mobile_enc) == "13912345678"
    assert find_user("13912345678") == by_mobile
    # One with a login mobile of its own keeps it.
    has_mobile = User.objects.get(pk=old_data["has_mobile"])
    assert find_user("13600002222") == has_mobile and find_user("13800001111") is None


def test_the_audit_log_and_lockout_records_follow(old_data):
    from axes.models import AccessLog

    from jiangxin.accounts.models import User
    from jiangxin.audit.models import AuditEntry

    new = User.objects.get(pk=old_data["by_mobile"]).username
    login = AuditEntry.objects.get(action="login")
    assert login.actor_label == new and login.object_repr == new
    grant = AuditEntry.objects.get(object_type="accounts.grant")
    assert grant.changes["user"] == new and grant.object_repr == "139****5678 · 安海镇总工会"
    failed = AuditEntry.objects.get(action="login_failed")
    assert failed.actor_label == "137****9999"
    assert set(AccessLog.objects.values_list("username", flat=True)) == {new, "137****9999"}


def test_existing_tokens_get_a_grace_period_before_they_expire(old_data):
    from jiangxin.accounts.models import ApiToken

    token = ApiToken.objects.get()
    assert token.expires >= timezone.now() + datetime.timedelta(days=29)
