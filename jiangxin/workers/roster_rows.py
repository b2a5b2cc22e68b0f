"""Validating roster rows from a spreadsheet. Pure module (no Django), fast on 100,000 rows.

``validate_rows`` checks every row against the template's rules and the lookups it is given
(enterprises, unions, occupations the uploader may use) and returns clean records and a list of
errors, each naming the spreadsheet row, the column and what to fix.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from jiangxin.core.i18n import gettext as _
from jiangxin.workers.idnumber import (
    MIN_WORKING_AGE,
    IdNumberError,
    age_on,
    has_rounded_tail,
    looks_like_number_cell,
    parse_id_number,
)

# The spreadsheet's vocabulary and header reading: roster_format.
from jiangxin.workers.roster_format import (
    COLUMNS,
    EMPLOYMENT_FORMS,
    NO,
    POST_CATEGORIES,
    TITLES,
    YES,
)

_NAME = re.compile(r"^[\u3400-\u9fff\uf900-\ufaffA-Za-z·•．. ]{2,30}$")
_DATE_TEXT = re.compile(_(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"))


@dataclass
class Lookups:
    """What the uploader may refer to. Paths are union-tree paths ("/1/4/")."""

    enterprises: dict[str, tuple[int, int, str]]  # name → (enterprise id, union id, union path)
    unions: dict[str, tuple[int, str]]  # name → (organisation id, path)
    occupations: dict[
        str, tuple[int, int, int, str]
    ]  # code/name → (id, min level, max level, name)
    levels: dict[str, int]  # label → level value
    level_names: dict[int, str]
    edit_paths: tuple[str, ...] = ()
    platform: bool = False
    today: datetime.date = field(default_factory=datetime.date.today)

    def may_edit(self, path: str) -> bool:
        return self.platform or any(path.startswith(p) for p in self.edit_paths)


@dataclass
class RowError:
    row: int
    column: str
    message: str


class Checked(NamedTuple):
    records: list[dict]
    errors: list[RowError]
    rows: int  # non-blank rows checked


def numeric_cell_message(*, csv: bool = False) -> str:
    """The ID number went through a number cell (its last digits are lost)."""
    message = _(
        "该单元格是数字格式，Excel 只保留15位有效数字，号码已经失真；"
        "请把此列设为“文本”格式后重新输入完整号码"
    )
    if csv:
        # A CSV cell has no type; the zeroed tail is the sign (see idnumber.has_rounded_tail).
        message += _("（号码确以000结尾的，请用 .xlsx 导入模板填写后上传）")
    return message


def _text(value) -> str:
    if value.__class__ is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date(value) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    match = _DATE_TEXT.match(text)
    if match:
        return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    if len(text) == 8 and text.isdigit():
        return datetime.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    raise ValueError(text)


def validate_rows(
    rows: list[list],
    header_index: dict[str, int],
    lookups: Lookups,
    *,
    first_row: int = 2,
    on_progress: Callable[[int], None] | None = None,
    progress_every: int = 5000,
    text_only: bool = False,
) -> Checked:
    """Check every row. Returns (records, errors, rows checked); records are only meaningful
    when errors is empty. A record holds the parsed values the writer needs. Blank rows are
    skipped. ``on_progress`` is called with the rows checked so far, every ``progress_every``."""
    records: list[dict] = []
    errors: list[RowError] = []
    checked = 0
    for _offset, record, row_errors in check_rows(
        rows,
        header_index,
        lookups,
        first_row=first_row,
        on_progress=on_progress,
        progress_every=progress_every,
        text_only=text_only,
    ):
        checked += 1
        if row_errors:
            errors.extend(row_errors)
        else:
            records.append(record)
    return Checked(records, errors, checked)


def check_rows(
    rows: list[list],
    header_index: dict[str, int],
    lookups: Lookups,
    *,
    first_row: int = 2,
    on_progress: Callable[[int], None] | None = None,
    progress_every: int = 5000,
    text_only: bool = False,
) -> Iterator[tuple[int, dict | None, list[RowError]]]:
    """Check rows one at a time, yielding ``(offset, record, errors)`` for every non-blank row:
    the record when the row is valid, else None and the row's errors. A writer can consume it
    while the database works on the rows already sent. ``text_only``: the cells carry no type
    (a CSV file), so an ID number's zeroed tail is the only sign it went through a number."""
    seen_ids: dict[str, int] = {}
    today = lookups.today
    # Columns the file does not have read as an always-empty cell at the end of the row.
    width = max(header_index.values()) + 1
    col = {key: header_index.get(key, width) for key, _t, _r in COLUMNS}
    key_of_index = {i: k for k, i in header_index.items()}
    i_name, i_id, i_mobile = col["name"], col["id_number"], col["mobile"]
    i_ent, i_union, i_form, i_platform = (
        col["enterprise"],
        col["union"],
        col["employment_form"],
        col["platform_name"],
    )
    i_occ, i_post, i_cat, i_level = (
        col["occupation"],
        col["job_post"],
        col["post_category"],
        col["skill_level"],
    )
    i_front, i_start, i_shop = col["front_line"], col["start_date"], col["workshop"]
    enterprises, unions, occupations, levels = (
        lookups.enterprises,
        lookups.unions,
        lookups.occupations,
        lookups.levels,
    )
    pad = [None] * (width + 1)

    for offset, raw in enumerate(rows):
        rownum = first_row + offset
        if on_progress is not None and offset and offset % progress_every == 0:
            on_progress(offset)
        if len(raw) <= width:
            raw = list(raw) + pad[: width + 1 - len(raw)]
        bad: list[tuple[str, str]] = []  # (column key, message)

        for v in raw:  # a plain loop: cheaper per row than any() over a generator
            if v.__class__ is str and v[:1] == "=":
                break
        else:
            v = None
        if v is not None:
            for i, v in enumerate(raw):
                if isinstance(v, str) and v.startswith("=") and i in key_of_index:
                    bad.append(
                        (
                            key_of_index[i],
                            _("单元格内容以“=”开头，疑似公式；请改为直接填写数值或文字"),
                        )
                    )

        name = _text(raw[i_name])
        raw_id = raw[i_id]
        if not name and (raw_id is None or raw_id == "") and all(v is None or v == "" for v in raw):
            continue  # a blank row
        if not name:
            bad.append(("name", _("姓名不能为空")))
        elif not _NAME.match(name):
            bad.append(("name", _("姓名只能包含汉字、字母和间隔号“·”，长度2–30个字")))

        parsed = None
        id_text = "" if raw_id.__class__ is not str else raw_id.strip()
        if (isinstance(raw_id, (int, float)) and not isinstance(raw_id, bool)) or (
            text_only and has_rounded_tail(id_text)
        ):
            bad.append(("id_number", numeric_cell_message(csv=text_only)))
        else:
            id_text = _text(raw_id)
            if looks_like_number_cell(id_text):
                bad.append(
                    (
                        "id_number",
                        _(
                            "号码被存成了科学计数法（如 3.5E+17），已经失真；请把此列设为“文本”格式后重新输入"
                        ),
                    )
                )
            else:
                try:
                    parsed = parse_id_number(id_text, today=today)
                except IdNumberError as err:
                    bad.append(("id_number", str(err)))
                else:
                    if age_on(parsed.birth_date, today) < MIN_WORKING_AGE:
                        bad.append(
                            (
                                "id_number",
                                _("按公民身份号码计算，该职工未满{MIN_WORKING_AGE}周岁").format(
                                    MIN_WORKING_AGE=MIN_WORKING_AGE
                                ),
                            )
                        )
                        parsed = None
                    elif parsed.number in seen_ids:
                        bad.append(
                            (
                                "id_number",
                                _("与第{row}行的公民身份号码重复").format(
                                    row=seen_ids[parsed.number]
                                ),
                            )
                        )
                        parsed = None
                    else:
                        seen_ids[parsed.number] = rownum

        mobile = _text(raw[i_mobile]).replace(" ", "").replace("-", "")
        if mobile.startswith("+86"):
            mobile = mobile[3:]
        if mobile and not (len(mobile) == 11 and mobile.isdigit() and mobile[0] == "1"):
            bad.append(("mobile", _("手机号码应为以1开头的11位数字")))

        enterprise_name = _text(raw[i_ent])
        union_name = _text(raw[i_union])
        enterprise = None
        organisation = None
        if enterprise_name:
            enterprise = enterprises.get(enterprise_name)
            if enterprise is None:
                bad.append(
                    (
                        "enterprise",
                        _(
                            "找不到企业“{enterprise_name}”，或您无权管理该企业；请从下拉列表中选择"
                        ).format(enterprise_name=enterprise_name),
                    )
                )
            else:
                organisation = (enterprise[1], enterprise[2])
                if union_name and unions.get(union_name, (None,))[0] not in (None, enterprise[1]):
                    bad.append(
                        (
                            "union",
                            _("企业“{enterprise_name}”不属于“{union_name}”；可只填工作单位").format(
                                enterprise_name=enterprise_name, union_name=union_name
                            ),
                        )
                    )
        elif union_name:
            organisation = unions.get(union_name)
            if organisation is None:
                bad.append(
                    (
                        "union",
                        _(
                            "找不到工会“{union_name}”，或您无权管理该工会；请从下拉列表中选择"
                        ).format(union_name=union_name),
                    )
                )
        else:
            bad.append(
                ("enterprise", _("请填写工作单位；没有工作单位的（如平台劳动者）请填写所属工会"))
            )
        if organisation is not None and not lookups.may_edit(organisation[1]):
            bad.append(("enterprise", _("您无权向该单位所属工会导入职工")))

        form_text = _text(raw[i_form])
        employment_form = EMPLOYMENT_FORMS.get(form_text)
        if employment_form is None:
            bad.append(
                (
                    "employment_form",
                    _(
                        "用工形式“{form_text}”无效，应为：正式用工、劳务派遣、新就业形态（平台）"
                    ).format(form_text=form_text),
                )
            )
        platform_name = _text(raw[i_platform])
        if employment_form == "platform" and not platform_name:
            bad.append(("platform_name", _("新就业形态劳动者须填写平台名称，如 美团、顺丰")))

        occupation = None
        occ_text = _text(raw[i_occ])
        if occ_text:
            occupation = occupations.get(occ_text)
            if occupation is None:
                bad.append(
                    (
                        "occupation",
                        _("找不到职业“{occ_text}”；请从下拉列表中选择，或填写职业编码").format(
                            occ_text=occ_text
                        ),
                    )
                )

        level_text = _text(raw[i_level])
        level = levels.get(level_text)
        if level is None:
            bad.append(
                (
                    "skill_level",
                    _("技能等级“{level_text}”无效；请从下拉列表中选择").format(
                        level_text=level_text
                    ),
                )
            )
        elif occupation is not None and level and not (occupation[1] <= level <= occupation[2]):
            allowed = "、".join(
                lookups.level_names[v] for v in range(occupation[1], occupation[2] + 1)
            )
            bad.append(
                (
                    "skill_level",
                    _("职业“{occupation}”只设 {allowed}").format(
                        occupation=occupation[3], allowed=allowed
                    ),
                )
            )

        post_category = POST_CATEGORIES.get(_text(raw[i_cat]))
        if post_category is None:
            bad.append(
                ("post_category", _("岗位类别应为：一般岗位、关键岗位、重点岗位、高新技能岗位"))
            )

        front_raw = raw[i_front]
        if isinstance(front_raw, bool):
            front_line = front_raw
        else:
            front_text = _text(front_raw).lower()
            front_line = True if front_text == "" else (front_text in YES)
            if front_text not in YES and front_text not in NO:
                bad.append(("front_line", _("一线职工请填“是”或“否”")))

        start_date = None
        try:
            start_date = _date(raw[i_start])
        except ValueError:
            bad.append(("start_date", _("入职日期格式应为 2024-03-01")))
        else:
            if start_date and start_date > today:
                bad.append(("start_date", _("入职日期不能晚于今天")))
            elif start_date and parsed and age_on(parsed.birth_date, start_date) < MIN_WORKING_AGE:
                bad.append(
                    (
                        "start_date",
                        _("入职时未满{MIN_WORKING_AGE}周岁，请核对入职日期").format(
                            MIN_WORKING_AGE=MIN_WORKING_AGE
                        ),
                    )
                )

        job_post = _text(raw[i_post])
        if len(job_post) > 50:
            bad.append(("job_post", _("岗位名称不能超过50个字")))
        workshop = _text(raw[i_shop])
        if len(workshop) > 50:
            bad.append(("workshop", _("车间（班组）名称不能超过50个字")))
        if len(platform_name) > 50:
            bad.append(("platform_name", _("平台名称不能超过50个字")))

        if bad:
            yield offset, None, [RowError(rownum, TITLES[key], message) for key, message in bad]
            continue
        yield (
            offset,
            {
                "row": rownum,
                "name": name,
                "id_number": parsed.number,
                "birth_date": parsed.birth_date,
                "gender": parsed.gender,
                "mobile": mobile,
                "organisation_id": organisation[0],
                "org_path": organisation[1],
                "enterprise_id": enterprise[0] if enterprise else None,
                "employment_form": employment_form,
                "platform_name": platform_name,
                "occupation_id": occupation[0] if occupation else None,
                "job_post": job_post,
                "workshop": workshop,
                "post_category": post_category,
                "skill_level": level,
                "front_line": front_line,
                "start_date": start_date,
            },
            [],
        )
