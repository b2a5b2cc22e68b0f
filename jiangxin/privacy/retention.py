"""How long each kind of record is kept, and deleting what is past it.

One rule per kind of record, its period in ``settings.RETENTION_DAYS`` (days after the record
was closed — decided, finished, last used, expired). A row is deleted when the moment it closed
is *more* than that many days before now: at exactly the period it is still kept. Open and
running records (a pending registration, an import being worked on, an open correction) are
never past retention. ``prune`` is run daily (``manage.py prune_personal_data``); each run
writes one audit entry with the counts it deleted, never what the rows held. The audit log has
its own period and command (``AUDIT_RETENTION_DAYS``, ``prune_audit``); it is not touched here.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models import ProtectedError
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiangxin.accounts.models import ApiToken, Registration
from jiangxin.audit.models import AuditEntry
from jiangxin.audit.services import record
from jiangxin.privacy.models import CorrectionRequest
from jiangxin.workers.models import ImportJob, Worker


@dataclass(frozen=True)
class Rule:
    key: str  # in settings.RETENTION_DAYS
    label: str
    # The rows past retention, given the cutoff (now minus the period).
    expired: Callable[[datetime.datetime], models.QuerySet]
    # Deletes them (in a transaction); returns how many rows of the kind went.
    delete: Callable[[models.QuerySet], int]


def _plain_delete(rows: models.QuerySet) -> int:
    return rows.delete()[1].get(rows.model._meta.label, 0)


def _rejected_registrations(cutoff):
    return Registration.objects.filter(
        status=Registration.Status.REJECTED, decided_at__lt=cutoff
    ).select_related("user")


def _delete_registrations(rows) -> int:
    """Each rejected registration, and its account when that was only ever a registrant's:
    inactive, no grant, no roster record and nothing else that keeps it (an account another
    record protects — a judge's scores — stays, without the registration)."""
    count = 0
    for registration in rows:
        count += 1
        if _only_a_registrant(registration.user):
            try:
                with transaction.atomic():
                    registration.user.delete()  # the registration and consents go with it
                continue
            except ProtectedError:
                pass
        registration.delete()
    return count


def _only_a_registrant(user) -> bool:
    return (
        not user.is_active
        and not user.is_superuser
        and not user.grants.exists()
        and not Worker.objects.filter(account=user).exists()
    )


def _finished_imports(cutoff):
    last_step = Coalesce("finished", "heartbeat", "created")
    return (
        ImportJob.objects.exclude(status__in=ImportJob.ACTIVE)
        .alias(last_step=last_step)
        .filter(last_step__lt=cutoff)
    )


def _delete_imports(rows) -> int:
    """The rows now, their uploaded files (other people's ID numbers) once that commits."""
    jobs = list(rows)
    files = [(job.file.storage, job.file.name) for job in jobs if job.file]
    ImportJob.objects.filter(pk__in=[j.pk for j in jobs]).delete()

    def remove_files():
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(remove_files)
    return len(jobs)


def _closed_corrections(cutoff):
    return CorrectionRequest.objects.exclude(status=CorrectionRequest.Status.OPEN).filter(
        decided_at__lt=cutoff
    )


def _expired_tokens(cutoff):
    return ApiToken.objects.filter(expires__lt=cutoff)


def _expired_sessions(cutoff):
    return Session.objects.filter(expire_date__lt=cutoff)


RULES = (
    Rule(
        "rejected_registrations",
        _("被驳回的注册申请及其账号"),
        _rejected_registrations,
        _delete_registrations,
    ),
    Rule("import_jobs", _("已结束的导入任务及上传文件"), _finished_imports, _delete_imports),
    Rule("closed_corrections", _("已处理的更正申请"), _closed_corrections, _plain_delete),
    Rule("expired_api_tokens", _("已过期的 API 令牌"), _expired_tokens, _plain_delete),
    Rule("expired_sessions", _("已过期的登录会话"), _expired_sessions, _plain_delete),
)


def days(rule: Rule) -> int:
    return max(0, int(settings.RETENTION_DAYS[rule.key]))


def cutoff(rule: Rule, now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(days=days(rule))


def prune(*, now: datetime.datetime | None = None, dry_run: bool = False) -> dict[str, int]:
    """Delete every kind of record past its retention; returns the count per rule (with
    ``dry_run``, what would go, deleting nothing). Audited as one entry of counts."""
    now = now or timezone.now()
    counts: dict[str, int] = {}
    for rule in RULES:
        rows = rule.expired(cutoff(rule, now))
        if dry_run:
            counts[rule.key] = rows.count()
            continue
        with transaction.atomic():
            counts[rule.key] = rule.delete(rows)
    if not dry_run:
        record(
            action=AuditEntry.Action.DELETE,
            actor_label=str(_("保留期清理")),
            object_type="privacy.retention",
            object_repr=str(_("删除超过保留期的记录 {count} 条")).format(
                count=sum(counts.values())
            ),
            changes={"deleted": counts, "days": {r.key: days(r) for r in RULES}},
        )
    return counts
