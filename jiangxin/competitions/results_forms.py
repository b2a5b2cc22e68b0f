"""The public pages' query parameters, each validated by a form: a wrong value gives the page
with a Chinese message, never an error page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


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
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("证书验证码"),
        required=False,
        max_length=30,
        error_messages={"max_length": _("验证码共 12 位（可带横线），请核对后重新输入")},
    )
