"""The roster spreadsheet's format: its sheets, columns (in the template's order), the words
allowed in its cells, and reading a header row. Pure module (no Django)."""

from __future__ import annotations

from collections.abc import Iterable

from jiangxin.core.i18n import gettext as _

# The vocabulary (headers, allowed cell values) is a file format, not interface text.
__i18n_data__ = (
    "COLUMNS",
    "EMPLOYMENT_FORMS",
    "POST_CATEGORIES",
    "YES",
    "NO",
    "EMPLOYMENT_FORM_OPTIONS",
    "POST_CATEGORY_OPTIONS",
    "YES_NO",
    "SHEET_ROSTER",
    "SHEET_OPTIONS",
    "SHEET_NOTES",
)
SHEET_ROSTER = "职工名册"  # the template's sheets
SHEET_OPTIONS = "选项"
SHEET_NOTES = "填写说明"
EMPLOYMENT_FORM_OPTIONS = [
    "正式用工",
    "劳务派遣",
    "新就业形态（平台）",
]  # the template's drop-downs
POST_CATEGORY_OPTIONS = ["一般岗位", "关键岗位", "重点岗位", "高新技能岗位"]
YES_NO = ["是", "否"]

# (key, header, required). The order is the template's.
COLUMNS: list[tuple[str, str, bool]] = [
    ("name", "姓名", True),
    ("id_number", "公民身份号码", True),
    ("mobile", "手机号码", False),
    ("enterprise", "工作单位", False),
    ("union", "所属工会", False),
    ("employment_form", "用工形式", False),
    ("platform_name", "平台名称", False),
    ("occupation", "职业（工种）", False),
    ("job_post", "岗位", False),
    ("post_category", "岗位类别", False),
    ("skill_level", "技能等级", False),
    ("front_line", "一线职工", False),
    ("start_date", "入职日期", False),
    ("workshop", "车间（班组）", False),  # last, so files made before it still line up
]
TITLES = {key: title for key, title, _ in COLUMNS}

EMPLOYMENT_FORMS = {
    "正式用工": "regular",
    "正式": "regular",
    "": "regular",
    "劳务派遣": "dispatched",
    "派遣": "dispatched",
    "新就业形态（平台）": "platform",
    "新就业形态": "platform",
    "平台": "platform",
    "平台用工": "platform",
}
POST_CATEGORIES = {
    "": "",
    "一般岗位": "",
    "一般": "",
    "关键岗位": "key",
    "关键": "key",
    "重点岗位": "important",
    "重点": "important",
    "高新技能岗位": "hightech",
    "高新技能": "hightech",
    "高新": "hightech",
}
YES = {"是", "y", "yes", "1", "true", "√", "一线"}
NO = {"否", "n", "no", "0", "false", "×", ""}


class TemplateError(ValueError):
    """The header is not the template's; ``str(err)`` says which columns are missing."""


def map_header(header: list[str]) -> dict[str, int]:
    """Column key → index; raises TemplateError when a required column is missing."""
    normalised = [
        h.replace("*", "").replace(" ", "").replace("(", "（").replace(")", "）") for h in header
    ]
    index = {}
    for key, title, _required in COLUMNS:
        if title in normalised:
            index[key] = normalised.index(title)
    missing = [title for key, title, required in COLUMNS if required and key not in index]
    if missing:
        raise TemplateError(
            _(
                "这不是职工导入模板：缺少“{columns}”列。请下载导入模板，按模板的表头填写后再上传。"
            ).format(columns="”“".join(missing))
        )
    return index


def level_aliases(choices: Iterable[tuple[int, str]]) -> dict[str, int]:
    """'五级/初级工' is also '五级', '初级工' and '初级'."""
    aliases: dict[str, int] = {"": 0}
    for value, label in choices:
        aliases[label] = value
        for part in label.split("/"):
            aliases[part] = value
            if part.endswith(_("工")) and len(part) > 2:
                aliases[part[:-1]] = value
    return aliases
