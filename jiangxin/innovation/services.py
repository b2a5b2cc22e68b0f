"""Registering and changing studios and their teams. Each function takes the acting user (``by``)
and their address (``ip``), runs in one transaction, checks ``innovation.policies``, stores
through ``save_audited`` and refuses with a Chinese ``ValidationError`` by field — nothing is
written when it refuses.

The lead is checked against the lead rule of the studio's kind from the roster (their honours
and skill level) whenever the lead or the kind is set or changed; the refusal names what is
missing."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.audit.services import diff, save_audited
from jiangxin.core import uploads
from jiangxin.innovation import policies
from jiangxin.innovation.models import NamingEvidence, Studio, StudioMember
from jiangxin.innovation.models.studios import lead_verdict
from jiangxin.organisations.models import Enterprise, Organisation
from jiangxin.workers.models import Worker

if TYPE_CHECKING:
    from jiangxin.accounts.models import User

# What the studio's form changes (``edit_studio``). The state and the naming (body, level once
# named, date, plaque, delisting) move only through logged steps: a batch's naming
# (``services_naming``), the assessment (``services_record``), ``record_existing_naming``.
FORM_FIELDS = (
    "name",
    "kind",
    "naming_level",
    "enterprise",
    "lead",
    "focus",
    "address",
    "floor_area",
    "founded",
)
EDITABLE = (
    "name",
    "kind",
    "naming_level",
    "naming_body",
    "enterprise",
    "lead",
    "focus",
    "address",
    "floor_area",
    "founded",
    "plaque_number",
    "state",
    "named_on",
    "delisted_on",
    "barred_until",
)
DUPLICATE = ValidationError(
    {"plaque_number": _("牌匾编号已被其他工作室使用，或本企业已有同名工作室")}
)


def _snapshot(studio: Studio) -> dict[str, Any]:
    """The record's fields as the audit stores them (a Decimal as its text)."""
    values = {key: getattr(studio, key) for key in EDITABLE}
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in values.items()}


def _check_lead(studio: Studio) -> None:
    lead = studio.lead
    if lead.enterprise_id != studio.enterprise_id:
        raise ValidationError({"lead": _("领办人须为依托企业的职工（名册中的工作单位）")})
    verdict = lead_verdict(studio.kind, lead)
    if not verdict.qualified:
        raise ValidationError(
            {
                "lead": [
                    _("{name}不符合{kind}领办人条件：{why}").format(
                        name=lead.name, kind=studio.get_kind_display(), why=why
                    )
                    for why in verdict.missing
                ]
            }
        )
    if studio.pk and studio.members.current().filter(worker=lead).exists():
        raise ValidationError({"lead": _("该职工已是本工作室成员，请先将其移出成员再设为领办人")})


def _check_naming_body(studio: Studio) -> None:
    body = studio.naming_body
    if body is None:
        return
    if not studio.organisation.path.startswith(body.path) or not body.is_federation:
        raise ValidationError(
            {"naming_body": _("命名单位须为依托企业所在的上级总工会（镇、县、市、省、全国）")}
        )
    if body.kind != studio.naming_level:
        raise ValidationError(
            {
                "naming_level": _("命名单位是{kind}，命名级别应为{level}").format(
                    kind=body.get_kind_display(), level=Studio.Level(body.kind).label
                )
            }
        )


def _place(studio: Studio, enterprise: Enterprise) -> None:
    studio.enterprise = enterprise
    studio.organisation = enterprise.union
    studio.org_path = enterprise.union.path


@transaction.atomic
def create_studio(
    *,
    by: User,
    ip: str | None = None,
    enterprise: Enterprise,
    lead: Worker,
    naming_body: Organisation | None = None,
    **fields: Any,
) -> Studio:
    """Register a studio hosted by ``enterprise`` and led by ``lead``."""
    enterprise = Enterprise.objects.select_related("union").get(pk=enterprise.pk)
    if not policies.can_register_studio(by, enterprise):
        raise PermissionDenied(_("只能登记本工会及下级工会所属企业的工作室"))
    studio = Studio(lead=lead, naming_body=naming_body, **fields)
    _place(studio, enterprise)
    studio.full_clean()
    _check_naming_body(studio)
    _check_lead(studio)
    return save_audited(
        studio,
        by=by,
        ip=ip,
        org_path=studio.org_path,
        clean=False,
        changes=diff({}, _snapshot(studio)),
        duplicate=DUPLICATE,
    )


