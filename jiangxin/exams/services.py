"""Question banks and online theory exams: every change goes through these functions."""

from __future__ import annotations

import datetime
import io
import secrets
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.audit.models import AuditEntry
from jiangxin.audit.services import record, save_audited
from jiangxin.competitions.models import Competition, Component, Entry, ExamScore
from jiangxin.competitions.services import store_exam_score
from jiangxin.core import uploads
from jiangxin.exams import bank_rows, papers, policies
from jiangxin.exams.models import Paper, Question, Sitting
from jiangxin.organisations.models import Organisation
from jiangxin.workers.models import Occupation
from jiangxin.workers.spreadsheet import SpreadsheetError, read_sheet_safely

if TYPE_CHECKING:
    from jiangxin.accounts.models import User

S = Competition.Status
GRACE = datetime.timedelta(seconds=5)  # answers in flight when the clock runs out still count
MAX_BANK_FILE = 5 * 1024 * 1024
PAPER_OPEN = (S.DRAFT, S.OPEN, S.CLOSED, S.DRAWN, S.RUNNING)  # until the scores are locked


# --- the question bank -----------------------------------------------------------------------


class BankImportError(ValidationError):
    """The file was refused; ``problems`` holds (row, column, message) for each fault."""

    def __init__(self, message: str, problems: list[bank_rows.RowError] | None = None):
        super().__init__(message)
        self.problems = problems or []


@dataclass(frozen=True)
class BankImport:
    created: int
    updated: int


