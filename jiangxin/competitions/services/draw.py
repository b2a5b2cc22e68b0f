"""The competition's lifecycle steps up to the start: opening and closing registration, and the
draw (检录抽签). A step moves only from its own status, under a row lock, by the organiser's
admins; the draw is reproducible from its recorded seed."""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jiangxin.competitions import lifecycle
from jiangxin.competitions.models import (
    Competition,
    Entry,
)
from jiangxin.competitions.services._common import (
    TRANSITIONS,
    S,
    _require_organiser,
    _set_status,
)

if TYPE_CHECKING:
    from jiangxin.accounts.models import User


@transaction.atomic
def transition(
    *, by: User, ip: str | None = None, competition: Competition, step: str
) -> Competition:
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    _require_organiser(by, competition)
    source, target = TRANSITIONS[step]
    if competition.status != source:
        raise ValidationError(
            _("竞赛当前为“{now}”，不能进行此操作（需为“{need}”）").format(
                now=competition.get_status_display(), need=S(source).label
            )
        )
    if step == "start" and (refused := lifecycle.start_refused(competition)):
        raise ValidationError(refused)
    _set_status(competition, target, by=by, ip=ip)
    return competition


def draw_lots(entry_ids: Sequence[int], seed: str) -> dict[int, tuple[str, int, str]]:
    """Codes, order and stations by lot, reproducibly from ``seed``: entry id → (code, order,
    station). The code says nothing about order, station or team: two independent shuffles."""
    rng = random.Random(seed)
    ids = sorted(entry_ids)
    codes = list(range(1, len(ids) + 1))
    rng.shuffle(codes)
    order = list(range(1, len(ids) + 1))
    rng.shuffle(order)
    width = max(3, len(str(len(ids))))
    return {
        entry_id: (f"A{code:0{width}d}", position, _("{n}号工位").format(n=position))
        for entry_id, code, position in zip(ids, codes, order, strict=True)
    }


@transaction.atomic
def draw(
    *, by: User, ip: str | None = None, competition: Competition, seed: str | None = None
) -> Competition:
    """检录抽签: after registration closes, every approved entry gets its code, order and
    station; the seed is recorded so anyone can repeat the draw."""
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    _require_organiser(by, competition)
    if competition.status != S.CLOSED:
        raise ValidationError(_("报名截止后才能抽签"))
    entries = list(
        competition.entries.filter(status=Entry.Status.APPROVED).values_list("pk", flat=True)
    )
    if not entries:
        raise ValidationError(_("没有已报名的选手，不能抽签"))
    seed = seed or secrets.token_hex(16)
    lots = draw_lots(entries, seed)
    rows = list(Entry.objects.filter(pk__in=entries))
    for row in rows:
        row.code, row.order, row.station = lots[row.pk]
    Entry.objects.bulk_update(rows, ["code", "order", "station"])
    competition.draw_seed = seed
    _set_status(competition, S.DRAWN, by=by, ip=ip, draw_seed=seed)
    return competition
