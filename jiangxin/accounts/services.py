"""Account workflows: self-registration and its approval, roles, API tokens, platform roles."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiangxin.accounts import policies
from jiangxin.accounts.models import ApiToken, Grant, PlatformRole, Registration, User
from jiangxin.accounts.twofactor import end_sessions
from jiangxin.accounts.usernames import generate_username
from jiangxin.audit.models import AuditEntry
from jiangxin.audit.services import delete_audited, record, save_audited
from jiangxin.core import crypto
from jiangxin.core.masking import mask_id_number, mask_mobile
from jiangxin.organisations.models import Enterprise, Organisation
from jiangxin.workers import policies as worker_policies
from jiangxin.workers import services as worker_services
from jiangxin.workers.models import Worker


def _set_mobile(user: User, mobile: str) -> None:
    mobile = worker_services.normalise_mobile(mobile)
    if not mobile:
        raise ValidationError({"mobile": _("请填写手机号码")})
    digest = crypto.keyed_hash(mobile)
    taken = User.objects.filter(mobile_hash__in=crypto.lookup_hashes(mobile))
    if taken.exclude(pk=user.pk).exists():
        raise ValidationError({"mobile": _("该手机号码已注册，请直接登录或找回密码")})
    user.mobile_hash = digest
    user.mobile_enc = crypto.encrypt(mobile)
    user.mobile_masked = mask_mobile(mobile)


@transaction.atomic
def register_worker(
    *,
    ip: str | None = None,
    name: str,
    id_number: str,
    mobile: str,
    enterprise: Enterprise,
    password: str,
    username: str = "",
) -> Registration:
    """A worker asks for an account; it can log in but sees nothing until approved.

    The answer is the same whether the ID number or the mobile already belongs to an account:
    the registration is taken either way and the conflict is shown to the union that reviews it
    (``Registration.conflicts``), so the form tells nobody who has an account. The mobile is
    kept (encrypted) but becomes a login name only on approval — otherwise logging in with it
    would tell the applicant whether it was free. Until then the account logs in with its
    username: the one asked for, or a generated one — never the mobile."""
    parsed = worker_services.check_id_number(id_number)
    try:
        mobile = worker_services.normalise_mobile(mobile)
    except ValidationError as err:
        raise ValidationError({"mobile": err.messages}) from None
    if not mobile:
        raise ValidationError({"mobile": _("请填写手机号码")})
    username = (username or "").strip()
    if not username:
        username = generate_username(
            taken=lambda candidate: User.objects.filter(username=candidate).exists()
        )
    user = User(username=username, display_name=name.strip())
    user.mobile_enc = crypto.encrypt(mobile)
    user.mobile_masked = mask_mobile(mobile)
    try:
        validate_password(password, user)
    except ValidationError as err:
        raise ValidationError({"password": err.messages}) from None
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    registration = Registration(
        user=user,
        name=name.strip(),
        id_number_enc=crypto.encrypt(parsed.number),
        id_number_hash=crypto.keyed_hash(parsed.number),
        id_number_masked=mask_id_number(parsed.number),
        mobile_hash=crypto.keyed_hash(mobile),
        enterprise=enterprise,
    )
    registration.full_clean()
    registration.save()
    record(
        action=AuditEntry.Action.CREATE,
        actor=user,
        ip=ip,
        obj=registration,
        org_path=enterprise.union.path,
    )
    return registration


def _claim_mobile(registration: Registration) -> None:
    """On approval the application's mobile becomes the account's login name (checked free by
    the caller; an approval of another account with it at the same moment loses here)."""
    user = registration.user
    if not registration.mobile_hash or not user.mobile_enc:
        return
    # From the account's own mobile under the current key (the registration's hash may date
    # from before a key rotation).
    digest = crypto.keyed_hash(crypto.decrypt(user.mobile_enc))
    if user.mobile_hash == digest:
        return
    user.mobile_hash = digest
    try:
        with transaction.atomic():
            user.save(update_fields=["mobile_hash"])
    except IntegrityError:
        raise ValidationError(
            _("该手机号码已是其他账号的登录手机号，请核实后驳回该申请。")
        ) from None


@transaction.atomic
def approve_registration(*, by: User, ip: str | None = None, registration: Registration) -> Worker:
    """Bind the account to the roster record with the same ID number (created if missing)."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    union = registration.enterprise.union
    if not policies.can_approve_registration(by, registration):
        raise PermissionDenied(_("只有该企业所属工会的管理员可以审核"))
    if registration.status != Registration.Status.PENDING:
        raise ValidationError(_("该申请已审核，不能重复审核"))
    conflicts = Registration.objects.with_conflicts().get(pk=registration.pk).conflicts()
    if conflicts:
        raise ValidationError(
            _("不能通过：{conflicts}。请核实后驳回该申请。").format(conflicts="；".join(conflicts))
        )
    _claim_mobile(registration)
    id_number = crypto.decrypt(registration.id_number_enc)
    worker = Worker.objects.filter(id_number_hash__in=crypto.lookup_hashes(id_number)).first()
    if worker is None:
        worker = worker_services.create_worker(
            by=by,
            ip=ip,
            organisation=union,
            enterprise=registration.enterprise,
            name=registration.name,
            id_number=id_number,
            mobile=crypto.decrypt(registration.user.mobile_enc),
        )
    elif not worker_policies.can_edit_worker(by, worker):
        raise PermissionDenied(_("该职工在其他工会的名册中，请联系其所属工会审核"))
    elif worker.account_id and worker.account_id != registration.user_id:
        raise ValidationError(_("该职工已绑定其他账号"))
    worker.account = registration.user
    worker.save(update_fields=["account", "updated"])
    registration.status = Registration.Status.APPROVED
    registration.decided_by = by
    registration.decided_at = timezone.now()
    registration.save()
    record(
        action=AuditEntry.Action.APPROVE,
        actor=by,
        ip=ip,
        obj=registration,
        org_path=worker.organisation.path,
        changes={"worker": worker.pk},
    )
    return worker


