"""Who must accept the notice, who sees their own data and asks for corrections, and who
decides a correction: each rule named once, called by the middleware, the views and the
services.

- A worker (an account bound to a roster record) sees everything the platform holds about them
  on 我的数据, downloads it and asks their union to correct it.
- A correction is decided by those who may edit the worker's record
  (``workers.policies.can_edit_worker``: admins of the worker's union and above, platform
  admins); the queue lists exactly those requests.
- The notice (个人信息处理规则) is accepted by every account that is not staff: workers,
  registrants and judges are the people whose data this is; union staff and the platform
  administrators (system, security, audit) process it under their duties, on the union's own
  terms of work.
"""

from __future__ import annotations

from django.conf import settings

from jiangxin.accounts.access import reach_of
from jiangxin.privacy.models import CorrectionRequest
from jiangxin.workers import policies as worker_policies


def must_accept_notice(user) -> bool:
    """Whether this account is one that accepts the notice (not whether it has yet)."""
    if not (user.is_authenticated and user.is_active):
        return False
    reach = reach_of(user)
    return not (reach.is_union_user or reach.platform_role)


def has_accepted_notice(user) -> bool:
    """The account has accepted the current version (read with its reach: no query of its
    own; ``privacy/reach.py``)."""
    version = str(settings.PRIVACY_NOTICE_VERSION)
    return ("notice", version) in reach_of(user).duties


def asks_for_notice(user) -> bool:
    """The account must accept the current notice before its next page."""
    return must_accept_notice(user) and not has_accepted_notice(user)


def own_worker_id(user) -> int | None:
    """The roster record bound to the account: whose data 我的数据 shows (None: no page)."""
    return reach_of(user).worker_id


def can_handle_corrections(user) -> bool:
    """Union admins (of any node) and platform admins have a correction queue; viewers don't."""
    reach = reach_of(user)
    return reach.platform or bool(reach.edit_paths)


def can_decide_correction(user, correction: CorrectionRequest) -> bool:
    """An open request, decided by someone who may edit the worker's record."""
    return correction.is_open and worker_policies.can_edit_worker(user, correction.worker)
