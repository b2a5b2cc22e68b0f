"""Who keeps a union's assessment indicator sheet (考核指标表), and when it is frozen.

- A sheet is seen by the staff of its node's subtree-above (``AssessmentSheet.objects.
  visible_to``) and kept by the admins of its node and above; a sheet is set for a federation node
  (town and above): it applies to the studios of the node's subtree unless a node below has one.
- A node has one current sheet. Once an assessment has been scored on it, it is frozen — the
  studios of a year must be measured alike — and a change is a new edition copied from it,
  which applies from the next assessment (those recorded keep their lines as scored). An older
  edition is read only.
The freeze is the Chinese sentence the page shows; the services refuse with the same words.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from jiangxin.accounts.access import reach_of


def can_keep_sheet(user: Any, organisation) -> bool:
    """A sheet for ``organisation``: its admins (and above), on a federation node."""
    return organisation.is_federation and reach_of(user).can_edit_path(organisation.path)


def sheet_frozen_reason(sheet) -> str:
    if sheet.superseded_at is not None:
        return _("这是已停用的旧版本，只能查看。")
    used = sheet.assessments.count()
    if used:
        return _(
            "已有 {n} 份考核按此指标表评分，不能再修改。如需调整，请复制为新版本："
            "新版本用于此后的考核，已有考核的得分不变。"
        ).format(n=used)
    return ""


def can_change_sheet(user: Any, sheet) -> bool:
    return not sheet_frozen_reason(sheet) and can_keep_sheet(user, sheet.organisation)


def can_copy_sheet(user: Any, sheet) -> bool:
    """A new edition of the current sheet, once the current one is frozen by use."""
    return (
        sheet.superseded_at is None
        and sheet.assessments.exists()
        and can_keep_sheet(user, sheet.organisation)
    )
