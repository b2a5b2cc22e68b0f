"""Writing the audit log. Every service that changes data or reveals personal data calls
``record``; nothing else writes ``AuditEntry`` rows."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, IntegrityError, models, transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.audit import append_only
from jiangxin.audit.models import AuditEntry
from jiangxin.core.client_address import client_address, trusted_networks
from jiangxin.core.masking import mask_personal_numbers, mask_personal_numbers_in


def client_ip(request) -> str | None:
    """The address the audit log, the login lockout (``AXES_CLIENT_IP_CALLABLE``) and the
    throttles all use: ``X-Forwarded-For`` counts only from the proxies named in
    ``TRUSTED_PROXIES`` (see ``core.client_address``)."""
    if request is None:
        return None
    return client_address(
        request.META.get("REMOTE_ADDR"),
        request.META.get("HTTP_X_FORWARDED_FOR"),
        trusted_networks(tuple(settings.TRUSTED_PROXIES)),
    )


def record(
    *,
    action: str,
    actor=None,
    request=None,
    obj: models.Model | None = None,
    org_path: str = "",
    object_type: str = "",
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
    actor_label: str = "",
    ip: str | None = None,
) -> AuditEntry:
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_repr = object_repr or str(obj)[:200]
    # The log is read by many: a mobile or ID number in its texts is stored masked.
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_label=mask_personal_numbers(
            actor_label or (actor.get_username() if actor is not None else "")
        ),
        ip=ip or client_ip(request),
        action=action,
        org_path=org_path,
        object_type=object_type,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=mask_personal_numbers(object_repr[:200]),
        changes=mask_personal_numbers_in(changes or {}),
    )


def save_audited(
    obj: models.Model,
    *,
    by,
    ip: str | None = None,
    org_path: str,
    action: str | None = None,
    changes: dict[str, Any] | None = None,
    exclude: list[str] | None = None,
    clean: bool = True,
    object_repr: str = "",
    duplicate: ValidationError | None = None,
):
    """The one way a service stores a row a person entered: ``full_clean()`` (so a bad value is a
    ValidationError on its field, never a database error), ``save()``, then an audit entry —
    ``create`` for a new row, ``update`` otherwise, with the given field changes. Call it inside
    the service's transaction.

    ``duplicate``: the message for a unique constraint that the row breaks — the same form sent
    twice at once, where the service's own check could not see the other request's row. The
    save then runs in a savepoint and the constraint's error becomes this ValidationError, so
    its name never reaches a page. ``clean=False`` when the service has cleaned the row itself."""
    creating = obj.pk is None or obj._state.adding
    if clean:
        obj.full_clean(exclude=exclude)
    if duplicate is None:
        obj.save()
    else:
        try:
            with transaction.atomic():
                obj.save()
        except IntegrityError:
            raise duplicate from None
    record(
        action=action or (AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE),
        actor=by,
        ip=ip,
        obj=obj,
        org_path=org_path,
        changes=changes,
        object_repr=object_repr,
    )
    return obj


def delete_audited(
    obj: models.Model,
    *,
    by,
    ip: str | None = None,
    org_path: str,
    changes: dict[str, Any] | None = None,
) -> None:
    """Delete a row and record what it was (``changes``: what went with it, if anything)."""
    label, repr_, pk = obj._meta.label_lower, str(obj)[:200], obj.pk
    obj.delete()
    AuditEntry.objects.create(
        actor=by if by is not None and by.pk else None,
        actor_label=mask_personal_numbers(by.get_username() if by is not None else ""),
        ip=ip,
        action=AuditEntry.Action.DELETE,
        org_path=org_path,
        object_type=label,
        object_id=str(pk),
        object_repr=mask_personal_numbers(repr_),
        changes=mask_personal_numbers_in(changes or {}),
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    """Field → [old, new] for the fields that changed (values as display strings)."""
    return {
        key: [_plain(before.get(key)), _plain(value)]
        for key, value in after.items()
        if before.get(key) != value
    }


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    return value


def prune(*, now: datetime.datetime | None = None, using: str = DEFAULT_DB_ALIAS) -> int:
    """Delete the entries older than the retention period (``AUDIT_RETENTION_DAYS``, never less
    than 180 days) and record, in the same transaction, that it did: how many, from when to when.
    The one path that deletes from the log (it holds the prune permit, ``append_only``); the
    ``prune_audit`` command calls it, through the pruner's own database role when one is set."""
    days = max(180, settings.AUDIT_RETENTION_DAYS)
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    with append_only.prune_permit(using):
        old = AuditEntry.objects.using(using).filter(at__lt=cutoff)
        span = old.aggregate(oldest=Min("at"), newest=Max("at"))
        deleted, _by_model = old.delete()
        AuditEntry.objects.using(using).create(
            actor_label="prune_audit",
            action=AuditEntry.Action.PRUNE,
            object_type=AuditEntry._meta.label_lower,
            object_repr=_("{count} 条 {date} 之前的审计日志").format(
                count=deleted, date=timezone.localtime(cutoff).strftime("%Y-%m-%d %H:%M")
            ),
            changes={
                "deleted": deleted,
                "before": cutoff.isoformat(),
                "retention_days": days,
                "oldest": _plain(span["oldest"]),
                "newest": _plain(span["newest"]),
            },
        )
    return deleted
