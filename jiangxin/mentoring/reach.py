"""What the mentoring app adds to a user's reach: the current pairs they teach or learn in, so
the menu can offer 我的带徒 / 我的师傅 without a query of its own."""

from django.db.models import Case, CharField, Q, QuerySet, Value, When
from django.db.models.functions import Cast


def pairs(user) -> QuerySet:
    """("master", "<pair id>") for each current pair the user teaches in, ("apprentice", …) for
    each they learn in."""
    from jiangxin.mentoring.models import Pair

    return (
        Pair.objects.current()
        .filter(Q(master__account=user) | Q(apprentice__account=user))
        .order_by()
        .values_list(
            Case(
                When(master__account=user, then=Value("master")),
                default=Value("apprentice"),
                output_field=CharField(),
            ),
            Cast("pk", output_field=CharField()),
        )
    )
