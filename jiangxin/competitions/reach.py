"""What the competitions app adds to a user's reach: the competitions they are appointed to
judge."""

from django.db.models import CharField, QuerySet, Value
from django.db.models.functions import Cast


def judging(user) -> QuerySet:
    """("judge", "<competition id>") for each competition the user is appointed to judge."""
    from jiangxin.competitions.models import JudgeAssignment

    return (
        JudgeAssignment.objects.filter(user=user)
        .order_by()
        .values_list(Value("judge"), Cast("competition_id", output_field=CharField()))
    )
