"""A worker's studios for their record page (the skill passport): the studios they lead and
their memberships, as far as the viewer may see those studios."""

from __future__ import annotations

from typing import Any

from jiangxin.innovation.models import Studio, StudioMember


def studio_record(worker, user: Any) -> dict[str, list]:
    led = list(Studio.objects.visible_to(user).filter(lead=worker).order_by("-founded", "pk"))
    memberships = list(
        StudioMember.objects.visible_to(user)
        .filter(worker=worker)
        .select_related("studio")
        .order_by("left", "-joined", "pk")
    )
    return {"led": led, "memberships": memberships}
