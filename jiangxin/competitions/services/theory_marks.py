"""A paper theory exam's marks (手工录入), entered for the whole component at once — typed on
the marks page or imported from the workbook it hands out: all or nothing, errors by row, every
change kept in the score history (``store_exam_score`` retires the previous score)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiangxin.audit.models import AuditEntry
from jiangxin.competitions import policies
from jiangxin.competitions.models import Competition, Component, Entry, ExamScore
from jiangxin.competitions.services._common import _entries, _log
from jiangxin.competitions.services.judging import (
    exam_marks_frozen,
    exam_score_value,
    store_exam_score,
)

if TYPE_CHECKING:
    from jiangxin.accounts.models import User

HEADER = [gettext_lazy("序号"), gettext_lazy("加密号"), gettext_lazy("姓名"), gettext_lazy("成绩")]


@dataclass(frozen=True)
class MarkRow:
    """One line of marks as typed or read: its row number (as the user sees it), the
    contestant's code and the score as written ("" leaves the score as it is)."""

    row: int
    code: str
    score: object


def contestants(component: Component) -> list[Entry]:
    """The contestants of the component, in drawing order."""
    return list(_entries(component.competition).select_related("worker").order_by("order", "code"))


def names_shown(component: Component) -> bool:
    """Names appear once the codes are opened (解密): after the scores are locked."""
    return component.competition.status not in (
        Competition.Status.DRAFT,
        Competition.Status.OPEN,
        Competition.Status.CLOSED,
        Competition.Status.DRAWN,
        Competition.Status.RUNNING,
    )


def current_scores(component: Component) -> dict[int, Decimal]:
    return dict(
        ExamScore.objects.filter(component=component, current=True).values_list("entry_id", "score")
    )


@transaction.atomic
def save_theory_marks(
    *, by: User, ip: str | None = None, component: Component, rows: Sequence[MarkRow]
) -> int:
    """Store the changed scores of ``rows``; returns how many changed. Any bad row refuses
    the lot, with one Chinese message per bad row (its number and what to fix). Saving the
    same marks twice (a double click, two tabs) changes nothing the second time."""
    component = (
        Component.objects.select_for_update()
        .select_related("competition__organiser")
        .get(pk=component.pk)
    )
    competition = component.competition
    if not policies.can_enter_paper_marks(by, component):
        raise PermissionDenied(_("只有主办单位的工会管理员可以录入纸笔考试成绩"))
    frozen = exam_marks_frozen(component)
    if frozen:
        raise ValidationError(frozen)
    by_code = {e.code.upper(): e for e in contestants(component)}
    errors: list[str] = []
    seen: dict[str, int] = {}
    wanted: list[tuple[Entry, Decimal]] = []
    for line in rows:
        code = str(line.code or "").strip().upper()
        raw = "" if line.score is None else str(line.score).strip()
        if not code and not raw:
            continue
        entry = by_code.get(code)
        if entry is None:
            errors.append(
                _("第 {row} 行：加密号“{code}”不是本项目的选手").format(row=line.row, code=code)
            )
            continue
        if code in seen:
            errors.append(
                _("第 {row} 行：加密号“{code}”与第 {first} 行重复").format(
                    row=line.row, code=code, first=seen[code]
                )
            )
            continue
        seen[code] = line.row
        if raw == "":
            continue
        try:
            wanted.append((entry, exam_score_value(raw)))
        except ValidationError as err:
            errors.append(
                _("第 {row} 行（{code}）：{reason}").format(
                    row=line.row, code=entry.code, reason="；".join(err.messages)
                )
            )
    if errors:
        raise ValidationError(errors)
    now = current_scores(component)
    changed = [(entry, value) for entry, value in wanted if now.get(entry.pk) != value]
    for entry, value in changed:
        store_exam_score(
            entry=entry, component=component, score=value, source=ExamScore.Source.PAPER, by=by
        )
    if changed:
        _log(
            competition,
            by=by,
            ip=ip,
            action=AuditEntry.Action.UPDATE,
            obj=component,
            object_repr=f"{competition.title}：{component.name}",
            changes={
                "exam_scores": {
                    entry.code: [str(now[entry.pk]) if entry.pk in now else None, str(value)]
                    for entry, value in changed
                }
            },
        )
    return len(changed)


def marks_workbook(component: Component) -> bytes:
    """The workbook to fill in: one line per contestant (code, and name once shown), the
    current score if any; the import reads it back by code."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = str(_("成绩"))[:31]
    sheet.append([str(h) for h in HEADER])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    show = names_shown(component)
    scores = current_scores(component)
    for i, entry in enumerate(contestants(component), start=1):
        score = scores.get(entry.pk)
        sheet.append(
            [i, entry.code, entry.worker.name if show else "", float(score) if score else None]
        )
    sheet.column_dimensions["B"].width = 14
    sheet.column_dimensions["C"].width = 14
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rows_from_workbook(data: bytes) -> list[MarkRow]:
    """The marks of an uploaded workbook (the one ``marks_workbook`` hands out), by row."""
    from jiangxin.core import uploads
    from jiangxin.workers.spreadsheet import SpreadsheetError, read_sheet_safely

    try:
        sheet = read_sheet_safely(data, **uploads.sheet_reading())
    except SpreadsheetError as err:
        raise ValidationError(str(err)) from None
    header = [str(h or "").strip() for h in sheet.header]
    code_head, score_head = str(HEADER[1]), str(HEADER[3])
    if code_head not in header or score_head not in header:
        raise ValidationError(_("第一行应为表头“序号、加密号、姓名、成绩”，请使用本页下载的模板"))
    code_at, score_at = header.index(code_head), header.index(score_head)
    out = []
    for i, cells in enumerate(sheet.rows):
        code = cells[code_at] if code_at < len(cells) else ""
        score = cells[score_at] if score_at < len(cells) else ""
        if isinstance(score, float) and score.is_integer():
            score = int(score)
        out.append(
            MarkRow(
                row=sheet.first_row + i,
                code="" if code is None else str(code),
                score="" if score is None else score,
            )
        )
    return out
