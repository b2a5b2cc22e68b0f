"""Fixtures of the living record's tests, on Phase 1's studio (jiangxin/innovation/tests/conftest.py):
the lead 洪志明 gets an account (``lead_user``: bound through ``Worker.account``); a second studio
in 力利玩具 (ent. B, town A) whose team counts the first studio's lead as a plain member; a
studio of 远航伞业 in town B."""

import datetime

import pytest

from jiangxin import factories as f
from jiangxin.innovation import services
from jiangxin.workers.models import Honour, SkillLevel
from jiangxin.workers.services import add_honour


@pytest.fixture
def lead_user(studio):
    user = f.user("hongzhiming")
    lead = studio.lead
    lead.account = user
    lead.save(update_fields=["account"])
    return user


def _craftsman_studio(cast, *, union, enterprise, name, admin, lead_name):
    lead = f.worker(union, lead_name, enterprise_obj=enterprise, skill_level=SkillLevel.L2)
    add_honour(
        by=admin, worker=lead, kind=Honour.Kind.CRAFTSMAN, level=Honour.Level.CITY, year=2022
    )
    return services.create_studio(
        by=admin,
        name=name,
        kind="craftsman",
        naming_level="city",
        naming_body=cast["city"],
        enterprise=enterprise,
        lead=lead,
        focus="注塑模具快速换模",
        founded=datetime.date(2022, 3, 1),
        state="named",
        named_on=datetime.date(2023, 5, 1),
    )


@pytest.fixture
def other_studio(cast, studio, lead_user):
    """力利玩具's 工匠创新工作室 (town A); the first studio's lead is a member there."""
    other = _craftsman_studio(
        cast,
        union=cast["union_b"],
        enterprise=cast["ent_b"],
        name="蔡志强工匠创新工作室",
        admin=cast["town_admin"],
        lead_name="蔡志强",
    )
    services.add_member(
        by=cast["town_admin"], studio=other, worker=studio.lead, joined=datetime.date(2023, 6, 1)
    )
    return other


@pytest.fixture
def town_b_studio(cast):
    return _craftsman_studio(
        cast,
        union=cast["union_c"],
        enterprise=cast["ent_c"],
        name="吴建国工匠创新工作室",
        admin=cast["sibling_admin"],
        lead_name="吴建国",
    )
