from django import forms
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from jiangxin.core.forms import StatusFilterForm
from jiangxin.privacy.models import CorrectionRequest
from jiangxin.privacy.services import DETAILS_MAX


class AcceptNoticeForm(forms.Form):
    agree = forms.BooleanField(
        label=_("我已阅读并同意以上个人信息处理规则"),
        error_messages={"required": _("请勾选同意后继续；如不同意，可以退出登录。")},
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def next_url(self, request) -> str | None:
        """Where to go after accepting: a page of this site only."""
        target = self.cleaned_data.get("next") or ""
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return target
        return None


class CorrectionForm(forms.Form):
    item = forms.ChoiceField(
        label=_("哪一项有误"),
        choices=[("", _("请选择"))] + list(CorrectionRequest.Item.choices),
        error_messages={
            "required": _("请选择需要更正的项目"),
            "invalid_choice": _("没有这个项目，请从列表中选择"),
        },
    )
    details = forms.CharField(
        label=_("应当更正为"),
        max_length=DETAILS_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "写明正确的内容，例如正确的岗位或技能等级；涉及身份证号、手机号的内容加密保存。"
        ),
        error_messages={
            "required": _("请写明这一项应当更正为什么"),
            "max_length": _("请不超过 %(limit_value)d 个字"),
        },
    )


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("处理意见"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("请不超过 %(limit_value)d 个字")},
    )


class CorrectionsFilterForm(StatusFilterForm):
    statuses = CorrectionRequest.Status
    default = CorrectionRequest.Status.OPEN