@transaction.atomic
def reject_registration(
    *, by: User, ip: str | None = None, registration: Registration, note: str
) -> Registration:
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not policies.can_approve_registration(by, registration):
        raise PermissionDenied(_("只有该企业所属工会的管理员可以审核"))
    if registration.status != Registration.Status.PENDING:
        raise ValidationError(_("该申请已审核，不能重复审核"))
    if not note.strip():
        raise ValidationError({"note": _("驳回时请写明原因，方便职工修改后重新申请")})
    registration.status = Registration.Status.REJECTED
    registration.note = note.strip()
    registration.decided_by = by
    registration.decided_at = timezone.now()
    registration.save()
    # The account is closed and lets go of any login mobile (accounts registered before mobiles
    # waited for approval had one), so the worker can apply again with it.
    registration.user.is_active = False
    registration.user.mobile_hash = None
    registration.user.save(update_fields=["is_active", "mobile_hash"])
    record(
        action=AuditEntry.Action.REJECT,
        actor=by,
        ip=ip,
        obj=registration,
        org_path=registration.enterprise.union.path,
        changes={"note": registration.note},
    )
    return registration


@transaction.atomic
def grant_role(
    *, by: User, ip: str | None = None, user: User, organisation: Organisation, role: str
) -> Grant:
    """Give ``user`` a role on ``organisation`` (covering its subtree), or change the role they
    have there; only someone who may change that node may. Audited (create, or update with the
    role before and after)."""
    if not policies.can_grant_role(by, organisation):
        raise PermissionDenied(_("您没有在该工会授权的权限"))
    if role not in Grant.Role.values:
        raise ValidationError({"role": _("请选择角色：工会管理员或查看者")})
    grant = Grant.objects.select_for_update().filter(user=user, organisation=organisation).first()
    if grant is not None and grant.role == role:
        return grant
    before = grant.role if grant is not None else None
    if grant is None:
        grant = Grant(user=user, organisation=organisation)
    grant.role = role
    return save_audited(
        grant,
        by=by,
        ip=ip,
        org_path=organisation.path,
        changes={
            "user": user.get_username(),
            "role": [before, role] if before else role,
            "organisation": organisation.name,
        },
        duplicate=ValidationError(_("该账号在此工会已有授权，请刷新后再修改角色。")),
    )


