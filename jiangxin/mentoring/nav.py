"""The mentoring entry of a worker's menu."""

from __future__ import annotations

from django.utils.translation import gettext as _

from jiangxin.accounts.access import Reach


def my_pairs_label(reach: Reach) -> str | None:
    """ "我的带徒" for a worker teaching a current pair, "我的师傅" for one learning in a current
    pair, None for anyone else. Read from the reach (mentoring/reach.py), so no query."""
    if reach.has("master"):
        return _("我的带徒")
    if reach.has("apprentice"):
        return _("我的师傅")
    return None
