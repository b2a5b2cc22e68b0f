"""Links into the judging and marks pages, shown only to those whose request would succeed."""

from django import template
from django.urls import reverse

from jiangxin.competitions import policies

register = template.Library()


@register.simple_tag
def paper_marks_url(component, user) -> str:
    """The marks page of a paper theory exam, for someone who may enter its marks; else ""."""
    if not policies.can_enter_paper_marks(user, component):
        return ""
    return reverse("theory_marks", args=[component.competition_id, component.pk])
