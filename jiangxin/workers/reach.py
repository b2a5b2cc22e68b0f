"""What the workers app adds to a user's reach: the roster record bound to their account."""

from django.db.models import CharField, QuerySet, Value
from django.db.models.functions import Cast


def bound_record(user) -> QuerySet:
    """("worker", "<worker id>") for the roster record bound to the account, if any."""
    from jiangxin.workers.models import Worker

    return (
        Worker.objects.filter(account=user)
        .order_by()
        .values_list(Value("worker"), Cast("pk", output_field=CharField()))
    )