def edit_studio(*, by: User, ip: str | None = None, studio: Studio, **fields: Any) -> Studio:
    """The studio's form: its record (``FORM_FIELDS``), never its state or naming. The naming
    level is the level applied for while the studio is 申报中; once named it is the naming's."""
    unknown = set(fields) - set(FORM_FIELDS)
    if unknown:
        raise ValueError(f"not editable on the form: {sorted(unknown)}")
    level = fields.get("naming_level")
    if level and level != studio.naming_level and studio.state != Studio.State.APPLYING:
        raise ValidationError(
            {"naming_level": _("命名级别由命名时确定，已命名的工作室不能在此修改")}
        )
    return update_studio(by=by, ip=ip, studio=studio, **fields)


@transaction.atomic
def update_studio(*, by: User, ip: str | None = None, studio: Studio, **fields: Any) -> Studio:
    """Change a studio's record; the lead is checked again when the lead or the kind changes.
    The state and naming fields are for the logged steps (naming, assessment, an existing
    naming recorded, the demo's loader); the form goes through ``edit_studio``."""
    studio = Studio.objects.select_for_update().select_related("organisation").get(pk=studio.pk)
    if not policies.can_edit_studio(by, studio):
        raise PermissionDenied(_("只有依托企业所属工会及上级工会的管理员可以修改工作室"))
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    before = _snapshot(studio)
    enterprise = fields.pop("enterprise", studio.enterprise)
    for key, value in fields.items():
        setattr(studio, key, value)
    if enterprise.pk != before["enterprise"].pk:
        enterprise = Enterprise.objects.select_related("union").get(pk=enterprise.pk)
        if not policies.can_register_studio(by, enterprise):
            raise PermissionDenied(_("只能把工作室移到本工会及下级工会所属的企业"))
        _place(studio, enterprise)
    studio.full_clean()
    _check_naming_body(studio)
    after = _snapshot(studio)
    if (
        after["lead"].pk != before["lead"].pk
        or after["kind"] != before["kind"]
        or after["enterprise"].pk != before["enterprise"].pk
    ):
        _check_lead(studio)
    return save_audited(
        studio,
        by=by,
        ip=ip,
        org_path=studio.org_path,
        clean=False,
        changes=diff(before, after),
        duplicate=DUPLICATE,
    )


@transaction.atomic
def record_existing_naming(
    *,
    by: User,
    ip: str | None = None,
    studio: Studio,
    naming_level: str,
    naming_body: Organisation | None,
    outside_body: str = "",
    named_on: datetime.date,
    plaque_number: str = "",
    note: str,
    files: Sequence[Any],
) -> Studio:
    """登记既有命名: a 申报中 studio named before the platform, or by a body outside it, is set
    named as that naming says (``policies.can_record_existing_naming``) and the step is a
    ``StudioEvent`` giving the body, the date, the plaque and the evidence cited in ``note``,
    with 1–5 ``files`` (the naming document, the plaque's photo: PDF, JPG or PNG, checked by
    size and content as an application's materials are) kept as its ``NamingEvidence`` — every
    file checked before anything is written."""
    from jiangxin.innovation.models import StudioEvent

    studio = Studio.objects.select_for_update().get(pk=studio.pk)
    if studio.state != Studio.State.APPLYING:
        raise ValidationError(_("只有申报中的工作室可以登记既有命名"))
    if not policies.can_record_existing_naming(by, studio, naming_body):
        raise PermissionDenied(
            _("由命名单位（不在本平台的，由工作室所在镇、街道总工会）及上级工会的管理员登记")
        )
    if naming_body is None and not outside_body.strip():
        raise ValidationError({"outside_body": _("请填写命名单位名称，如“全国总工会”")})
    if not note.strip():
        raise ValidationError({"note": _("请写明命名依据，如命名文件的名称和文号")})
    if named_on < studio.founded:
        raise ValidationError(
            {"named_on": _("命名日期不能早于成立日期 {day}").format(day=studio.founded)}
        )
    checked = uploads.check_documents(
        files,
        max_files=NamingEvidence.MAX_FILES,
        max_bytes=settings.STUDIO_ATTACHMENT_MAX_BYTES,
        what=_("命名文件或牌匾照片"),
    )
    studio = update_studio(
        by=by,
        ip=ip,
        studio=studio,
        state=Studio.State.NAMED,
        named_on=named_on,
        naming_body=naming_body,
        naming_level=naming_level,
        plaque_number=plaque_number.strip(),
    )
    body = naming_body.name if naming_body else outside_body.strip()
    reason = _("{body}命名为{level}{kind}").format(
        body=body, level=studio.get_naming_level_display(), kind=studio.get_kind_display()
    )
    if plaque_number.strip():
        reason += _("，牌匾编号 {plaque}").format(plaque=plaque_number.strip())
    reason += _("。依据：{note}（附命名文件 {n} 个）").format(note=note.strip(), n=len(checked))
    event = save_audited(
        StudioEvent(
            studio=studio, kind=StudioEvent.Kind.RECORDED, day=named_on, reason=reason, by=by
        ),
        by=by,
        ip=ip,
        org_path=studio.org_path,
        changes={"files": [str(u.name)[:60] for u, _k in checked]},
    )
    uploads.store_documents(
        checked,
        folder="innovation/naming",
        create=lambda upload, kind, name: NamingEvidence.objects.create(
            studio=studio,
            event=event,
            file=name,
            original_name=str(upload.name)[:100],
            kind=kind,
            size=upload.size,
            uploaded_by=by,
        ),
    )
    return studio


