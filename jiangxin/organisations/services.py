"""Union tree and enterprise workflows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jiangxin.audit.models import AuditEntry
from jiangxin.audit.services import diff, record
from jiangxin.core import stamps
from jiangxin.organisations import policies
from jiangxin.organisations.creditcode import CreditCodeError, parse_credit_code
from jiangxin.organisations.models import Enterprise, Industry, Organisation

if TYPE_CHECKING:
    from jiangxin.accounts.models import User

ENTERPRISE_FIELDS = ("name", "credit_code", "industry", "size", "address", "union")

# Which kinds of node may stand under which: federations nest downwards; enterprise, joint
# and industry unions are leaves under a federation.
_ALLOWED_CHILDREN: dict[str, set[str]] = {
    Organisation.Kind.NATIONAL: {Organisation.Kind.PROVINCE},
    Organisation.Kind.PROVINCE: {Organisation.Kind.CITY, Organisation.Kind.INDUSTRY},
    Organisation.Kind.CITY: {Organisation.Kind.COUNTY, Organisation.Kind.INDUSTRY},
    Organisation.Kind.COUNTY: {
        Organisation.Kind.TOWN,
        Organisation.Kind.ENTERPRISE,
        Organisation.Kind.JOINT,
        Organisation.Kind.INDUSTRY,
    },
    Organisation.Kind.TOWN: {
        Organisation.Kind.ENTERPRISE,
        Organisation.Kind.JOINT,
        Organisation.Kind.INDUSTRY,
    },
}


@transaction.atomic
def create_organisation(
    *,
    by: User,
    ip: str | None = None,
    parent: Organisation | None,
    name: str,
    kind: str,
    short_name: str = "",
) -> Organisation:
    """Add a node under ``parent`` (a root needs a platform admin)."""
    if not policies.can_add_node(by, parent):
        if parent is None:
            raise PermissionDenied(_("只有系统管理员可以创建顶级工会"))
        raise PermissionDenied(_("您没有在该工会下新增组织的权限"))
    if parent is not None and kind not in _ALLOWED_CHILDREN.get(parent.kind, set()):
        raise ValidationError(
            {
                "kind": _("{parent_kind}下不能设立{kind}，请选择正确的上级").format(
                    parent_kind=parent.get_kind_display(), kind=Organisation.Kind(kind).label
                )
            }
        )
    node = Organisation(parent=parent, name=name.strip(), kind=kind, short_name=short_name.strip())
    node.path = "/pending/"
    node.full_clean(exclude=["path"])
    node.save()
    node.path = f"{parent.path if parent else '/'}{node.pk}/"
    node.depth = parent.depth + 1 if parent else 0
    node.save(update_fields=["path", "depth"])
    stamps.bump(stamps.ROSTER)
    record(action=AuditEntry.Action.CREATE, actor=by, ip=ip, obj=node, org_path=node.path)
    return node


def _clean_code(code: str) -> str:
    try:
        return parse_credit_code(code)
    except CreditCodeError as err:
        raise ValidationError({"credit_code": str(err)}) from None


@transaction.atomic
def create_enterprise(
    *,
    by: User,
    ip: str | None = None,
    union: Organisation,
    name: str,
    credit_code: str,
    industry: Industry,
    size: str,
    address: str = "",
) -> Enterprise:
    if not policies.can_add_enterprise(by, union):
        raise PermissionDenied(_("您没有在该工会下登记企业的权限"))
    enterprise = Enterprise(
        union=union,
        name=name.strip(),
        credit_code=_clean_code(credit_code),
        industry=industry,
        size=size,
        address=address.strip(),
    )
    enterprise.full_clean()
    enterprise.save()
    stamps.bump(stamps.ROSTER)
    record(
        action=AuditEntry.Action.CREATE,
        actor=by,
        ip=ip,
        obj=enterprise,
        org_path=union.path,
        changes=diff({}, {f: getattr(enterprise, f) for f in ENTERPRISE_FIELDS}),
    )
    return enterprise


@transaction.atomic
def update_enterprise(
    *, by: User, ip: str | None = None, enterprise: Enterprise, **fields
) -> Enterprise:
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if not policies.can_edit_enterprise(by, enterprise):
        raise PermissionDenied(_("您没有修改该企业的权限"))
    before = {f: getattr(enterprise, f) for f in ENTERPRISE_FIELDS}
    old_union_id = enterprise.union_id
    for key, value in fields.items():
        if key not in ENTERPRISE_FIELDS:
            raise TypeError(f"not an editable enterprise field: {key}")
        setattr(enterprise, key, value.strip() if isinstance(value, str) else value)
    if "credit_code" in fields:
        enterprise.credit_code = _clean_code(enterprise.credit_code)
    if "union" in fields and not policies.can_add_enterprise(by, enterprise.union):
        raise PermissionDenied(_("您没有把企业划入该工会的权限"))
    enterprise.full_clean()
    enterprise.save()
    if enterprise.union_id != old_union_id:
        # The enterprise's workers belong to its union: they move with it.
        from jiangxin.workers.models import Worker

        Worker.objects.filter(enterprise=enterprise).update(
            organisation=enterprise.union, org_path=enterprise.union.path
        )
    stamps.bump(stamps.ROSTER)
    record(
        action=AuditEntry.Action.UPDATE,
        actor=by,
        ip=ip,
        obj=enterprise,
        org_path=enterprise.union.path,
        changes=diff(before, {f: getattr(enterprise, f) for f in ENTERPRISE_FIELDS}),
    )
    return enterprise
