"""The forms of the exam pages: each view binds one; messages in Chinese, on the field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jiangxin.core import uploads
from jiangxin.core.forms import FiniteDecimalField, PageField
from jiangxin.exams.models import Question, Sitting
from jiangxin.organisations.models import Organisation
from jiangxin.workers.models import Occupation

RULE_ROWS = 6


def _integer(label, *, min_value: int, max_value: int, required: bool = True, **kw):
    return forms.IntegerField(
        label=label,
        min_value=min_value,
        max_value=max_value,
        required=required,
        error_messages={
            "required": _("请填写{label}").format(label=label),
            "invalid": _("{label}应为整数，如 {example}").format(
                label=label, example=kw.pop("example", 10)
            ),
            "min_value": _("{label}不能小于 {n}").format(label=label, n=min_value),
            "max_value": _("{label}不能大于 {n}").format(label=label, n=max_value),
        },
        **kw,
    )


class BankFilterForm(forms.Form):
    occupation = forms.ModelChoiceField(
        label=_("职业（工种）"),
        queryset=Occupation.objects.none(),
        required=False,
        empty_label=_("全部"),
        error_messages={"invalid_choice": _("所选职业（工种）不存在，已显示全部题目")},
    )
    page = PageField(
        widget=forms.NumberInput,
        error_messages={
            "invalid": _("页码应为正整数，已显示第一页"),
            "min_value": _("页码应为正整数，已显示第一页"),
        },
    )

    def __init__(self, *args, occupations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occupation"].queryset = occupations


class QuestionImportForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("题库所属单位"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("请选择题库所属单位"),
            "invalid_choice": _("只能向本单位及下级单位的题库导入题目，请重新选择"),
        },
    )
    occupation = forms.ModelChoiceField(
        label=_("职业（工种）"),
        queryset=Occupation.objects.order_by("code"),
        empty_label=None,
        error_messages={
            "required": _("请选择职业（工种）"),
            "invalid_choice": _("所选职业（工种）不存在，请重新选择"),
        },
    )
    file = forms.FileField(
        label=_("题库文件（.xlsx、.xls 或 .csv）"),
        error_messages={
            "required": _("请选择要上传的题库文件"),
            "empty": _("上传的文件是空的，请检查后重新选择"),
            "invalid": _("没有收到文件，请重新选择"),
        },
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].label_from_instance = lambda o: o.name
        self.fields["occupation"].label_from_instance = lambda o: f"{o.name}（{o.code}）"

    def clean_file(self):
        from jiangxin.exams.services import MAX_BANK_FILE

        upload = self.cleaned_data["file"]
        uploads.check_spreadsheet_upload(upload, max_bytes=MAX_BANK_FILE)
        return upload


class PaperRulesForm(forms.Form):
    """Up to ``RULE_ROWS`` rule lines (a blank count skips the line), the time, the shuffle."""

    duration = _integer(
        _("考试时长（分钟）"),
        min_value=5,
        max_value=300,
        example=60,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    shuffle = forms.BooleanField(label=_("每位选手题目和选项顺序打乱（题目相同）"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(RULE_ROWS):
            n = i + 1
            self.fields[f"kind_{i}"] = forms.ChoiceField(
                label=_("题型 {n}").format(n=n),
                choices=[("", "—"), *Question.Kind.choices],
                required=False,
                error_messages={"invalid_choice": _("请从列表中选择题型")},
                widget=forms.Select(attrs={"aria-label": _("题型 {n}").format(n=n)}),
            )
            self.fields[f"topic_{i}"] = forms.CharField(
                label=_("知识点 {n}").format(n=n),
                max_length=50,
                required=False,
                error_messages={"max_length": _("知识点最多 50 个字")},
                widget=forms.TextInput(
                    attrs={"list": "topics", "aria-label": _("知识点 {n}").format(n=n)}
                ),
            )
            self.fields[f"count_{i}"] = _integer(
                _("题数"), min_value=1, max_value=500, required=False, example=5
            )
            self.fields[f"count_{i}"].widget = forms.TextInput(
                attrs={"inputmode": "numeric", "size": 4, "aria-label": _("题数 {n}").format(n=n)}
            )
            self.fields[f"points_{i}"] = FiniteDecimalField(
                label=_("每题分值 {n}").format(n=n),
                required=False,
                min_value=Decimal("0.01"),
                max_value=Decimal(100),
                decimal_places=2,
                error_messages={
                    "invalid": _("每题分值应为数字，如 2 或 2.5"),
                    "min_value": _("每题分值应大于 0"),
                    "max_value": _("每题分值不能超过 100 分"),
                    "max_decimal_places": _("每题分值最多保留两位小数"),
                },
                widget=forms.TextInput(
                    attrs={
                        "inputmode": "decimal",
                        "size": 4,
                        "aria-label": _("每题分值 {n}").format(n=n),
                    }
                ),
            )

    def rule_fields(self) -> list[list[forms.BoundField]]:
        """The rule lines' fields, one list per row, for the page's table."""
        return [
            [self[f"{key}_{i}"] for key in ("kind", "topic", "count", "points")]
            for i in range(RULE_ROWS)
        ]

    def clean(self):
        cleaned = super().clean()
        for i in range(RULE_ROWS):
            count, points = cleaned.get(f"count_{i}"), cleaned.get(f"points_{i}")
            if count is None:
                continue
            if not cleaned.get(f"kind_{i}"):
                self.add_error(f"kind_{i}", _("请为第 {n} 行选择题型").format(n=i + 1))
            if points is None and f"points_{i}" not in self.errors:
                self.add_error(f"points_{i}", _("请填写第 {n} 行的每题分值").format(n=i + 1))
        return cleaned

    def service_rows(self) -> list[dict[str, str]]:
        return [
            {
                "kind": self.cleaned_data.get(f"kind_{i}") or "",
                "topic": self.cleaned_data.get(f"topic_{i}") or "",
                "count": str(self.cleaned_data[f"count_{i}"]),
                "points": str(self.cleaned_data.get(f"points_{i}")),
            }
            for i in range(RULE_ROWS)
            if self.cleaned_data.get(f"count_{i}") is not None
        ]

    @staticmethod
    def initial_for(paper) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "duration": paper.duration_minutes if paper else 60,
            "shuffle": paper.shuffle if paper else True,
        }
        for i, rule in enumerate((paper.rules if paper else [])[:RULE_ROWS]):
            for key in ("kind", "topic", "count", "points"):
                initial[f"{key}_{i}"] = rule.get(key, "")
        return initial


class SittingAnswersForm(forms.Form):
    """The answers on an exam page: one field ``q<id>`` per question of the sitting (option
    indices in the bank's numbering), and whether the page's clock ran out."""

    time_up = forms.BooleanField(required=False)

    def __init__(self, *args, sitting: Sitting, **kwargs):
        super().__init__(*args, **kwargs)
        self.sitting = sitting
        for q, order in sitting.arrangement:
            self.fields[f"q{q}"] = forms.TypedMultipleChoiceField(
                choices=[(str(i), str(i)) for i in order],
                coerce=int,
                required=False,
                error_messages={"invalid_choice": _("所选选项不存在，请刷新页面后重新作答")},
            )

    def sent(self) -> list[tuple[int, list[int]]]:
        """The answers the page sent (a question not sent is left as saved)."""
        return [
            (q, self.cleaned_data[f"q{q}"])
            for q, _order in self.sitting.arrangement
            if f"q{q}" in self.data
        ]


class AnswerForm(SittingAnswersForm):
    """One answer saved as it is given (the exam page's HTMX call)."""

    question = forms.TypedChoiceField(
        coerce=int,
        choices=[],
        error_messages={
            "required": _("答案格式不正确，请刷新页面后重新作答"),
            "invalid_choice": _("该题不在您的试卷中"),
        },
    )

    def __init__(self, *args, sitting: Sitting, **kwargs):
        super().__init__(*args, sitting=sitting, **kwargs)
        self.fields["question"].choices = [(str(q), str(q)) for q, _o in sitting.arrangement]

    def answer(self) -> tuple[int, list[int]]:
        question = self.cleaned_data["question"]
        return question, self.cleaned_data.get(f"q{question}") or []
