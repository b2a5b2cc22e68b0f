"""The API's bounded types (``core.bounds``' ranges as pydantic constraints): a value outside
them is refused with 422 before the operation runs, and the OpenAPI document states the range,
so a client (and schemathesis) knows it."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

from jiangxin.core import bounds


def _between(limits: tuple) -> Any:
    return Field(ge=limits[0], le=limits[1])


Id = Annotated[int, Field(ge=1, le=bounds.MAX_ID)]
EventDate = Annotated[datetime.date, Field(ge=bounds.EARLIEST_EVENT, le=bounds.LATEST_EVENT)]
TermMonths = Annotated[int, _between(bounds.TERM_MONTHS)]
# A search or a name filter: short, and no NUL (PostgreSQL refuses it in text).
SearchText = Annotated[str, Field(max_length=60, pattern=r"^[^\x00]*$")]
# Decimal fields take no NaN or infinity (pydantic's default for Decimal) and no more digits
# than the column holds.
Hours = Annotated[Decimal, Field(gt=0, max_digits=5, decimal_places=1)]


class Problem(Schema):
    """What every refused call returns: the messages in one line, and by field when they have
    one (``jiangxin.api``'s handlers write it for 400, 401, 403, 404 and 422)."""

    detail: str
    errors: dict[str, list[str]] = {}


class Pagination(PageNumberPagination):
    """Django-ninja's page-number pagination with the page bounded: a page past the last is an
    empty list, and no page number reaches the database as a 64-bit overflow."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=bounds.MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=1000)


# The refusals every operation states in the OpenAPI document (``jiangxin.api.JiangxinAPI``).
REFUSALS = {
    400: gettext_lazy("请求被拒绝（数据不符合业务规则）"),
    401: gettext_lazy("未认证"),
    403: gettext_lazy("无权进行此操作"),
    404: gettext_lazy("未找到该记录"),
    422: gettext_lazy("参数不符合接口说明（类型或取值范围）"),
}


def _messages() -> dict[str, str]:
    # pydantic's error types, said in Chinese; {ge}, {le}… come from the error's context.
    number = _("应为数字")
    integer = _("应为整数")
    date = _("日期应写成 2025-03-01 的样子")
    return {
        "missing": _("必须填写"),
        "int_parsing": integer,
        "int_type": integer,
        "int_from_float": integer,
        "float_parsing": number,
        "float_type": number,
        "decimal_parsing": number,
        "decimal_type": number,
        "finite_number": _("应为有限的数字（不能是 NaN 或无穷大）"),
        "greater_than_equal": _("应不小于 {ge}"),
        "greater_than": _("应大于 {gt}"),
        "less_than_equal": _("应不大于 {le}"),
        "less_than": _("应小于 {lt}"),
        "date_parsing": date,
        "date_from_datetime_parsing": date,
        "date_from_datetime_inexact": date,
        "date_type": date,
        "datetime_parsing": _("时间应写成 2025-03-01T09:00:00 的样子"),
        "string_type": _("应为文字"),
        "string_too_long": _("最多 {max_length} 个字"),
        "bool_parsing": _("应为 true 或 false"),
        "bool_type": _("应为 true 或 false"),
        "decimal_max_digits": _("数字位数过多（最多 {max_digits} 位）"),
        "decimal_max_places": _("小数最多 {decimal_places} 位"),
        "decimal_whole_digits": _("整数部分位数过多"),
        "json_invalid": _("请求体不是有效的 JSON"),
    }


def input_problem(errors: list[dict]) -> dict:
    """Django-ninja's validation errors (pydantic's, located by query/path/body) as a
    ``Problem``: each field's message in Chinese, and all of them in ``detail``."""
    messages = _messages()
    by_field: dict[str, list[str]] = {}
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        # ("query", "page"), ("path", "pk"), ("body", "payload", "month")
        parts = loc[2:] if loc[:1] == ["body"] and len(loc) > 2 else loc[1:]
        field = ".".join(parts) or (loc[0] if loc else "request")
        template = messages.get(error.get("type", ""), _("取值无效"))
        try:
            message = template.format(**(error.get("ctx") or {}))
        except (KeyError, IndexError):
            message = template
        by_field.setdefault(field, []).append(message)
    detail = "；".join(
        _("{field}：{message}").format(field=field, message=message)
        for field, messages_ in by_field.items()
        for message in messages_
    )
    return {"detail": detail or _("请求参数无效"), "errors": by_field}
