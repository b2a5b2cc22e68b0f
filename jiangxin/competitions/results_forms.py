"""The public pages' query parameters, each validated by a form: a wrong value gives the page
with a Chinese message, never an error page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jiangxin.core.forms import PageField


class PublicResultsFilter(forms.Form):
    year = forms.IntegerField(
        label=_("年份"),
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": _("年份请填写四位数字，如 2026"),
            "min_value": _("年份请填写 2000 至 2100 之间的四位数字"),
            "max_value": _("年份请填写 2000 至 2100 之间的四位数字"),
        },
    )
    q = forms.CharField(
        label=_("竞赛名称"),
        required=False,
        max_length=60,
        error_messages={"max_length": _("竞赛名称请不超过 60 个字")},
    )
    page = PageField()


class ResultRowsFilter(forms.Form):
    """One competition's public results narrowed by a contestant's name or 工作单位 — as they
    are displayed: a masked name is matched only on what the page shows of it."""

    q = forms.CharField(
        label=_("姓名或工作单位"),
        required=False,
        max_length=30,
        error_messages={"max_length": _("请不超过 30 个字，输入姓名或单位名称中的几个字即可")},
    )

    def matches(self, row) -> bool:
        q = self.cleaned_data.get("q", "").strip() if self.is_valid() else ""
        return not q or any(q in (text or "") for text in (row.name, row.unit))
