"""The mentoring pages: one view per action, each binding a form (query strings too); who may
act is asked of ``policies``, changes go through ``services``."""

from jiangxin.mentoring.views.checkins import checkin_delete, checkin_edit
from jiangxin.mentoring.views.matching import match, match_accept, match_run
from jiangxin.mentoring.views.pairs import (
    my_pairs,
    pair_agreement,
    pair_approve,
    pair_assess,
    pair_checkin,
    pair_detail,
    pair_end,
)
from jiangxin.mentoring.views.programmes import (
    preferences,
    programme_create,
    programme_detail,
    programme_list,
    programme_rules,
    stipends,
)

__all__ = [
    "checkin_delete",
    "checkin_edit",
    "match",
    "match_accept",
    "match_run",
    "my_pairs",
    "pair_agreement",
    "pair_approve",
    "pair_assess",
    "pair_checkin",
    "pair_detail",
    "pair_end",
    "preferences",
    "programme_create",
    "programme_detail",
    "programme_list",
    "programme_rules",
    "stipends",
]
