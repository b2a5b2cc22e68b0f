"""The question-bank import template and the checking of its rows. Pure module (no Django).

Every row is checked and every problem reported (row, column, what to fix); the caller writes
nothing unless there are none."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from jiangxin.core.i18n import gettext as _
from jiangxin.exams.papers import MULTIPLE, SINGLE, TRUE_FALSE

LETTERS = "ABCDEF"
COLUMNS = [
    "题型",
    "知识点",
    "题干",
    *[f"选项{letter}" for letter in LETTERS],
    "答案",
    "解析",
]  # i18n: data
KINDS = {
    "单选题": SINGLE,
    "单选": SINGLE,
    "多选题": MULTIPLE,
    "多选": MULTIPLE,
    "判断题": TRUE_FALSE,
    "判断": TRUE_FALSE,
}  # i18n: data
TRUE_WORDS = {"正确", "对", "是", "√", "T", "TRUE", "A"}  # i18n: data
FALSE_WORDS = {"错误", "错", "否", "×", "X", "F", "FALSE", "B"}  # i18n: data
TRUE_FALSE_OPTIONS = ["正确", "错误"]  # i18n: data
STEM_MAX = 1000
OPTION_MAX = 300
KIND_COL, TOPIC_COL, STEM_COL = COLUMNS[0], COLUMNS[1], COLUMNS[2]
OPTION_COLS = COLUMNS[3 : 3 + len(LETTERS)]
ANSWER_COL = COLUMNS[3 + len(LETTERS)]
__i18n_data__ = ("COLUMNS", "KINDS", "TRUE_WORDS", "FALSE_WORDS", "TRUE_FALSE_OPTIONS")


@dataclass(frozen=True)
class QuestionRow:
    row: int
    kind: str
    topic: str
    stem: str
    options: list[str]
    answer: list[int]
    explanation: str


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def header_problem(header: list[str]) -> str | None:
    if [h.strip() for h in header[: len(COLUMNS)]] != COLUMNS:
        return _("表头与题库导入模板不一致，请下载最新模板，把题目填在模板中再上传。")
    return None


def check_rows(
    rows: Iterable[list], *, first_row: int = 2
) -> tuple[list[QuestionRow], list[RowError]]:
    good: list[QuestionRow] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, str], int] = {}
    for number, raw in enumerate(rows, start=first_row):
        cells = [_text(v) for v in raw] + [""] * len(COLUMNS)
        kind_text, topic, stem = cells[0], cells[1], cells[2]
        options = cells[3 : 3 + len(LETTERS)]
        answer_text, explanation = cells[3 + len(LETTERS)], cells[4 + len(LETTERS)]
        if not any(cells[: len(COLUMNS)]):
            continue  # a blank line in the middle
        problems: list[tuple[str, str]] = []
        kind = KINDS.get(kind_text)
        if kind is None:
            problems.append(
                (KIND_COL, _("题型应为 单选题、多选题 或 判断题，收到“{v}”").format(v=kind_text))
            )
        if not stem:
            problems.append((STEM_COL, _("题干不能为空")))
        elif len(stem) > STEM_MAX:
            problems.append((STEM_COL, _("题干不超过 {n} 字").format(n=STEM_MAX)))
        if len(topic) > 50:
            problems.append((TOPIC_COL, _("知识点不超过 50 字")))
        answer: list[int] = []
        filled: list[str] = []
        if kind in (SINGLE, MULTIPLE):
            last = max((i for i, o in enumerate(options) if o), default=-1)
            filled = options[: last + 1]
            if any(not o for o in filled):
                gap = OPTION_COLS[filled.index("")]
                problems.append((gap, _("选项应从 A 起连续填写，{column}空缺").format(column=gap)))
            elif len(filled) < 2:
                problems.append((OPTION_COLS[1], _("选择题至少需要 A、B 两个选项")))
            if any(len(o) > OPTION_MAX for o in filled):
                problems.append((OPTION_COLS[0], _("每个选项不超过 {n} 字").format(n=OPTION_MAX)))
            letters = [
                ch for ch in answer_text.upper() if not ch.isspace() and ch not in ",，、;；"
            ]
            unknown = [ch for ch in letters if ch not in LETTERS[: len(filled)]]
            if not letters:
                problems.append((ANSWER_COL, _("请填写答案，如 B 或 ACD")))
            elif unknown:
                problems.append(
                    (
                        ANSWER_COL,
                        _("答案只能是已填写选项的字母（A–{last}），收到“{v}”").format(
                            last=LETTERS[max(len(filled), 1) - 1], v=answer_text
                        ),
                    )
                )
            else:
                answer = sorted({LETTERS.index(ch) for ch in letters})
                if kind == SINGLE and len(answer) != 1:
                    problems.append(
                        (ANSWER_COL, _("单选题只能有一个答案，收到“{v}”").format(v=answer_text))
                    )
                if kind == MULTIPLE and len(answer) < 2:
                    problems.append(
                        (ANSWER_COL, _("多选题至少有两个正确选项；只有一个的请改为单选题"))
                    )
        elif kind == TRUE_FALSE:
            if any(options):
                problems.append((OPTION_COLS[0], _("判断题不填选项（固定为 正确 / 错误）")))
            word = answer_text.upper()
            if word in TRUE_WORDS:
                answer = [0]
            elif word in FALSE_WORDS:
                answer = [1]
            else:
                problems.append(
                    (ANSWER_COL, _("判断题答案应为 正确 或 错误，收到“{v}”").format(v=answer_text))
                )
            filled = list(TRUE_FALSE_OPTIONS)
        if kind and stem:
            key = (kind, stem)
            if key in seen:
                problems.append((STEM_COL, _("与第 {row} 行的题目重复").format(row=seen[key])))
            else:
                seen[key] = number
        if problems:
            errors.extend(RowError(number, column, message) for column, message in problems)
        else:
            good.append(QuestionRow(number, kind, topic, stem, filled, answer, explanation[:500]))
    return good, errors
