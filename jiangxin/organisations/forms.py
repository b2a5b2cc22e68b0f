from django import forms
from django.utils.translation import gettext_lazy as _

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
