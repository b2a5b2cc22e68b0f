"""Test data builders. They go through the services, so test data obeys the same rules
(paths, encryption, validation) as real data."""

from __future__ import annotations

import datetime
import itertools

from jiangxin.accounts.models import Grant, User
from jiangxin.organisations.creditcode import make_credit_code
from jiangxin.organisations.models import Enterprise, Industry, Organisation
from jiangxin.organisations.services import create_enterprise, create_organisation
from jiangxin.privacy import notice
from jiangxin.privacy.models import Consent
from jiangxin.workers.idnumber import make_id_number
from jiangxin.workers.models import Occupation, SkillLevel, Worker
from jiangxin.workers.services import create_worker

PASSWORD = "Test-pass-2025!"
_seq = itertools.count(1)


def root_user() -> User:
    user = User.objects.filter(username="root-builder").first()
    return user or User.objects.create_superuser(
        username="root-builder", password=PASSWORD, email=""
    )


def org(parent: Organisation | None, name: str, kind: str) -> Organisation:
    return create_organisation(by=root_user(), parent=parent, name=name, kind=kind)


def industry(name: str = "五金机械") -> Industry:
    obj, _ = Industry.objects.get_or_create(name=name, defaults={"code": f"ind{next(_seq)}"})
    return obj


def enterprise(union: Organisation, name: str, *, industry_name: str = "五金机械") -> Enterprise:
    n = next(_seq)
    return create_enterprise(
        by=root_user(),
        union=union,
        name=name,
        credit_code=make_credit_code("91", "350582", f"MA{n:07d}"),
        industry=industry(industry_name),
        size=Enterprise.Size.MEDIUM,
    )


def occupation(
    name: str = "劳动关系协调员", code: str = "4-07-03-02", lo=SkillLevel.L4, hi=SkillLevel.L1
) -> Occupation:
    obj, _ = Occupation.objects.get_or_create(
        code=code, defaults={"name": name, "min_level": lo, "max_level": hi}
    )
    return obj


def id_number(*, female: bool = False, birth: datetime.date = datetime.date(1990, 5, 17)) -> str:
    n = next(_seq)
    return make_id_number(
        "350582", birth + datetime.timedelta(days=n // 400), (n % 400) * 2 + (0 if female else 1)
    )


def mobile() -> str:
    return f"139{next(_seq):08d}"


def worker(
    organisation: Organisation,
    name: str = "",
    *,
    enterprise_obj: Enterprise | None = None,
    **fields,
) -> Worker:
    fields.setdefault("id_number", id_number(female=fields.pop("female", False)))
    fields.setdefault("mobile", mobile())
    return create_worker(
        by=root_user(),
        organisation=organisation,
        enterprise=enterprise_obj,
        name=name or f"测试{chr(0x4E00 + next(_seq) % 2000)}{chr(0x4E00 + next(_seq) % 2000)}",
        **fields,
    )


def user(
    username: str,
    *,
    node: Organisation | None = None,
    role: str = Grant.Role.ADMIN,
    superuser: bool = False,
) -> User:
    if superuser:
        return User.objects.create_superuser(username=username, password=PASSWORD, email="")
    u = User.objects.create_user(username=username, password=PASSWORD, display_name=username)
    if node is not None:
        Grant.objects.create(user=u, organisation=node, role=role)
    else:  # a worker, judge or outsider: one who accepts the notice (union staff are not asked)
        consent(u)
    return u


def consent(user: User) -> Consent:
    """The account has accepted the current personal-information notice (as every test user
    has, so the notice page stands in no test's way; privacy's own tests take it away)."""
    return Consent.objects.create(
        user=user,
        version=notice.current_version(),
        text_digest=notice.digest(),
        via=Consent.Via.SETUP,
    )
