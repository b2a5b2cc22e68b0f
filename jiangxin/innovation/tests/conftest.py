"""Studios on the shared cast (jiangxin/conftest.py): in town A's 晋工机械 (ent. A), a provincial
劳动模范 who leads a named 劳模创新工作室, a 技师 without honours, and a team member."""

import datetime

import pytest

from jiangxin import factories as f
from jiangxin.innovation import services
from jiangxin.workers.models import Honour, SkillLevel
from jiangxin.workers.services import add_honour


@pytest.fixture
def studio_people(cast):
    lead = f.worker(
        cast["union_a"],
        "洪志明",
        enterprise_obj=cast["ent_a"],
        skill_level=SkillLevel.L1,
        job_post="材料研发副总经理",
    )
    add_honour(
        by=cast["town_admin"],
        worker=lead,
        kind=Honour.Kind.MODEL_WORKER,
        level=Honour.Level.PROVINCE,
        year=2023,
    )
    technician = f.worker(
        cast["union_a"], "许文杰", enterprise_obj=cast["ent_a"], skill_level=SkillLevel.L2
    )
    member = f.worker(cast["union_a"], "林海峰", enterprise_obj=cast["ent_a"])
    return {"lead": lead, "technician": technician, "member": member}


def studio_fields(cast, studio_people, **over):
    fields = {
        "name": "洪志明劳模创新工作室",
        "kind": "model_worker",
        "naming_level": "city",
        "naming_body": cast["city"],
        "enterprise": cast["ent_a"],
        "lead": studio_people["lead"],
        "focus": "工程机械液压件的密封材料与寿命",
        "founded": datetime.date(2024, 3, 1),
        "state": "named",
        "named_on": datetime.date(2024, 12, 1),
        "plaque_number": "QZ-LM-2024-01",
        "floor_area": 120,
    }
    fields.update(over)
    return fields


@pytest.fixture
def studio(cast, studio_people):
    studio = services.create_studio(by=cast["town_admin"], **studio_fields(cast, studio_people))
    services.add_member(
        by=cast["town_admin"],
        studio=studio,
        worker=studio_people["member"],
        role="core",
        joined=datetime.date(2024, 3, 1),
    )
    return studio
