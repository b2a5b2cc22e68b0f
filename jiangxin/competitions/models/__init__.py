"""The competitions' models, one module per stage; everything is importable from here
(``from jiangxin.competitions.models import Entry``), as the migrations do."""

from .appeals import Appeal, Remark
from .certificates import Certificate, CertificateQuerySet, new_certificate_code
from .competition import Competition, CompetitionQuerySet, Component
from .registration import Delegation, Entry
from .scheme import Aspect, Criterion, JudgeAssignment
from .scores import ExamScore, Result, Score

__all__ = [
    "Appeal",
    "Aspect",
    "Certificate",
    "CertificateQuerySet",
    "Competition",
    "CompetitionQuerySet",
    "Component",
    "Criterion",
    "Delegation",
    "Entry",
    "ExamScore",
    "JudgeAssignment",
    "Remark",
    "Result",
    "Score",
    "new_certificate_code",
]
