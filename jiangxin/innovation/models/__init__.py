"""The innovation app's models, one module per stage: ``studios`` (the registry: studios, their
members, the lead rules). Later stages (naming batches, the living record, projects) add their
own modules beside it and re-export here."""

from jiangxin.innovation.models.batches import *  # noqa: F403  (naming batches)
from jiangxin.innovation.models.batches_naming import *  # noqa: F403
from jiangxin.innovation.models.studios import LeadRule, Studio, StudioMember

__all__ = ["LeadRule", "Studio", "StudioMember"]
