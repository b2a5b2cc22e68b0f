"""What the privacy app adds to a user's reach: the notice versions the account has accepted,
as ("notice", "<version>") rows. Read with the rest of the reach in its one query per request,
so checking consent on every page costs nothing more."""

from django.db.models import CharField, QuerySet, Value
from django.db.models.functions import Cast


def accepted_notices(user) -> QuerySet:
    from jiangxin.privacy.models import Consent

    return (
        Consent.objects.filter(user=user)
        .order_by()
        .values_list(Value("notice"), Cast("version", output_field=CharField()))
    )