@transaction.atomic
def revoke_grant(*, by: User, ip: str | None = None, grant: Grant) -> None:
    """Take a role away; only someone who may change the node may. Audited."""
    if not policies.can_grant_role(by, grant.organisation):
        raise PermissionDenied(_("您没有在该工会撤销授权的权限"))
    delete_audited(
        grant,
        by=by,
        ip=ip,
        org_path=grant.organisation.path,
        changes={
            "user": grant.user.get_username(),
            "role": grant.role,
            "organisation": grant.organisation.name,
        },
    )
    end_sessions(grant.user)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class TokenExpired(Exception):
    """A token that exists but is past its expiry date."""


@transaction.atomic
def create_api_token(*, by: User, ip: str | None = None, name: str) -> tuple[ApiToken, str]:
    """A user's new token, valid for ``API_TOKEN_DAYS``: return the row and the token itself,
    which is shown once and never stored (the audit entry names the token by its prefix)."""
    if not name.strip():
        raise ValidationError({"name": _("请为令牌起一个名称，例如“数据同步”")})
    token = "jx_" + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(
        user=by,
        name=name.strip()[:50],
        token_hash=_token_hash(token),
        prefix=token[:8],
        expires=timezone.now() + datetime.timedelta(days=settings.API_TOKEN_DAYS),
    )
    record(
        action=AuditEntry.Action.CREATE,
        actor=by,
        ip=ip,
        obj=row,
        object_repr=str(row),
        changes={"expires": row.expires.isoformat(timespec="minutes")},
    )
    return row, token


def user_for_token(token: str) -> User | None:
    """The active account a token belongs to, or None; raises ``TokenExpired`` for a token
    past its date (the API answers 401 saying so)."""
    row = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=_token_hash(token), user__is_active=True)
        .first()
    )
    if row is None:
        return None
    if row.expired:
        raise TokenExpired
    now = timezone.now()
    if row.last_used is None or (now - row.last_used).total_seconds() > 300:
        ApiToken.objects.filter(pk=row.pk).update(last_used=now)
    return row.user


@transaction.atomic
def revoke_api_token(*, by: User, ip: str | None = None, token: ApiToken) -> None:
    """Revoke a token: its owner on the token page, or a platform admin in the admin. The row
    goes at once (the next call with it is a 401); audited."""
    if not policies.can_revoke_api_token(by, token):
        raise PermissionDenied(_("只能吊销自己的令牌"))
    delete_audited(token, by=by, ip=ip, org_path="")


@transaction.atomic
def delete_registration(*, by: User, ip: str | None = None, registration: Registration) -> None:
    """Remove a registration (its account stays, inactive if it was rejected)."""
    if not policies.can_approve_registration(by, registration):
        raise PermissionDenied(_("只有该企业所属工会的管理员可以处理该申请"))
    delete_audited(registration, by=by, ip=ip, org_path=registration.enterprise.union.path)


# Platform roles (三员分立): the system, security and audit administrators. One per account
# (database key); a superuser is the system administrator and takes no other; the security and
# audit administrators' accounts are dedicated (no union grant, no roster record — and
# ``Grant.clean`` refuses them one later). Every change is audited with no node (``org_path``
# ""), so only the audit administrator reads it.
_DEDICATED = (PlatformRole.Role.SECURITY, PlatformRole.Role.AUDIT)
CONSOLE = "manage.py platform_role"  # the actor of a change made on the server's command line


