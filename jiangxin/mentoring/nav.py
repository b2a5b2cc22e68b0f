"""The mentoring entry of a worker's menu."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from jiangxin.mentoring.models import Pair


def my_pairs_label(worker_id: int) -> str | None:
    """ "我的带徒" for a worker teaching a current pair, "我的师傅" for one learning in a current
    pair, None for anyone else (one query)."""
    masters = set(
        Pair.objects.current()
        .filter(Q(master_id=worker_id) | Q(apprentice_id=worker_id))
        .values_list("master_id", flat=True)
    )
    if worker_id in masters:
        return _("我的带徒")
    if masters:
        return _("我的师傅")
    return None
