"""What the innovation app adds to a user's reach: the naming batches they score as an expert
(so the menu offers 工作室评审 to an expert with no union grant), and the studios they lead or
belong to (the menu's 我的工作室, ``my_studios_entry``)."""

from django.db.models import CharField, QuerySet, Value
from django.db.models.functions import Cast


def studio_expert(user) -> QuerySet:
    """("studio_expert", "<batch id>") for each naming batch the user scores."""
    from jiangxin.innovation.models import BatchExpert

    return (
        BatchExpert.objects.filter(account=user)
        .order_by()
        .values_list(Value("studio_expert"), Cast("batch_id", output_field=CharField()))
    )


def studio_team(user) -> QuerySet:
    """("studio", "<studio id>") for each studio the user leads or is a current member of,
    through the roster record bound to their account (the menu's 我的工作室)."""
    from django.db.models import Q

    from jiangxin.innovation.models import Studio, StudioMember

    member = StudioMember.objects.filter(worker__account=user, left__isnull=True)
    return (
        Studio.objects.filter(Q(lead__account=user) | Q(pk__in=member.values("studio_id")))
        .order_by()
        .values_list(Value("studio"), Cast("pk", output_field=CharField()))
    )


def my_studios_entry(reach) -> tuple[str, str] | None:
    """(label, url) of 我的工作室: the studio itself when there is one, the list when several;
    None for someone in no studio. Read from the reach, so no query."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    ids = sorted(int(v) for k, v in reach.duties if k == "studio")
    if not ids:
        return None
    if len(ids) == 1:
        return _("我的工作室"), reverse("studio_detail", args=[ids[0]])
    return _("我的工作室"), reverse("my_studios")
