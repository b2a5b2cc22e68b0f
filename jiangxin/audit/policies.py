"""Who reads the audit log. The audit administrator reads all of it; union staff read the entries
of their own subtree (the history of what they look after); nobody else — the system and
security administrators included, whose own actions it records. Nobody changes it."""

from __future__ import annotations

from jiangxin.accounts.access import reach_of
from jiangxin.accounts.policies import can_read_audit


def can_open_audit_log(user) -> bool:
    return can_read_audit(user) or bool(reach_of(user).view_paths)
