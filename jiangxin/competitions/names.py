"""How a contestant is named on a results page: in full (with 工作单位) to those
``policies.can_see_contestant_name`` allows, else as the organiser chose for the public
(full, masked 柯**, or the unit only). Every results table names people through here."""

from __future__ import annotations

from jiangxin.competitions import policies
from jiangxin.competitions.models import Competition, Entry
from jiangxin.core.masking import mask_name


def public_name(competition: Competition, name: str) -> str:
    """The name as the public sees it, by the competition's name display."""
    if competition.name_display == Competition.NameDisplay.FULL:
        return name
    if competition.name_display == Competition.NameDisplay.MASKED:
        return mask_name(name)
    return ""


def contestant_name(user, entry: Entry) -> str:
    """The contestant's name as this user may see it. Needs ``entry.worker`` and
    ``entry.competition.organiser`` loaded."""
    if policies.can_see_contestant_name(user, entry):
        return entry.worker.name
    return public_name(entry.competition, entry.worker.name)


def contestant_unit(entry: Entry) -> str:
    """The contestant's 工作单位 (their enterprise), shown with the result."""
    worker = entry.worker
    return worker.enterprise.name if worker.enterprise_id and worker.enterprise else ""
