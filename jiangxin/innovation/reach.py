"""What the innovation app adds to a user's reach: the naming batches they score as an expert
(so the menu offers 工作室评审 to an expert with no union grant)."""

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
