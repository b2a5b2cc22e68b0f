from __future__ import annotations

import json
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from jiangxin.competitions.models import Aspect, Competition, Component, JudgeAssignment
from jiangxin.competitions.services._common import PUBLICITY_DAYS
from jiangxin.core import bounds
from jiangxin.core.forms import FiniteDecimalField, bounded_integer
from jiangxin.core.validators import event_dates
from jiangxin.organisations.models import Organisation
from jiangxin.workers.models import Occupation

LAYOUTS = [
    ("30-70", _("理论 30% + 实操 70%")),
    ("25-55-20", _("理论 25% + 实操 55% + 答辩 20%")),
    ("0-100", _("只有实操（100%）")),
]
# each layout: the parts it has and their preset weights (competition_form.js fills the boxes)
PARTS = {
    "30-70": {"theory": 30, "practical": 70},
    "25-55-20": {"theory": 25, "practical": 55, "defence": 20},
    "0-100": {"practical": 100},
}
PART_NAMES = {"theory": _("理论"), "practical": _("实操"), "defence": _("答辩")}
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CompetitionForm(forms.ModelForm):
    """A new competition: the model's own fields, plus its parts (weights) and awards, which
    the view hands to ``create_competition`` as components and award rules."""

    layout = forms.ChoiceField(label=_("竞赛项目"), choices=LAYOUTS, initial="30-70")
    theory_weight = forms.IntegerField(
        label=_("理论权重（%）"), min_value=0, max_value=100, initial=30
    )
    practical_weight = forms.IntegerField(
        label=_("实操权重（%）"), min_value=0, max_value=100, initial=70
    )
    defence_weight = forms.IntegerField(
        label=_("答辩权重（%）"), min_value=0, max_value=100, initial=0
    )
    practical_rule = forms.ChoiceField(
        label=_("实操评分方式"),
        choices=[
            (Component.Rule.SCHEME, Component.Rule.SCHEME.label),
            (Component.Rule.TRIMMED, Component.Rule.TRIMMED.label),
        ],
    )
    first = bounded_integer(_("一等奖名额"), bounds.AWARD_PLACES, initial=1)
    second = bounded_integer(_("二等奖名额"), bounds.AWARD_PLACES, initial=2)
    third = bounded_integer(_("三等奖名额"), bounds.AWARD_PLACES, initial=3)
    merit_share = FiniteDecimalField(
        label=_("优胜奖比例（%）"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_("可不填"),
    )

    certificate_date = forms.TypedChoiceField(
        label=_("证书落款日期"),
        choices=Competition.CertificateDate.choices,
        required=False,
        empty_value=Competition.CertificateDate.HELD_ON,
        initial=Competition.CertificateDate.HELD_ON,
        help_text=_("证书上印的日期：比赛日期，或结果确认（公示期满）的日期；不是打印的日期"),
    )

    class Meta:
        model = Competition
        fields = [
            "title",
            "level",
            "kind",
            "organiser",
            "occupation",
            "same_occupation",
            "gender",
            "front_line_only",
            "min_level",
            "max_level",
            "min_age",
            "max_age",
            "registration_opens",
            "registration_closes",
            "held_on",
            "quota_per_delegation",
            "allow_individual",
            "name_display",
            "team_top_n",
            "publicity_days",
            "certificate_date",
        ]
        widgets = {
            "registration_opens": DATETIME,
            "registration_closes": DATETIME,
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from jiangxin.accounts.access import reach_of

        reach = reach_of(user)
        nodes = Organisation.objects.editable_by(user).exclude(kind=Organisation.Kind.ENTERPRISE)
        if not reach.platform and not nodes.exists():
            nodes = Organisation.objects.editable_by(user)
        self.fields["organiser"].queryset = nodes.order_by("path")
        if not self.instance.pk and len(choices := list(nodes[:2])) == 1:
            self.initial.setdefault("organiser", choices[0].pk)  # the one union one may run
        self.fields["occupation"].queryset = Occupation.objects.order_by("code")
        self.fields["occupation"].required = False
        for name in ("registration_opens", "registration_closes"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M"]
        # checked as the field is cleaned, so clean() compares only dates within range
        for name in ("registration_opens", "registration_closes", "held_on"):
            self.fields[name].validators.extend(event_dates())
        days = self.fields["publicity_days"]
        days.required = False  # blank: the default 5 days
        days.error_messages.update(invalid=_("公示期请填 1–30 的整数天数"))
        days.widget.attrs.update(min=1, max=30)
        if not self.instance.pk:
            self.initial.setdefault("publicity_days", PUBLICITY_DAYS)
        if "layout" in self.fields:  # the presets fill the weight boxes (competition_form.js)
            self.fields["layout"].widget.attrs["data-presets"] = json.dumps(PARTS)
        if self.instance.pk:  # editing: the parts' weights are changed on the scheme page
            for name in ("layout", "theory_weight", "practical_weight", "defence_weight"):
                del self.fields[name]
            del self.fields["practical_rule"]
            self._initial_awards()

    def clean_publicity_days(self) -> int:
        days = self.cleaned_data.get("publicity_days")
        if days is None:
            return PUBLICITY_DAYS
        if days < 1:
            raise forms.ValidationError(_("公示期至少 1 天"))
        if days > 30:
            raise forms.ValidationError(_("公示期最多 30 天"))
        return days

    def _initial_awards(self) -> None:
        keys = {str(_("一等奖")): "first", str(_("二等奖")): "second", str(_("三等奖")): "third"}
        for key in ("first", "second", "third"):
            self.initial[key] = 0
        for rule in self.instance.award_rules:
            if rule.get("name") in keys and "count" in rule:
                self.initial[keys[rule["name"]]] = rule["count"]
            elif "share" in rule:
                self.initial["merit_share"] = Decimal(rule["share"]) * 100

    def clean(self):
        data = super().clean()
        from jiangxin.competitions.lifecycle import schedule_errors

        planned = Competition(
            registration_opens=data.get("registration_opens"),
            registration_closes=data.get("registration_closes"),
            held_on=data.get("held_on"),
        )
        for field, message in schedule_errors(planned).items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        if "layout" in self.fields:
            self._clean_weights(data)
        return data

    def _clean_weights(self, data: dict) -> None:
        """The chosen layout says which parts count; the boxes of the other parts are set to 0
        (whatever they show). The counted parts must each be above 0 and add up to 100 — checked
        here with the other fields, so every error shows at once."""
        parts = PARTS.get(data.get("layout") or "")
        if parts is None:
            return
        for kind in ("theory", "practical", "defence"):
            if kind not in parts:
                data[f"{kind}_weight"] = 0
        if any(f"{kind}_weight" in self.errors for kind in parts):
            return
        weights = {kind: data.get(f"{kind}_weight") or 0 for kind in parts}
        for kind, weight in weights.items():
            if weight <= 0:
                self.add_error(
                    f"{kind}_weight",
                    _("所选竞赛项目包含{part}，{part}权重须大于 0").format(part=PART_NAMES[kind]),
                )
        total = sum(weights.values())
        if total != 100 and all(w > 0 for w in weights.values()):
            counted = " + ".join(
                _("{part} {weight}").format(part=PART_NAMES[k], weight=w)
                for k, w in weights.items()
            )
            self.add_error(
                "layout",
                _("各部分的权重之和应为 100，现为 {total}（计入：{counted}）").format(
                    total=total, counted=counted
                ),
            )

    def components(self) -> list[dict]:
        d = self.cleaned_data
        parts = [
            ("theory", _("理论知识考试"), d["theory_weight"], Component.Rule.EXAM),
            ("practical", _("技能操作考核"), d["practical_weight"], d["practical_rule"]),
            ("defence", _("答辩"), d["defence_weight"], Component.Rule.TRIMMED),
        ]
        return [
            {"kind": kind, "name": str(name), "weight": weight, "rule": rule}
            for kind, name, weight, rule in parts
            if weight
        ]

    def award_rules(self) -> list[dict]:
        d = self.cleaned_data
        rules = [
            {"name": str(name), "count": d[key]}
            for key, name in [
                ("first", _("一等奖")),
                ("second", _("二等奖")),
                ("third", _("三等奖")),
            ]
            if d.get(key)
        ]
        if d.get("merit_share"):
            rules.append({"name": str(_("优胜奖")), "share": str(d["merit_share"] / 100)})
        return rules


class AspectForm(forms.Form):
    component = forms.ModelChoiceField(label=_("竞赛项目"), queryset=Component.objects.none())
    criterion = forms.CharField(label=_("评分项"), max_length=80)
    kind = forms.ChoiceField(label=_("类型"), choices=Aspect.Kind.choices)
    description = forms.CharField(label=_("评分要点"), max_length=200)
    max_mark = FiniteDecimalField(
        label=_("分值"), min_value=0, max_value=bounds.MARK[1], max_digits=5, decimal_places=2
    )
    level0 = forms.CharField(label=_("0 分描述"), required=False, max_length=200)
    level1 = forms.CharField(label=_("1 分描述"), required=False, max_length=200)
    level2 = forms.CharField(label=_("2 分描述"), required=False, max_length=200)
    level3 = forms.CharField(label=_("3 分描述"), required=False, max_length=200)

    def __init__(self, *args, competition, **kwargs):
        super().__init__(*args, **kwargs)
        parts = competition.components.exclude(rule=Component.Rule.EXAM)
        self.fields["component"].queryset = parts
        if len(choices := list(parts[:2])) == 1:
            self.initial.setdefault("component", choices[0].pk)
        self.fields["max_mark"].error_messages.update(
            min_value=_("分值须大于 0"),
            max_value=_("分值最多 {most}").format(most=bounds.MARK[1]),
            invalid=_("分值请填数字，如 10 或 2.5"),
            required=_("请填写分值"),
        )

    def clean(self):
        data = super().clean()
        if data.get("max_mark") is not None and data["max_mark"] <= 0:
            self.add_error("max_mark", _("分值须大于 0"))
        if data.get("kind") == Aspect.Kind.JUDGEMENT:
            for i in range(4):
                if f"level{i}" not in self.errors and not (data.get(f"level{i}") or "").strip():
                    self.add_error(
                        f"level{i}", _("请写出 {level} 分档的描述：裁判据此打分").format(level=i)
                    )
        return data

    def descriptors(self) -> list[str]:
        if self.cleaned_data["kind"] != Aspect.Kind.JUDGEMENT:
            return []
        return [self.cleaned_data[f"level{i}"].strip() for i in range(4)]


class JudgeForm(forms.Form):
    username = forms.CharField(label=_("裁判账号（用户名或手机号）"), max_length=150)
    role = forms.ChoiceField(label=_("角色"), choices=JudgeAssignment.Role.choices)
    component = forms.ModelChoiceField(
        label=_("执裁项目"),
        queryset=Component.objects.none(),
        required=False,
        empty_label=_("全部项目"),
    )
    stations = forms.CharField(
        label=_("执裁工位"),
        required=False,
        max_length=200,
        help_text=_("如 1-10, 15；不填为全部工位"),
    )

    def __init__(self, *args, competition, **kwargs):
        kwargs.setdefault("auto_id", "judge_%s")  # on the same page as the aspect form
        super().__init__(*args, **kwargs)
        self.fields["component"].queryset = competition.components.all()

    def clean_username(self):
        from jiangxin.accounts.backends import find_user

        user = find_user(self.cleaned_data["username"])
        if user is None:
            raise forms.ValidationError(_("没有这个账号，请核对用户名或手机号"))
        self.cleaned_data["user"] = user
        return self.cleaned_data["username"]

    def clean_stations(self) -> list[int]:
        out: set[int] = set()
        for part in self.cleaned_data["stations"].replace("，", ",").split(","):
            part = part.strip()
            if not part:
                continue
            low, _sep, high = part.partition("-")
            if not low.strip().isdigit() or (high and not high.strip().isdigit()):
                raise forms.ValidationError(_("工位写成 1-10, 15 这样的数字或范围"))
            a, b = int(low), int(high or low)
            if a > b or b - a > 1000:
                raise forms.ValidationError(_("工位范围“{part}”不正确").format(part=part))
            if not bounds.within(a, bounds.STATION) or not bounds.within(b, bounds.STATION):
                raise forms.ValidationError(
                    _("工位号应在 {low}–{high} 之间").format(
                        low=bounds.STATION[0], high=bounds.STATION[1]
                    )
                )
            out.update(range(a, b + 1))
        return sorted(out)
