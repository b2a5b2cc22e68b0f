"""Forms of the organiser's set-up pages that are not the competition's own: the parts'
weights, and the empty form an irreversible step or a removal posts (a form all the same, so
every view binds one)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jiangxin.competitions.models import Competition


class ConfirmForm(forms.Form):
    """A confirmed step or removal: nothing to fill in; the page said what it does."""


class WeightsForm(forms.Form):
    """One weight (%) per component; they add up to 100 (checked by the service)."""

    def __init__(self, *args, competition: Competition, **kwargs):
        super().__init__(*args, **kwargs)
        self.components = list(competition.components.all())
        for c in self.components:
            self.fields[f"weight_{c.pk}"] = forms.IntegerField(
                label=_("{name}权重（%）").format(name=c.name),
                min_value=1,
                max_value=100,
                initial=c.weight,
                error_messages={
                    "required": _("请填写权重"),
                    "min_value": _("权重须在 1 到 100 之间"),
                    "max_value": _("权重须在 1 到 100 之间"),
                    "invalid": _("权重请填整数"),
                },
            )

    def weights(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"weight_{c.pk}"] for c in self.components}