@transaction.atomic
def add_member(
    *,
    by: User,
    ip: str | None = None,
    studio: Studio,
    worker: Worker,
    role: str = StudioMember.Role.MEMBER,
    joined: datetime.date | None = None,
) -> StudioMember:
    """Add ``worker`` to the studio's team (the studio's row locked: one add at a time)."""
    studio = Studio.objects.select_for_update().get(pk=studio.pk)
    if not policies.can_manage_members(by, studio):
        raise PermissionDenied(
            _("只有工作室所属工会的管理员可以调整成员；已摘牌或撤销的工作室不能调整")
        )
    if not Worker.objects.visible_to(by).filter(pk=worker.pk).exists():
        raise ValidationError({"worker": _("只能添加本工会范围内名册中的职工")})
    if worker.pk == studio.lead_id:
        raise ValidationError(
            {"worker": _("{name}是本工作室的领办人，不必再加为成员").format(name=worker.name)}
        )
    if studio.members.current().filter(worker=worker).exists():
        raise ValidationError({"worker": _("{name}已是本工作室成员").format(name=worker.name)})
    member = StudioMember(
        studio=studio, worker=worker, role=role, joined=joined or timezone.localdate()
    )
    return save_audited(
        member,
        by=by,
        ip=ip,
        org_path=studio.org_path,
        object_repr=f"{studio.name}：{worker.name}",
        duplicate=ValidationError({"worker": _("{name}已是本工作室成员").format(name=worker.name)}),
    )


@transaction.atomic
def remove_member(
    *, by: User, ip: str | None = None, member: StudioMember, left: datetime.date | None = None
) -> StudioMember:
    """The member leaves the team on ``left`` (today by default); the row stays as history."""
    member = (
        StudioMember.objects.select_for_update()
        .select_related("studio", "worker")
        .get(pk=member.pk)
    )
    if not policies.can_manage_members(by, member.studio):
        raise PermissionDenied(
            _("只有工作室所属工会的管理员可以调整成员；已摘牌或撤销的工作室不能调整")
        )
    if member.left is not None:
        raise ValidationError(
            _("{name}已于 {day} 退出本工作室").format(name=member.worker.name, day=member.left)
        )
    left = left or timezone.localdate()
    if left < member.joined:
        raise ValidationError(
            {"left": _("退出日期不能早于加入日期 {day}").format(day=member.joined)}
        )
    member.left = left
    return save_audited(
        member,
        by=by,
        ip=ip,
        org_path=member.studio.org_path,
        object_repr=f"{member.studio.name}：{member.worker.name}",
        changes={"left": ["", str(left)]},
    )
