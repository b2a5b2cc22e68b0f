from dataclasses import asdict

from django import forms
from django.utils.translation import gettext_lazy as _

from jiangxin.mentoring.matching import Weights
from jiangxin.mentoring.models import Programme
from jiangxin.workers.models import Honour, Worker


class ProgrammeRulesForm(forms.ModelForm):
    master_honours = forms.MultipleChoiceField(
        label=_("可替代等级的荣誉"),
        choices=Honour.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    posts = forms.MultipleChoiceField(
        label=_("面向岗位"),
        choices=[c for c in Worker.PostCategory.choices if c[0]],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    rate_excellent = forms.IntegerField(label=_("优秀发放（%）"), min_value=0, max_value=100)
    rate_pass = forms.IntegerField(label=_("合格发放（%）"), min_value=0, max_value=100)
    rate_fail = forms.IntegerField(label=_("不合格发放（%）"), min_value=0, max_value=100)
    w_level = forms.IntegerField(
        label=_("匹配：等级差（每级）"),
        min_value=0,
        max_value=1000,
        help_text=_("师傅比徒弟高两级最理想"),
    )
    w_preference = forms.IntegerField(
        label=_("匹配：志愿（每落后一个志愿）"), min_value=0, max_value=1000
    )
    w_workshop = forms.IntegerField(label=_("匹配：不同车间"), min_value=0, max_value=1000)
    w_cross_enterprise = forms.IntegerField(label=_("匹配：跨企业"), min_value=0, max_value=1000)
    w_load = forms.IntegerField(
        label=_("匹配：师傅每多带一人"),
        min_value=0,
        max_value=1000,
        help_text=_("越大，徒弟越平均地分给各位师傅"),
    )

    class Meta:
        model = Programme
        fields = [
            "master_min_level",
            "master_honours",
            "master_min_years",
            "posts",
            "term_months",
            "stipend_monthly",
            "capacity",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rates = self.instance.pay_rates or {}
        self.fields["rate_excellent"].initial = rates.get("excellent", 100)
        self.fields["rate_pass"].initial = rates.get("pass", 50)
        self.fields["rate_fail"].initial = rates.get("fail", 0)
        weights = {**asdict(Weights()), **(self.instance.weights or {})}
        for key, value in weights.items():
            self.fields[f"w_{key}"].initial = value

    def changes(self) -> dict:
        d = self.cleaned_data
        fields = {k: d[k] for k in self.Meta.fields}
        fields["pay_rates"] = {
            "excellent": d["rate_excellent"],
            "pass": d["rate_pass"],
            "fail": d["rate_fail"],
        }
        defaults = asdict(Weights())
        chosen = {k: d[f"w_{k}"] for k in defaults}
        # keep only what differs from the defaults, so later default changes still apply
        fields["weights"] = {k: v for k, v in chosen.items() if v != defaults[k]}
        return fields
