"""The appeal pages' forms, one per action: file an appeal, rule on it, prepare a re-mark,
confirm (apply or cancel) a prepared re-mark. The services check the rules again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jiangxin.competitions.models import Aspect, Competition, Component, Entry, JudgeAssignment
from jiangxin.core.forms import FiniteDecimalField


class AppealForm(forms.Form):
    entry = forms.ModelChoiceField(
        label=_("选手"),
        queryset=Entry.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("请选择申诉的选手"),
            "invalid_choice": _("请选择申诉的选手"),
        },
    )
    reason = forms.CharField(
        label=_("申诉的事实与理由"),
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": _("写明对哪一项评分有异议、依据是什么")}
        ),
        error_messages={"required": _("请写明申诉的事实与理由（至少 10 个字）")},
    )

    # The page the form was sent from, to return to: the appeals page, the competition page or
    # the contestant's own record.
    back = forms.ChoiceField(
        choices=[("appeals", "appeals"), ("competition", "competition"), ("record", "record")],
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, entries, back: str = "appeals", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["back"].initial = back
        entries = list(entries)
        field = self.fields["entry"]
        field.queryset = Entry.objects.filter(pk__in=[e.pk for e in entries]).select_related(
            "worker"
        )
        field.label_from_instance = lambda e: f"{e.worker.name}（{e.code}）"
        if len(entries) == 1:  # one's own entry: nothing to choose
            field.widget = forms.HiddenInput()
            field.initial = entries[0].pk


class RulingForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("裁决"),
        choices=[("1", _("申诉成立")), ("0", _("驳回申诉"))],
        coerce=lambda v: v == "1",
        error_messages={"required": _("请选择申诉成立或驳回")},
    )
    ruling = forms.CharField(
        label=_("仲裁意见"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请写明仲裁意见")},
    )


class RemarkForm(forms.Form):
    """One change of a re-mark: a judge's mark for an aspect, or an exam score."""

    code = forms.CharField(
        label=_("加密号"), max_length=12, error_messages={"required": _("请填写选手的加密号")}
    )
    target = forms.ChoiceField(
        label=_("复核项"), error_messages={"required": _("请选择要复核的评分要点或考试")}
    )
    judge = forms.TypedChoiceField(label=_("裁判"), coerce=int, required=False, empty_value=None)
    value = FiniteDecimalField(
        label=_("复核分数"),
        min_value=0,
        max_digits=6,
        decimal_places=2,
        error_messages={
            "required": _("请填写复核后的分数"),
            "invalid": _("请填写数字分数，如 2 或 85.5"),
        },
    )

    def __init__(self, *args, competition: Competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.competition = competition
        aspects = (
            Aspect.objects.filter(criterion__component__competition=competition)
            .select_related("criterion__component")
            .order_by("criterion__component__order", "criterion__order", "order")
        )
        exams = competition.components.filter(rule=Component.Rule.EXAM)
        self.fields["target"].choices = [
            (f"aspect:{a.pk}", f"{a.criterion.component.name} · {a.description}") for a in aspects
        ] + [(f"exam:{c.pk}", c.name) for c in exams]
        judges = JudgeAssignment.objects.filter(competition=competition).select_related("user")
        self.fields["judge"].choices = [("", "—")] + sorted(
            {(j.user_id, str(j.user)) for j in judges}, key=lambda c: c[1]
        )

    def clean_code(self) -> Entry:
        code = self.cleaned_data["code"].strip().upper()
        entry = Entry.objects.filter(competition=self.competition, code=code).first()
        if entry is None:
            raise forms.ValidationError(_("没有加密号为“{code}”的选手").format(code=code))
        return entry

    def clean(self):
        data = super().clean()
        target = data.get("target", "")
        if target.startswith("aspect:") and not data.get("judge"):
            self.add_error("judge", _("复核评价分或测量分时，请选择复核评分的裁判"))
        return data

    def changes(self) -> list[dict]:
        d = self.cleaned_data
        kind, _sep, ref = d["target"].partition(":")
        value = str(d["value"])
        if kind == "exam":
            return [{"entry": d["code"].pk, "component": int(ref), "value": value}]
        return [{"entry": d["code"].pk, "aspect": int(ref), "judge": d["judge"], "value": value}]
