"""The audit log reads in Chinese: every action code the source writes has a label and a place
in the 操作 filter, details name their keys in Chinese, and a grant's entry names its union."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from jiangxin.accounts import services, twofactor
from jiangxin.accounts.models import TotpDevice
from jiangxin.audit import labels
from jiangxin.audit.models import AuditEntry
from jiangxin.audit.services import record

SOURCE = Path(__file__).resolve().parents[2]


def _codes_written() -> set[str]:
    """Every action the code base writes: ``AuditEntry.Action`` members by name, literal
    strings given as ``action=`` (including ``"a" if ok else "b"``), and module constants
    given as ``action=NAME`` (``NAME = "code"`` in the same file)."""
    members = {m.name: m.value for m in AuditEntry.Action}
    codes = set()
    for path in SOURCE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        codes |= {members[name] for name in re.findall(r"AuditEntry\.Action\.([A-Z_]+)", text)}
        for literal in re.findall(r'\baction=("[^"\n]+"(?: if [^\n]+? else "[^"\n]+")?)', text):
            codes |= set(re.findall(r'"([^"]+)"', literal))
        for name in re.findall(r"\baction=([A-Z][A-Z0-9_]*)\b", text):
            [value] = re.findall(rf'^{name} = "([^"]+)"', text, re.M)
            codes.add(value)
    return codes - {"store_true"}  # argparse's action=, in management commands


def test_every_action_written_has_a_label_and_a_place_in_the_filter():
    written = _codes_written()
    # The scan finds the codes written as plain strings, not only the model's members.
    assert {"2fa_ok", "2fa_failed", "2fa_enrolled", "recovery_codes", "password_chg"} <= written
    assert written <= set(labels.ACTION_LABELS), written - set(labels.ACTION_LABELS)
    offered = [key for _title, keys in labels.FILTER_GROUPS for key in keys]
    assert len(offered) == len(set(offered))
    assert set(labels.ACTION_LABELS) | set(labels.SUBJECTS) == set(offered)


@pytest.fixture
def log(cast, duties):
    """A grant given and changed by the security administrator, an old-style grant entry (no
    union in its changes), and a county admin's second-factor events."""
    security, county = duties["security"], cast["county_admin"]
    services.grant_role(
        by=security, user=cast["outsider"], organisation=cast["union_b"], role="viewer"
    )
    services.grant_role(
        by=security, user=cast["outsider"], organisation=cast["union_b"], role="admin"
    )
    grant = cast["outsider"].grants.get()
    record(
        action="create",
        actor=security,
        obj=grant,
        org_path=cast["union_b"].path,
        object_repr="旧记录",
        changes={"user": "outsider", "role": "viewer"},
    )
    twofactor.start_enrolment(user=county, secret_hex="31" * 20)
    TotpDevice.objects.filter(user=county).update(confirmed=True)
    twofactor.verify(user=county, code="000000", ip=None)  # wrong: 2fa_failed
    twofactor.new_recovery_codes(user=county, ip=None)
    return {**cast, **duties}


def test_the_log_names_actions_and_details_in_chinese(log, login):
    response = login(log["audit"]).get(reverse("audit_list"))
    body = response.content.decode()
    shown = {row.entry.action: row.action for row in response.context["rows"]}
    assert shown["2fa_failed"] == "双因素验证失败" and shown["recovery_codes"] == "生成恢复码"
    for code in ("2fa_failed", "recovery_codes"):
        assert f">{code}<" not in body  # the code is no cell's text
    rows = [r for r in response.context["rows"] if r.entry.object_type == "accounts.grant"]
    by_repr = {r.entry.object_repr: dict(r.details) for r in rows}
    old = by_repr.pop("旧记录")
    changed, given = (dict(r.details) for r in rows if r.entry.object_repr != "旧记录")
    # The grant: whose, which role (its label, the change as before → after), which union.
    assert given == {"账号": "outsider", "角色": "查看者", "工会": "晋江力利玩具有限公司工会"}
    assert changed["角色"] == "查看者 → 工会管理员"
    actions = sorted(r.action for r in rows)
    assert actions == ["修改授权角色", "授予工会授权", "授予工会授权"]
    # An entry written before the union was stored: named from the node it is filed under.
    assert old == {"工会": "晋江力利玩具有限公司工会", "账号": "outsider", "角色": "查看者"}
    failed = next(r for r in response.context["rows"] if r.entry.action == "2fa_failed")
    assert dict(failed.details) == {"方式": "动态验证码"}
    assert "<dt>账号</dt><dd>outsider</dd>" in body and "user" not in re.findall(
        r"<dt>([^<]*)</dt>", body
    )


def test_the_filter_offers_grant_changes_and_the_second_factor(log, login):
    client = login(log["audit"])
    grants = client.get(reverse("audit_list"), {"action": "grants"}).context["page"]
    assert {e.object_type for e in grants} == {"accounts.grant"} and len(grants) == 3
    failed = client.get(reverse("audit_list"), {"action": "2fa_failed"}).context["page"]
    assert [e.action for e in failed] == ["2fa_failed"]
    page = client.get(reverse("audit_list")).content.decode()
    assert (
        '<optgroup label="授权变更">' in page and '<option value="grants">工会授权</option>' in page
    )
    assert '<option value="2fa_failed">双因素验证失败</option>' in page


def test_revoking_a_grant_records_whose_which_and_where(log, login):
    grant = log["outsider"].grants.get()
    services.revoke_grant(by=log["security"], grant=grant)
    entry = AuditEntry.objects.filter(object_type="accounts.grant", action="delete").get()
    assert entry.changes == {
        "user": "outsider",
        "role": "admin",
        "organisation": "晋江力利玩具有限公司工会",
    }


def test_changes_that_are_not_an_object_still_show(db):
    # The column takes any JSON; every service writes an object, but a row from elsewhere
    # (a shell, an old script) may hold a list: it shows as one line, never an error.
    entry = record(action="update", object_repr="x", changes=["甲", "乙"])
    assert labels.details(entry, {}) == [("变更", "甲 → 乙")]
