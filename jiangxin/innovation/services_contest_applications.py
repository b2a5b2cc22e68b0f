"""The 五小 contest's applications up to the enterprise's endorsement: a draft (its fields, its
completers with their shares, 1–5 attachments and a cover image), its deletion, submission (the
eligibility check answered first) and the enterprise union's endorsement or return for
correction. Each function takes ``by`` and ``ip``, runs in one transaction, asks
``policies_contest`` and stores through ``save_audited``; a refusal is a Chinese
``ValidationError`` (by field) or ``PermissionDenied``, and then nothing is kept — files
included: every file is checked before any row is written, and stored last."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.audit.models import AuditEntry
from jiangxin.audit.services import delete_audited, record, save_audited
from jiangxin.core import uploads
from jiangxin.innovation import policies_contest as policies
from jiangxin.innovation.models import (
    ApplicationAttachment,
    ApplicationCompleter,
    ContestApplication,
    ContestEdition,
)
from jiangxin.innovation.models.contest import MAX_ATTACHMENTS, MAX_COMPLETERS
from jiangxin.innovation.services_contest import level_node
from jiangxin.innovation.services_contest_eligibility import (
    blocking,
    eligibility,
    warnings,
)

if TYPE_CHECKING:
    from jiangxin.accounts.models import User
    from jiangxin.organisations.models import Enterprise
    from jiangxin.workers.models import Worker

# What the application form fills (the service never takes the state, the union or the level).
FORM_FIELDS = (
    "title",
    "category",
    "project_type",
    "benefit_kind",
    "started_on",
    "completed_on",
    "background",
    "content",
    "innovation_points",
    "results",
    "benefit_amount",
    "benefit_basis",
    "benefit_from",
    "benefit_until",
    "studio",
    "studio_project",
    "in_gov_plan",
    "gov_awarded",
    "involves_secret",
    "national_security",
    "ip_dispute",
)
# Required before submission (a draft may leave them empty).
REQUIRED_TO_SUBMIT = ("background", "content", "innovation_points", "results")
FOLDER = "innovation/contest"


def _check_benefit(fields: dict[str, Any]) -> None:
    amount = fields.get("benefit_amount")
    exponent = amount.as_tuple().exponent if isinstance(amount, Decimal) else 0
    if isinstance(exponent, int) and exponent < -2:
        raise ValidationError(
            {"benefit_amount": _("经济效益以万元计，最多保留两位小数（如 12.35），请重新填写")}
        )


def _check_links(enterprise: Enterprise, fields: dict[str, Any]) -> None:
    studio, project = fields.get("studio"), fields.get("studio_project")
    if studio is not None and studio.enterprise_id != enterprise.pk:
        raise ValidationError({"studio": _("只能关联本企业的创新工作室")})
    if project is not None and (studio is None or project.studio_id != studio.pk):
        raise ValidationError({"studio_project": _("攻关项目须属于所选的创新工作室")})


def _check_completers(
    enterprise: Enterprise, completers: Sequence[tuple[Worker, int]]
) -> list[tuple[Worker, int]]:
    rows = list(completers)
    if not rows:
        raise ValidationError({"completers": _("请至少填写一名完成人")})
    if len(rows) > MAX_COMPLETERS:
        raise ValidationError({"completers": _("完成人最多 {n} 名").format(n=MAX_COMPLETERS)})
    ids = [w.pk for w, _s in rows]
    if len(set(ids)) != len(ids):
        raise ValidationError({"completers": _("同一名完成人只能填写一次")})
    outside = [w.name for w, _s in rows if w.enterprise_id != enterprise.pk]
    if outside:
        raise ValidationError(
            {
                "completers": _("完成人须为申报企业的职工：{names}不在{ent}的名册中").format(
                    names="、".join(outside), ent=enterprise.name
                )
            }
        )
    if any(not 1 <= s <= 100 for _w, s in rows):
        raise ValidationError({"completers": _("每名完成人的贡献占比应在 1–100% 之间")})
    total = sum(s for _w, s in rows)
    if total != 100:
        raise ValidationError(
            {"completers": _("完成人贡献占比合计应为 100%，现为 {n}%").format(n=total)}
        )
    return rows


def _checked_attachments(
    application: ContestApplication | None, files: Sequence[Any], cover: Any
) -> tuple[list[tuple[Any, str]], tuple[Any, str] | None]:
    have = application.attachments.filter(role="material").count() if application else 0
    if have + len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            {
                "files": _(
                    "申报材料最多 {max} 个，已有 {have} 个，又选了 {n} 个：请合并或删减后再上传"
                ).format(max=MAX_ATTACHMENTS, have=have, n=len(files))
            }
        )
    checked = (
        uploads.check_each(files, max_bytes=settings.STUDIO_ATTACHMENT_MAX_BYTES) if files else []
    )
    checked_cover = None
    if cover is not None:
        (checked_cover,) = uploads.check_each(
            [cover], max_bytes=settings.STUDIO_ATTACHMENT_MAX_BYTES, field="cover"
        )
        if checked_cover[1] not in ("jpeg", "png"):
            raise ValidationError(
                {"cover": _("“{name}”：封面须为 JPG 或 PNG 图片").format(name=str(cover.name)[:60])}
            )
    return checked, checked_cover


def _delete_after_commit(names: list[str]) -> None:
    """Stored files go once the rows that named them are gone for good."""

    def delete() -> None:
        for name in names:
            if name:
                default_storage.delete(name)

    transaction.on_commit(delete)


def _store(application, checked, checked_cover) -> None:
    """Store the checked files last (every refusal came before); a failure removes them."""
    stored: list[str] = []
    try:
        if checked_cover is not None:
            old = application.attachments.filter(role="cover").first()
            if old is not None:
                names = [old.file.name or ""]
                old.delete()
                _delete_after_commit(names)
        items = [(u, k, "material") for u, k in checked]
        if checked_cover is not None:
            items.append((*checked_cover, "cover"))
        for upload, kind, role in items:
            name = default_storage.save(uploads.stored_name(FOLDER, kind), upload)
            stored.append(name)
            ApplicationAttachment.objects.create(
                application=application,
                role=role,
                file=name,
                original_name=str(upload.name)[:100],
                kind=kind,
                size=upload.size,
            )
    except BaseException:
        for name in stored:  # the transaction rolls back; the files go with it
            default_storage.delete(name)
        raise


def _set_completers(application, rows) -> None:
    application.completers.all().delete()
    for order, (worker, share) in enumerate(rows, start=1):
        ApplicationCompleter.objects.create(
            application=application, worker=worker, order=order, share=share
        )


@transaction.atomic
def create_draft(
    *,
    by: User,
    ip: str | None = None,
    edition: ContestEdition,
    enterprise: Enterprise,
    completers: Sequence[tuple[Worker, int]] = (),
    files: Sequence[Any] = (),
    cover: Any = None,
    **fields: Any,
) -> ContestApplication:
    """A draft for ``enterprise`` in ``edition``; without completers, the worker filling it
    (their roster record) at 100%."""
    edition = ContestEdition.objects.select_for_update().get(pk=edition.pk)
    if frozen := policies.apply_frozen(edition):
        raise ValidationError(frozen)
    if not policies.applicant_enterprises(by, edition).filter(pk=enterprise.pk).exists():
        raise PermissionDenied(_("只能为本人所在企业、或本工会所属企业申报"))
    unknown = set(fields) - set(FORM_FIELDS)
    if unknown:
        raise ValueError(f"not form fields: {sorted(unknown)}")
    _check_benefit(fields)
    _check_links(enterprise, fields)
    if not completers:
        from jiangxin.workers.models import Worker

        own = Worker.objects.filter(account=by, enterprise=enterprise).first()
        completers = [(own, 100)] if own else []
    rows = _check_completers(enterprise, completers)
    checked, checked_cover = _checked_attachments(None, files, cover)
    application = ContestApplication(
        edition=edition,
        enterprise=enterprise,
        union=enterprise.union,
        org_path=enterprise.union.path,
        by_union=policies.applies_as_union(by, enterprise),
        created_by=by,
        **fields,
    )
    save_audited(
        application,
        by=by,
        ip=ip,
        org_path=application.org_path,
        changes={
            "completers": [f"{w.name} {s}%" for w, s in rows],
            "files": [str(u.name)[:60] for u, _k in checked],
        },
    )
    _set_completers(application, rows)
    _store(application, checked, checked_cover)
    return application


def _editable(by, application: ContestApplication) -> ContestApplication:
    application = (
        ContestApplication.objects.select_for_update()
        .select_related("edition", "enterprise")
        .get(pk=application.pk)
    )
    if frozen := policies.edit_frozen(application):
        raise ValidationError(frozen)
    if not policies.can_edit_application(by, application):
        raise PermissionDenied(_("只有申报人、完成人或申报企业工会可以修改"))
    return application


@transaction.atomic
def update_draft(
    *,
    by: User,
    ip: str | None = None,
    application: ContestApplication,
    completers: Sequence[tuple[Worker, int]] | None = None,
    files: Sequence[Any] = (),
    cover: Any = None,
    **fields: Any,
) -> ContestApplication:
    """Change a draft (or an application returned for correction): its fields, its completers
    (replaced together) and new attachments."""
    application = _editable(by, application)
    unknown = set(fields) - set(FORM_FIELDS)
    if unknown:
        raise ValueError(f"not form fields: {sorted(unknown)}")
    _check_benefit(fields)
    _check_links(application.enterprise, fields)
    rows = _check_completers(application.enterprise, completers) if completers is not None else None
    checked, checked_cover = _checked_attachments(application, files, cover)
    changes = {}
    for name, value in fields.items():
        old = getattr(application, name)
        if old != value:
            changes[name] = [str(old), str(value)]
            setattr(application, name, value)
    if rows is not None:
        changes["completers"] = [f"{w.name} {s}%" for w, s in rows]
    save_audited(application, by=by, ip=ip, org_path=application.org_path, changes=changes)
    if rows is not None:
        _set_completers(application, rows)
    _store(application, checked, checked_cover)
    return application


@transaction.atomic
def add_attachments(
    *,
    by: User,
    ip: str | None = None,
    application: ContestApplication,
    files: Sequence[Any] = (),
    cover: Any = None,
) -> list[ApplicationAttachment]:
    application = _editable(by, application)
    if not files and cover is None:
        raise ValidationError({"files": _("请选择要上传的文件")})
    checked, checked_cover = _checked_attachments(application, files, cover)
    before = set(application.attachments.values_list("pk", flat=True))
    _store(application, checked, checked_cover)
    added = list(application.attachments.exclude(pk__in=before))
    record(
        action=AuditEntry.Action.UPDATE,
        actor=by,
        ip=ip,
        obj=application,
        org_path=application.org_path,
        changes={"files": ["", "、".join(a.original_name for a in added)]},
    )
    return added


@transaction.atomic
def remove_attachment(
    *, by: User, ip: str | None = None, attachment: ApplicationAttachment
) -> None:
    _editable(by, attachment.application)
    names = [attachment.file.name or ""]
    delete_audited(attachment, by=by, ip=ip, org_path=attachment.application.org_path)
    _delete_after_commit(names)


@transaction.atomic
def delete_draft(*, by: User, ip: str | None = None, application: ContestApplication) -> None:
    """Delete a draft never submitted, with its attachments (their files after the commit)."""
    application = _editable(by, application)
    if frozen := policies.delete_frozen(application):
        raise ValidationError(frozen)
    names = list(application.attachments.values_list("file", flat=True))
    delete_audited(
        application,
        by=by,
        ip=ip,
        org_path=application.org_path,
        changes={"files": names},
    )
    _delete_after_commit(names)


def submit_problems(application: ContestApplication) -> dict[str, list[str]]:
    """What is missing before submission, by field (the form's names)."""
    labels = {
        f: str(ContestApplication._meta.get_field(f).verbose_name) for f in REQUIRED_TO_SUBMIT
    }
    problems: dict[str, list[str]] = {}
    for name in REQUIRED_TO_SUBMIT:
        if not getattr(application, name).strip():
            problems[name] = [_("提交前请填写“{label}”").format(label=labels[name])]
    materials = application.attachments.filter(role="material").count()
    if not materials:
        problems["files"] = [_("提交前请上传申报材料（PDF、JPG 或 PNG，1–5 个）")]
    if not application.attachments.filter(role="cover").exists():
        problems["cover"] = [_("提交前请上传封面图片（JPG 或 PNG）")]
    total = sum(application.completers.values_list("share", flat=True))
    if total != 100:
        problems["completers"] = [_("完成人贡献占比合计应为 100%，现为 {n}%").format(n=total)]
    return problems


@transaction.atomic
def submit_application(
    *,
    by: User,
    ip: str | None = None,
    application: ContestApplication,
    accept_warnings: bool = False,
) -> ContestApplication:
    """Submit to the enterprise union: refused after the enterprise level's deadline, with
    anything missing, with a blocking exclusion, or with a warning not accepted. The warnings
    accepted are kept on the application (``eligibility_warnings``) for the endorsing union."""
    application = _editable(by, application)
    if problems := submit_problems(application):
        raise ValidationError(problems)
    answers = eligibility(application)
    if stop := blocking(answers):
        raise ValidationError(
            _("本项目不符合参赛条件：{reasons}").format(
                reasons="；".join(f"{a.label}——{a.message}" for a in stop)
            )
        )
    warned = warnings(answers)
    if warned and not accept_warnings:
        raise ValidationError(
            {"accept_warnings": _("请阅读提示，确认仍要提交后勾选“我已知悉，仍然提交”")}
        )
    application.eligibility_warnings = [
        {"key": a.key, "label": a.label, "message": a.message} for a in warned
    ]
    before = application.state
    application.state = ContestApplication.State.SUBMITTED
    application.current_level = policies.enterprise_level(application.edition)
    application.submitted_by = by
    application.submitted_at = timezone.now()
    application.return_reason = ""
    return save_audited(
        application,
        by=by,
        ip=ip,
        org_path=application.org_path,
        changes={
            "state": [before, application.state],
            "warnings": [a.message for a in warned],
        },
    )


def _decidable(by, application: ContestApplication) -> ContestApplication:
    application = (
        ContestApplication.objects.select_for_update()
        .select_related("edition", "union")
        .get(pk=application.pk)
    )
    if frozen := policies.endorse_frozen(application):
        raise ValidationError(frozen)
    if not policies.is_enterprise_union_admin(by, application):
        raise PermissionDenied(_("由申报企业的工会推荐或退回"))
    return application


@transaction.atomic
def endorse_application(
    *, by: User, ip: str | None = None, application: ContestApplication, opinion: str = ""
) -> ContestApplication:
    """The enterprise union's recommendation: the application goes up to the next level of
    the chain that has a node on its branch."""
    application = _decidable(by, application)
    upper = [
        lv
        for lv in application.edition.levels.filter(order__gt=application.current_level.order)
        if level_node(application, lv) is not None
    ]
    if not upper:
        raise ValidationError(_("本届大赛没有可推荐到的上一级"))
    application.state = ContestApplication.State.ENDORSED
    application.current_level = upper[0]
    application.endorsement = opinion.strip()
    application.endorsed_by = by
    application.endorsed_at = timezone.now()
    return save_audited(
        application,
        by=by,
        ip=ip,
        org_path=application.org_path,
        action=AuditEntry.Action.APPROVE,
        changes={"state": ["submitted", "endorsed"], "endorsement": ["", application.endorsement]},
    )


@transaction.atomic
def return_application(
    *, by: User, ip: str | None = None, application: ContestApplication, reason: str
) -> ContestApplication:
    """Back to the applicants for correction, with the reason they read; they resubmit."""
    application = _decidable(by, application)
    if not reason.strip():
        raise ValidationError({"reason": _("请写明退回原因，申报人将据此修改")})
    application.state = ContestApplication.State.RETURNED
    application.return_reason = reason.strip()[:500]
    return save_audited(
        application,
        by=by,
        ip=ip,
        org_path=application.org_path,
        action=AuditEntry.Action.REJECT,
        changes={"state": ["submitted", "returned"], "reason": ["", application.return_reason]},
    )