def question_template() -> bytes:
    """The import template: the columns, one example of each type, and the rules."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = _("题库")
    ws.append(bank_rows.COLUMNS)
    ws.append(
        [
            _("单选题"),
            _("劳动争议调解"),
            _("劳动争议调解组织调解劳动争议，应当自收到调解申请之日起多少日内结束？"),
            _("10 日"),
            _("15 日"),
            _("30 日"),
            _("45 日"),
            "",
            "",
            "B",
            _("《劳动争议调解仲裁法》第十四条"),
        ]
    )
    ws.append(
        [
            _("多选题"),
            _("劳动合同"),
            _("下列哪些属于劳动合同的必备条款？"),
            _("劳动报酬"),
            _("工作时间和休息休假"),
            _("试用期"),
            _("社会保险"),
            "",
            "",
            "ABD",
            "",
        ]
    )
    ws.append(
        [
            _("判断题"),
            _("集体协商"),
            _("集体合同草案应当提交职工代表大会或者全体职工讨论通过。"),
            "",
            "",
            "",
            "",
            "",
            "",
            _("正确"),
            "",
        ]
    )
    kinds = DataValidation(
        type="list", formula1='"' + ",".join(papers.KIND_NAMES.values()) + '"', allow_blank=False
    )
    ws.add_data_validation(kinds)
    kinds.add("A2:A5000")
    for column, width in zip(
        "ABCDEFGHIJK", [8, 14, 50, 18, 18, 18, 18, 12, 12, 8, 30], strict=True
    ):
        ws.column_dimensions[column].width = width
    notes = wb.create_sheet(_("填写说明"))
    for line in [
        _("题型：单选题、多选题、判断题。"),
        _("选择题的选项从“选项A”起连续填写，至少两个，最多六个；判断题不填选项。"),
        _(
            "答案：单选题填一个字母（如 B）；多选题填两个或以上字母（如 ABD）；判断题填“正确”或“错误”。"
        ),
        _("同一职业（工种）下题干相同的题目再次导入时会更新原题，不会重复。"),
        _("文件中任何一行有错都不会导入，请按错误提示修改后重新上传。"),
    ]:
        notes.append([line])
    notes.column_dimensions["A"].width = 100
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@transaction.atomic
def import_questions(
    *,
    by: User,
    ip: str | None = None,
    organisation: Organisation,
    occupation: Occupation,
    data: bytes,
) -> BankImport:
    """All rows or none: a question with the same type and stem in this bank is updated."""
    if not policies.can_edit_bank(by, organisation):
        raise PermissionDenied(_("只能向本单位及下级单位的题库导入题目"))
    # the bank's node is the lock: two imports into one bank at once do not collide
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if len(data) > MAX_BANK_FILE:
        raise BankImportError(_("文件超过 5 MB，请分批导入。"))
    try:
        sheet = read_sheet_safely(data, **uploads.sheet_reading())
    except SpreadsheetError as err:
        raise BankImportError(str(err)) from None
    problem = bank_rows.header_problem(sheet.header)
    if problem:
        raise BankImportError(problem)
    good, errors = bank_rows.check_rows(sheet.rows, first_row=sheet.first_row)
    if errors:
        raise BankImportError(
            _("文件中有 {n} 处错误，没有导入任何题目。请按下表修改后重新上传。").format(
                n=len(errors)
            ),
            errors,
        )
    if not good:
        raise BankImportError(_("文件中没有题目。请在模板表头下方逐行填写题目。"))
    existing = {
        (q.kind, q.stem): q
        for q in Question.objects.select_for_update().filter(
            organisation=organisation, occupation=occupation
        )
    }
    new, changed = [], []
    for row in good:
        q = existing.get((row.kind, row.stem))
        if q is None:
            new.append(
                Question(
                    organisation=organisation,
                    occupation=occupation,
                    kind=row.kind,
                    topic=row.topic,
                    stem=row.stem,
                    options=row.options,
                    answer=row.answer,
                    explanation=row.explanation,
                    created_by=by,
                )
            )
        else:
            q.topic, q.options, q.answer = row.topic, row.options, row.answer
            q.explanation, q.active = row.explanation, True
            changed.append(q)
    Question.objects.bulk_create(new, batch_size=500)
    Question.objects.bulk_update(
        changed, ["topic", "options", "answer", "explanation", "active"], batch_size=500
    )
    record(
        action=AuditEntry.Action.IMPORT,
        actor=by,
        ip=ip,
        obj=organisation,
        org_path=organisation.path,
        changes={
            "questions": {"occupation": occupation.name, "new": len(new), "updated": len(changed)}
        },
    )
    return BankImport(created=len(new), updated=len(changed))


# --- papers ----------------------------------------------------------------------------------


def _organiser(by: User, competition: Competition) -> None:
    if not policies.can_set_paper(by, competition):
        raise PermissionDenied(_("只有主办单位的工会管理员可以进行此操作"))


def parse_rules(rows: list[dict]) -> list[papers.RuleLine]:
    """Rule lines from form or API rows ({kind, topic, count, points}); blank rows skipped."""
    lines = []
    for i, row in enumerate(rows, start=1):
        count = str(row.get("count") or "").strip()
        if not count:
            continue
        try:
            n = int(count)
            points = Decimal(str(row.get("points") or "").strip())
            if not points.is_finite():
                raise ValueError(points)
        except (ValueError, InvalidOperation):
            raise ValidationError(
                _("第 {i} 行：题数应为整数，每题分值应为数字").format(i=i)
            ) from None
        lines.append(
            papers.RuleLine(
                kind=row.get("kind", ""),
                topic=(row.get("topic") or "").strip(),
                count=n,
                points=points,
            )
        )
    return lines


def _bank(competition: Competition) -> list[papers.BankQuestion]:
    return [
        papers.BankQuestion(pk, kind, topic, len(options))
        for pk, kind, topic, options in Question.objects.usable_by(competition.organiser)
        .filter(occupation=competition.occupation)
        .values_list("pk", "kind", "topic", "options")
    ]


def _paper_component(component: Component) -> Competition:
    competition = Competition.objects.select_for_update().get(pk=component.competition_id)
    if component.rule != Component.Rule.EXAM:
        raise ValidationError(_("“{name}”不是考试项目").format(name=component.name))
    if competition.occupation_id is None:
        raise ValidationError(_("竞赛未设定职业（工种），无法从题库组卷"))
    if competition.status not in PAPER_OPEN:
        raise ValidationError(_("成绩锁定后不能再修改试卷"))
    return competition


@transaction.atomic
def set_paper(
    *,
    by: User,
    ip: str | None = None,
    component: Component,
    rules: list[dict],
    duration_minutes: int,
    shuffle: bool,
) -> Paper:
    """Save the drawing rules; the bank must hold enough questions for every line. A drawn
    paper is drawn again only by ``draw_paper``; nothing changes once anyone has started."""
    competition = _paper_component(component)
    _organiser(by, competition)
    lines = parse_rules(rules)
    problems = papers.rule_problems(lines, _bank(competition))
    if not 5 <= int(duration_minutes) <= 300:
        problems.append(_("考试时长应在 5–300 分钟之间"))
    if problems:
        raise ValidationError(problems)
    paper, _created = Paper.objects.get_or_create(component=component)
    if paper.sittings.exists():
        raise ValidationError(_("已有选手开考，试卷不能再修改"))
    paper.rules = [
        {"kind": r.kind, "topic": r.topic, "count": r.count, "points": str(r.points)} for r in lines
    ]
    paper.duration_minutes = int(duration_minutes)
    paper.shuffle = bool(shuffle)
    paper.items, paper.drawn_at, paper.seed = [], None, ""
    return save_audited(
        paper,
        by=by,
        ip=ip,
        org_path=competition.organiser.path,
        action=AuditEntry.Action.UPDATE,
        changes={
            "rules": paper.rules,
            "duration": paper.duration_minutes,
            "shuffle": paper.shuffle,
        },
    )


@transaction.atomic
def draw_paper(*, by: User, ip: str | None = None, paper: Paper, seed: str | None = None) -> Paper:
    """Draw the questions by the rules (the seed is kept, so the draw can be reproduced)."""
    paper = Paper.objects.select_for_update().get(pk=paper.pk)
    competition = _paper_component(paper.component)
    _organiser(by, competition)
    if paper.sittings.exists():
        raise ValidationError(_("已有选手开考，不能重新组卷"))
    lines = parse_rules(paper.rules)
    bank = _bank(competition)
    problems = papers.rule_problems(lines, bank)
    if problems:
        raise ValidationError(problems)
    paper.seed = seed or secrets.token_hex(8)
    paper.items = [[qid, str(points)] for qid, points in papers.draw(lines, bank, paper.seed)]
    paper.drawn_at = timezone.now()
    paper.save(update_fields=["seed", "items", "drawn_at"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=by,
        ip=ip,
        obj=paper,
        org_path=competition.organiser.path,
        changes={"drawn": len(paper.items), "seed": paper.seed},
    )
    return paper


# --- sittings --------------------------------------------------------------------------------


def _open_for_sitting(paper: Paper) -> None:
    component = paper.component
    if component.competition.status != S.RUNNING:
        raise ValidationError(_("考试尚未开始或已经结束"))
    if component.locked_at is not None:
        raise ValidationError(_("本场考试成绩已锁定"))
    if not paper.drawn_at:
        raise ValidationError(_("试卷尚未生成，请等待主办单位通知"))


@transaction.atomic
def start_sitting(*, by: User, ip: str | None = None, paper: Paper) -> Sitting:
    """Start the contestant's exam, or return the one already started: the deadline is fixed
    at the first start, so reloading or changing device does not reset the clock."""
    paper = Paper.objects.select_related("component__competition").get(pk=paper.pk)
    entry = policies.exam_entry(by, paper)
    if entry is None:
        raise PermissionDenied(_("您没有参加本场考试"))
    # the entry's row is the lock: two tabs (or a double click) starting at once get one sitting
    Entry.objects.select_for_update().filter(pk=entry.pk).first()
    existing = Sitting.objects.filter(paper=paper, entry=entry).first()
    if existing:
        return existing
    _open_for_sitting(paper)
    shape = {
        pk: (len(options), kind)
        for pk, kind, options in Question.objects.filter(
            pk__in=[q for q, _p in paper.items]
        ).values_list("pk", "kind", "options")
    }
    arrangement = papers.arrange(
        [(q, *shape[q]) for q, _p in paper.items],
        seed=f"{paper.seed}:{entry.pk}",
        shuffle=paper.shuffle,
    )
    now = timezone.now()
    return Sitting.objects.create(
        paper=paper,
        entry=entry,
        arrangement=[[q, order] for q, order in arrangement],
        started_at=now,
        deadline=now + datetime.timedelta(minutes=paper.duration_minutes),
    )


def _own_sitting(by: User, sitting: Sitting) -> Sitting:
    sitting = (
        Sitting.objects.select_for_update(of=("self",))
        .select_related("entry__worker", "paper")
        .get(pk=sitting.pk)
    )
    if not policies.owns_sitting(by, sitting):
        raise PermissionDenied(_("只能作答自己的试卷"))
    return sitting


@transaction.atomic
def save_answer(
    *, by: User, ip: str | None = None, sitting: Sitting, question_id: int, chosen: list[int]
) -> Sitting:
    """Keep one answer (option indices in the bank's numbering); refused once handed in or
    after the deadline."""
    sitting = _own_sitting(by, sitting)
    if sitting.submitted_at:
        raise ValidationError(_("试卷已交，不能再修改答案"))
    if timezone.now() > sitting.deadline + GRACE:
        raise ValidationError(_("考试时间已到，答案不能再修改"))
    layout = dict(sitting.arrangement)
    if question_id not in layout:
        raise ValidationError(_("该题不在您的试卷中"))
    kind = Question.objects.values_list("kind", flat=True).get(pk=question_id)
    chosen = sorted(set(chosen))
    if any(c not in layout[question_id] for c in chosen):
        raise ValidationError(_("所选选项不存在"))
    if kind != Question.Kind.MULTIPLE and len(chosen) > 1:
        raise ValidationError(_("单选题和判断题只能选一个答案"))
    sitting.answers[str(question_id)] = chosen
    sitting.save(update_fields=["answers"])
    return sitting


def _mark(sitting: Sitting, *, by: User, auto: bool) -> Sitting:
    questions = {
        q.pk: q for q in Question.objects.filter(pk__in=[q for q, _p in sitting.paper.items])
    }
    items = [
        (qid, Decimal(points), questions[qid].kind, questions[qid].answer)
        for qid, points in sitting.paper.items
    ]
    answers = {int(k): v for k, v in sitting.answers.items()}
    earned, _available, score = papers.mark(items, answers)
    sitting.submitted_at = timezone.now()
    sitting.auto_submitted = auto
    sitting.earned, sitting.score = earned, score
    sitting.save(update_fields=["submitted_at", "auto_submitted", "earned", "score"])
    store_exam_score(
        entry=sitting.entry,
        component=sitting.paper.component,
        score=score,
        source=ExamScore.Source.ONLINE,
        by=by,
    )
    return sitting


@transaction.atomic
def submit_sitting(
    *, by: User, ip: str | None = None, sitting: Sitting, time_up: bool = False
) -> Sitting:
    """Hand in and mark: the score becomes the contestant's theory score. After the deadline
    (or when the page's clock ran out, ``time_up``, within the grace period of it) it counts as
    handed in when the time ran out, with the answers saved by then."""
    sitting = _own_sitting(by, sitting)
    if sitting.submitted_at:
        return sitting
    if sitting.paper.component.locked_at is not None:
        raise ValidationError(_("本场考试成绩已锁定"))
    now = timezone.now()
    auto = now > sitting.deadline or (time_up and now >= sitting.deadline - GRACE)
    return _mark(sitting, by=by, auto=auto)


@transaction.atomic
def collect_overdue(*, by: User, ip: str | None = None, paper: Paper) -> int:
    """The organiser collects every paper whose time has run out (a contestant who closed the
    browser): each is marked on the answers it holds. Returns how many."""
    paper = Paper.objects.select_related("component__competition__organiser").get(pk=paper.pk)
    if not policies.can_collect_papers(by, paper):
        raise PermissionDenied(_("只有主办单位的工会管理员可以进行此操作"))
    overdue = list(
        Sitting.objects.select_for_update()
        .select_related("entry", "paper")
        .filter(paper=paper, submitted_at__isnull=True, deadline__lt=timezone.now() - GRACE)
    )
    for sitting in overdue:
        _mark(sitting, by=by, auto=True)
    if overdue:
        record(
            action=AuditEntry.Action.UPDATE,
            actor=by,
            ip=ip,
            obj=paper,
            org_path=paper.component.competition.organiser.path,
            changes={"collected": len(overdue)},
        )
    return len(overdue)
