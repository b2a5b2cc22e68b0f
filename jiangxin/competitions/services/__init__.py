"""Competition workflows, by stage: ``setup`` (competition, scheme, judges), ``registration``
(delegations, entries, eligibility, approval), ``draw`` (lifecycle steps up to the start and the
draw), ``judging`` (marks, exam scores), ``locking`` (what a lock lacks, the lock), ``results`` (scores, ranks, publishing),
``appeals`` (appeals and re-marks) and ``awards`` (certificates issued and revoked).

Every service is keyword-only and takes ``by`` (the acting user) and ``ip`` (the request's
address, for the audit log) — never the request. Who may do what is decided in
``jiangxin.competitions.policies``. Every public name is re-exported here, so callers write
``services.draw(...)``."""

from jiangxin.competitions.services._common import PUBLICITY_DAYS, TRANSITIONS, S
from jiangxin.competitions.services.appeals import (
    apply_remark,
    cancel_remark,
    file_appeal,
    prepare_remark,
    rule_appeal,
)
from jiangxin.competitions.services.awards import (
    certificate_date,
    issue_certificates,
    revoke_certificate,
)
from jiangxin.competitions.services.draw import draw, draw_lots, transition
from jiangxin.competitions.services.judging import (
    exclusion_reason,
    record_exam_score,
    record_score,
    spread_flags,
    store_exam_score,
)
from jiangxin.competitions.services.locking import (
    judges_needed,
    lock_component,
    mark_status,
    missing_marks,
    short_of_judges_consequence,
    short_of_judges_text,
)
from jiangxin.competitions.services.registration import (
    approve_entry,
    create_delegation,
    eligibility_problems,
    enter_self,
    enter_worker,
    enter_workers,
    facts_of,
    remove_entry,
    rules_of,
    set_leader,
)
from jiangxin.competitions.services.results import (
    component_scores,
    compute_results,
    finalise_results,
    judged_scores_in_python,
    publish_results,
    ranked_results,
    team_points,
    team_results,
)
from jiangxin.competitions.services.setup import (
    add_aspect,
    appoint_judge,
    create_competition,
    delete_aspect,
    delete_competition,
    recusals,
    remove_judge,
    scaling_note,
    scheme_total,
    set_weights,
    update_aspect,
    update_competition,
)
from jiangxin.competitions.services.spread import judge_label, judge_numbers

__all__ = [
    "PUBLICITY_DAYS",
    "S",
    "TRANSITIONS",
    "add_aspect",
    "apply_remark",
    "appoint_judge",
    "approve_entry",
    "cancel_remark",
    "certificate_date",
    "component_scores",
    "compute_results",
    "create_competition",
    "create_delegation",
    "delete_aspect",
    "delete_competition",
    "draw",
    "draw_lots",
    "eligibility_problems",
    "enter_self",
    "enter_worker",
    "enter_workers",
    "exclusion_reason",
    "facts_of",
    "file_appeal",
    "finalise_results",
    "issue_certificates",
    "judged_scores_in_python",
    "judges_needed",
    "lock_component",
    "missing_marks",
    "mark_status",
    "short_of_judges_consequence",
    "short_of_judges_text",
    "judge_label",
    "judge_numbers",
    "prepare_remark",
    "publish_results",
    "ranked_results",
    "record_exam_score",
    "record_score",
    "recusals",
    "remove_entry",
    "remove_judge",
    "revoke_certificate",
    "rule_appeal",
    "rules_of",
    "scaling_note",
    "scheme_total",
    "set_leader",
    "set_weights",
    "spread_flags",
    "store_exam_score",
    "team_points",
    "team_results",
    "transition",
    "update_aspect",
    "update_competition",
]