def _held_role(*, user: User, role: str) -> PlatformRole | None:
    """Refuse what no one may do; return the role the account already holds (the same one)."""
    if role not in PlatformRole.Role.values:
        raise ValidationError({"role": _("请选择平台角色：系统管理员、安全管理员或审计管理员")})
    if user.is_superuser:
        raise ValidationError(
            {"username": _("超级用户即系统管理员，不能再担任其他平台角色（三员分立）。")}
        )
    current = PlatformRole.objects.select_for_update().filter(user=user).first()
    if current is not None and current.role != role:
        raise ValidationError(
            {
                "username": _(
                    "该账号已是{role}。一个账号只能担任一种平台角色（三员分立），请先撤销原角色。"
                ).format(role=current.get_role_display())
            }
        )
    if role in _DEDICATED and (
        user.grants.exists() or Worker.objects.filter(account=user).exists()
    ):
        raise ValidationError(
            {
                "username": _(
                    "安全管理员和审计管理员须使用专用账号：该账号已有工会授权或绑定了职工档案。"
                )
            }
        )
    return current


def _set_staff(user: User, role: str | None) -> None:
    staff = user.is_superuser or role is not None  # is_staff: the Django admin, their part
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])


@transaction.atomic
def assign_platform_role(*, by: User, ip: str | None = None, user: User, role: str) -> PlatformRole:
    """Give ``user`` a platform duty: only the security administrator may, and never to
    themselves. Refused when the account holds another duty or is a superuser, and (security,
    audit) when it holds a union grant or a roster record. Each reaches their part of the Django
    admin (``is_staff``). Audited; the same role twice is one."""
    if not policies.can_assign_platform_roles(by):
        raise PermissionDenied(_("只有安全管理员可以分配平台角色"))
    if user.pk == by.pk:
        raise ValidationError({"username": _("不能给自己分配平台角色，请由另一位安全管理员办理。")})
    current = _held_role(user=user, role=role)
    if current is not None:
        return current
    row = save_audited(
        PlatformRole(user=user, role=role, granted_by=by),
        by=by,
        ip=ip,
        org_path="",
        changes={"user": user.get_username(), "role": role},
        duplicate=ValidationError(_("该账号刚被分配了平台角色，请刷新页面查看。")),
    )
    _set_staff(user, role)
    return row


@transaction.atomic
def revoke_platform_role(*, by: User, ip: str | None = None, platform_role: PlatformRole) -> None:
    """Take a platform duty back: the security administrator, never their own. Audited."""
    if not policies.can_assign_platform_roles(by):
        raise PermissionDenied(_("只有安全管理员可以撤销平台角色"))
    if platform_role.user_id == by.pk:
        raise ValidationError(_("不能撤销自己的平台角色，请由另一位安全管理员办理。"))
    user, role = platform_role.user, platform_role.role
    delete_audited(
        platform_role,
        by=by,
        ip=ip,
        org_path="",
        changes={"user": user.get_username(), "role": role},
    )
    _set_staff(user, None)
    end_sessions(user)


@transaction.atomic
def assign_platform_role_on_console(*, user: User, role: str) -> PlatformRole:
    """The command line's way (``manage.py platform_role``): a new installation's first
    security administrator has nobody to assign them. Whoever runs commands on the server can
    do anything there already; the rules of ``assign_platform_role`` hold all the same, and the
    audit entry names the command line as its actor."""
    current = _held_role(user=user, role=role)
    if current is not None:
        return current
    row = PlatformRole(user=user, role=role)
    row.full_clean()
    row.save()
    record(
        action=AuditEntry.Action.CREATE,
        actor_label=CONSOLE,
        obj=row,
        changes={"user": user.get_username(), "role": role},
    )
    _set_staff(user, role)
    return row


@transaction.atomic
def revoke_platform_role_on_console(*, platform_role: PlatformRole) -> None:
    user, role = platform_role.user, platform_role.role
    record(
        action=AuditEntry.Action.DELETE,
        actor_label=CONSOLE,
        obj=platform_role,
        changes={"user": user.get_username(), "role": role},
    )
    platform_role.delete()
    _set_staff(user, None)
