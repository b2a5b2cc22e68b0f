"""The innovation app's models, one module per stage: ``studios`` (the registry: studios, their
members, the lead rules), ``record`` (quarterly reports, outputs, the annual assessment and the
studio's history), ``documents`` (the stored-upload fields, the evidence of a naming recorded
from outside the platform). Later stages add their own modules beside them and re-export here:
``contest`` and ``contest_review`` hold the 五小 innovation contest."""

from jiangxin.innovation.models.batches import *  # noqa: F403  (naming batches)
from jiangxin.innovation.models.batches_naming import *  # noqa: F403
from jiangxin.innovation.models.contest import *  # noqa: F403  (the 五小 contest)
from jiangxin.innovation.models.contest_parts import *  # noqa: F403
from jiangxin.innovation.models.contest_review import *  # noqa: F403
from jiangxin.innovation.models.documents import NamingEvidence
from jiangxin.innovation.models.projects import (
    Milestone,
    Project,
    ProjectFile,
    ProjectMember,
    SubsidyGrant,
    SubsidyLine,
)
from jiangxin.innovation.models.record import (
    AssessmentItem,
    AssessmentSheet,
    QuarterlyReport,
    StudioAssessment,
    StudioEvent,
    StudioOutput,
)
from jiangxin.innovation.models.studios import LeadRule, Studio, StudioMember

__all__ = [
    "AssessmentItem",
    "AssessmentSheet",
    "LeadRule",
    "Milestone",
    "NamingEvidence",
    "Project",
    "ProjectFile",
    "ProjectMember",
    "QuarterlyReport",
    "Studio",
    "StudioAssessment",
    "StudioEvent",
    "StudioMember",
    "StudioOutput",
    "SubsidyGrant",
    "SubsidyLine",
]
