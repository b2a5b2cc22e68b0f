"""Who may do what with the roster: each rule named once, called by views (to refuse, and to
decide whether to show a button), by the API and by the services.

The mechanism (the union tree, ``reach_of``) is ``accounts.access``; these are the roster's
policies on top of it. None of them queries the database beyond the user's cached reach.
"""

from __future__ import annotations

from jiangxin.accounts.access import reach_of
from jiangxin.workers.models import ImportJob, Worker

# A job waiting for confirmation, refused for errors, or failed may be dropped.
CANCELLABLE = (ImportJob.Status.READY, ImportJob.Status.INVALID, ImportJob.Status.FAILED)


def can_add_workers(user) -> bool:
    """Union admins (of any node) and platform admins add workers by hand or by import."""
    reach = reach_of(user)
    return reach.platform or bool(reach.edit_paths)


can_import = can_add_workers


def can_manage_workers_of(user, organisation) -> bool:
    """Add, change or honour workers of this union node: its admins and those above."""
    return reach_of(user).can_edit_path(organisation.path)


def can_edit_worker(user, worker: Worker) -> bool:
    """Admins of the worker's union or above. A worker does not edit their own record."""
    return reach_of(user).can_edit_path(worker.org_path)


def may_unmask(user, worker: Worker) -> bool:
    """Union admins of the worker's subtree, platform admins, and the worker themself."""
    reach = reach_of(user)
    return reach.can_edit_path(worker.org_path) or reach.worker_id == worker.pk


def can_export_unmasked(user) -> bool:
    """Who is offered the roster export with full ID numbers and mobiles: union admins (of any
    node) and the system administrator. The file holds in clear only the rows they may change
    (``services.export_roster``); a viewer's would hold none."""
    reach = reach_of(user)
    return reach.platform or bool(reach.edit_paths)


def is_own_record(user, worker: Worker) -> bool:
    return reach_of(user).worker_id == worker.pk


def can_manage_import(user, job: ImportJob) -> bool:
    """Confirm, cancel or retry: only the uploader, and only while they may still import."""
    return job.created_by_id == user.pk and can_import(user)


def can_cancel_import(user, job: ImportJob) -> bool:
    return can_manage_import(user, job) and job.status in CANCELLABLE


def can_retry_import(user, job: ImportJob) -> bool:
    return can_manage_import(user, job) and job.status == ImportJob.Status.FAILED


def can_confirm_import(user, job: ImportJob) -> bool:
    return can_manage_import(user, job) and job.status == ImportJob.Status.READY
