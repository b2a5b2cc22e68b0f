"""Mentoring's notices on pages other apps own (a worker's record): included as one line."""

from __future__ import annotations

from django import template
from django.utils import timezone

from jiangxin.accounts.access import reach_of
from jiangxin.mentoring import ledger

register = template.Library()


@register.simple_tag
def my_overdue_logs(user, worker) -> list[dict]:
    """On the worker's own record: each current pair of theirs with months over and not yet
    logged by them (their own role's logs). No query unless the reach holds a pair."""
    from jiangxin.mentoring.models import CheckIn, Pair

    reach = reach_of(user)
    if worker is None or reach.worker_id != worker.pk:
        return []
    ids = [int(v) for k, v in reach.duties if k in ("master", "apprentice")]
    if not ids:
        return []
    today = timezone.localdate()
    rows = []
    pairs = (
        Pair.objects.filter(pk__in=ids, status=Pair.Status.ACTIVE)
        .select_related("master", "apprentice")
        .prefetch_related("checkins")
        .order_by("starts_on", "pk")
    )
    for pair in pairs:
        role = CheckIn.Role.MASTER if pair.master_id == worker.pk else CheckIn.Role.APPRENTICE
        filed = [c.month for c in pair.checkins.all() if c.role == role]
        late = ledger.overdue(pair.starts_on, pair.ends_on, today, filed)
        if late:
            other = pair.apprentice if role == CheckIn.Role.MASTER else pair.master
            rows.append({"pair": pair, "other": other, "months": late})
    return rows
