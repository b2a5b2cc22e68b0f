from django import forms
from django.utils.translation import gettext_lazy as _

from jiangxin.core.forms import PageField
from jiangxin.organisations.models import Enterprise, Industry, Organisation


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    short_name = forms.CharField(label=_("简称"), max_length=30, required=False)
    kind = forms.ChoiceField(label=_("类别"), choices=Organisation.Kind.choices)


class EnterpriseForm(forms.Form):
    name = forms.CharField(label=_("企业名称"), max_length=100)
    credit_code = forms.CharField(
        label=_("统一社会信用代码"), max_length=18, help_text=_("18位，含校验码")
    )
    industry = forms.ModelChoiceField(
        label=_("行业"), queryset=Industry.objects.all(), empty_label=_("请选择")
    )
    size = forms.ChoiceField(label=_("规模"), choices=Enterprise.Size.choices)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    union = forms.ModelChoiceField(
        label=_("所属工会"), queryset=Organisation.objects.none(), empty_label=_("请选择")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["union"].queryset = Organisation.objects.editable_by(user).filter(
            kind__in=[
                Organisation.Kind.ENTERPRISE,
                Organisation.Kind.JOINT,
                Organisation.Kind.INDUSTRY,
            ]
        )


class EnterpriseFilterForm(forms.Form):
    """The enterprise list's query: name, industry, page. A bad value is a message on the
    field, and the list is shown unfiltered."""

    q = forms.CharField(label=_("企业名称"), max_length=100, required=False)
    industry = forms.ModelChoiceField(
        label=_("行业"),
        queryset=Industry.objects.all(),
        required=False,
        empty_label=_("全部"),
        error_messages={"invalid_choice": _("没有这个行业，请从列表中选择")},
    )
    page = PageField()

    def apply(self, qs):
        if not self.is_valid():
            return qs
        if self.cleaned_data["industry"] is not None:
            qs = qs.filter(industry=self.cleaned_data["industry"])
        if self.cleaned_data["q"].strip():
            qs = qs.filter(name__contains=self.cleaned_data["q"].strip())
        return qs

    @property
    def page_number(self) -> int:
        return (self.cleaned_data.get("page") or 1) if self.is_valid() else 1
