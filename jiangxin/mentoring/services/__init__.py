"""名师带高徒: every change to programmes and pairs goes through these functions, by stage —
``pairs`` (programmes, proposing, approving, ending, preferences, exclusions), ``checkins``
(monthly logs, assessments), ``runs`` (the matcher's runs and accepting them), ``stipends``.
Each takes the acting user (``by``) and their address (``ip``), never the request; who may act
is decided in ``jiangxin.mentoring.policies``."""

from jiangxin.mentoring.services.checkins import (
    assess,
    delete_checkin,
    record_checkin,
    update_checkin,
)
from jiangxin.mentoring.services.pairs import (
    add_exclusion,
    add_months,
    approve_pair,
    create_programme,
    end_pair,
    master_rules,
    person,
    propose_pair,
    set_preferences,
    update_programme,
)
from jiangxin.mentoring.services.runs import accept_matching, eligible_masters, run_matching
from jiangxin.mentoring.services.stipends import stipend_statement

__all__ = [
    "accept_matching",
    "add_exclusion",
    "add_months",
    "approve_pair",
    "assess",
    "create_programme",
    "delete_checkin",
    "eligible_masters",
    "end_pair",
    "master_rules",
    "person",
    "propose_pair",
    "record_checkin",
    "run_matching",
    "set_preferences",
    "stipend_statement",
    "update_checkin",
    "update_programme",
]
