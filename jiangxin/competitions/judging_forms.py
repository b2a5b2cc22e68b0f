"""The judges' and the theory marks' forms: every typed number refused in Chinese when it is not
one (NaN and inf too); the rules on the values themselves stay in the services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from jiangxin.competitions.models import Aspect
from jiangxin.competitions.services.judging import exam_score_value, parse_mark
from jiangxin.core import uploads

JUDGEMENT_CHOICES = [(str(i), str(i)) for i in range(4)]


class ScoreForm(forms.Form):
    """One entry's marks from one judge: a 0–3 choice per judgement aspect, a deduction per
    measurement aspect (blank: not marked yet). ``then`` is the button pressed: save and stay,
    or save and go to the next entry still to be scored."""

    then = forms.ChoiceField(
        choices=[("stay", _("保存")), ("next", _("保存并下一位"))], required=False
    )

    def __init__(self, *args, aspects: list[Aspect], read_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.aspects = aspects
        for aspect in aspects:
            name = f"a{aspect.pk}"
            if aspect.kind == Aspect.Kind.JUDGEMENT:
                self.fields[name] = forms.ChoiceField(
                    label=aspect.description,
                    choices=JUDGEMENT_CHOICES,
                    required=False,
                    widget=forms.RadioSelect,
                    error_messages={"invalid_choice": _("请选择 0、1、2、3 中的一档")},
                )
            else:
                self.fields[name] = forms.CharField(
                    label=aspect.description,
                    required=False,
                    max_length=12,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
                )
            self.fields[name].disabled = read_only

    def clean(self):
        data = super().clean()
        for aspect in self.aspects:
            name = f"a{aspect.pk}"
            raw = data.get(name)
            if aspect.kind == Aspect.Kind.MEASUREMENT and raw not in (None, ""):
                try:
                    data[name] = parse_mark(raw, description=aspect.description, what=_("扣分"))
                except ValidationError as err:
                    self.add_error(name, err)
        return data

    def marks(self) -> list[tuple[Aspect, int | None, object | None]]:
        """(aspect, judgement value, deduction) for every aspect the judge filled in."""
        out = []
        for aspect in self.aspects:
            value = self.cleaned_data.get(f"a{aspect.pk}")
            if value in (None, ""):
                continue
            if aspect.kind == Aspect.Kind.JUDGEMENT:
                out.append((aspect, int(value), None))
            else:
                out.append((aspect, None, value))
        return out


class TheoryMarksForm(forms.Form):
    """One field per contestant, named ``m<entry id>``, in the page's order."""

    def __init__(self, *args, entries, scores, read_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries = entries
        for entry in entries:
            current = scores.get(entry.pk)
            self.fields[f"m{entry.pk}"] = forms.CharField(
                label=entry.code,
                required=False,
                max_length=12,
                initial=f"{current:f}" if current is not None else "",
                disabled=read_only,
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "autocomplete": "off", "class": "mark"}
                ),
            )

    def clean(self):
        data = super().clean()
        for entry in self.entries:
            name = f"m{entry.pk}"
            raw = (data.get(name) or "").strip()
            data[name] = raw
            if raw:
                try:
                    exam_score_value(raw)
                except ValidationError as err:
                    self.add_error(name, err)
        return data

    def rows(self):
        from jiangxin.competitions.services.theory_marks import MarkRow

        return [
            MarkRow(row=i, code=entry.code, score=self.cleaned_data.get(f"m{entry.pk}", ""))
            for i, entry in enumerate(self.entries, start=1)
        ]


class TheoryImportForm(forms.Form):
    file = forms.FileField(
        label=_("成绩表（.xlsx）"),
        error_messages={"required": _("请选择从本页下载并填好成绩的 Excel 文件")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise ValidationError(_("文件超过 5 MB，请只保留成绩表后再上传"))
        uploads.check_spreadsheet_upload(upload, max_bytes=5 * 1024 * 1024)
        return upload
