"""The form of a lead qualification rule: for each honour of the roster, a box (it counts) and its
lowest level; whether one or all of the ticked honours are needed; the lowest skill level. The
combinations that contradict themselves are refused here with what to do instead, and again by
``LeadRule.clean`` in the service."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jiangxin.innovation import qualification
from jiangxin.innovation.models import LeadRule
from jiangxin.workers.models import Honour, SkillLevel

LEVELS = [
    ("", _("任何级别")),
    ("county", _("县级及以上")),
    ("city", _("市级及以上")),
    ("province", _("省级及以上")),
    ("national", _("全国")),
]


class LeadRuleForm(forms.Form):
    match = forms.ChoiceField(
        label=_("荣誉条件"),
        choices=LeadRule.Match.choices,
        initial=LeadRule.Match.ANY,
        widget=forms.RadioSelect,
        help_text=_("勾选了多项荣誉时：具备其中一项即可，还是每一项都须具备"),
    )
    min_skill_level = forms.TypedChoiceField(
        label=_("最低技能等级"),
        choices=[(SkillLevel.NONE, _("不要求")), *SkillLevel.choices[1:]],
        coerce=int,
        initial=SkillLevel.NONE,
        help_text=_("领办人在名册中的技能等级须达到此级及以上"),
    )

    def __init__(self, *args, rule: qualification.Rule | None = None, **kwargs):
        if rule is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(rule)
        super().__init__(*args, **kwargs)
        for kind, label in Honour.Kind.choices:
            self.fields[f"honour_{kind}"] = forms.BooleanField(label=label, required=False)
            level_label = _("{kind}的最低级别").format(kind=label)
            self.fields[f"level_{kind}"] = forms.ChoiceField(
                label=level_label,
                choices=LEVELS,
                required=False,
                widget=forms.Select(attrs={"aria-label": level_label}),  # the table has no label
            )

    @staticmethod
    def initial_for(rule: qualification.Rule) -> dict:
        initial = {"match": rule.match, "min_skill_level": rule.min_skill_level}
        for need in rule.honours:
            initial[f"honour_{need.kind}"] = True
            initial[f"level_{need.kind}"] = need.min_level
        return initial

    def honour_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """(box, level) of each honour, for the template's table."""
        return [(self[f"honour_{k}"], self[f"level_{k}"]) for k in Honour.Kind.values]

    def clean(self):
        data = super().clean()
        ticked = 0
        for kind, label in Honour.Kind.choices:
            if data.get(f"honour_{kind}"):
                ticked += 1
            elif data.get(f"level_{kind}"):
                self.add_error(
                    f"level_{kind}",
                    _("未勾选“{kind}”却设了最低级别：请勾选它，或把级别改回“任何级别”").format(
                        kind=label
                    ),
                )
        if data.get("match") == LeadRule.Match.ALL and ticked < 2:
            self.add_error(
                "match",
                _("“须全部具备”须至少勾选两项荣誉；只要求一项荣誉时请选“具备其一即可”"),
            )
        return data

    def rule_data(self) -> dict:
        """The service's arguments: honours, match, min_skill_level."""
        data = self.cleaned_data
        return {
            "honours": [
                {"kind": kind, "min_level": data.get(f"level_{kind}") or ""}
                for kind in Honour.Kind.values
                if data.get(f"honour_{kind}")
            ],
            "match": data["match"],
            "min_skill_level": data["min_skill_level"],
        }
