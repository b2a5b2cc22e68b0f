"""The demo's innovation studios (issue 10, first stage), built through the real services.

Anhai holds seven named studios — 工匠创新 studios led by 泉州工匠, 劳模创新 and 技能大师
studios across its industries — among them the 劳模创新工作室 of 福建恒安集团: its lead, a
synthetic provincial 劳动模范 (the Honour row is on the roster), is the group's deputy general
manager for materials R&D; founded in 2024, named in 2025, working on disposable hygiene
products. An eighth studio, a 职工创新工作室 of a toy maker, was delisted in 2023: the registry
counts "7 named" from the states, not from a typed figure. Each lead's honours and skill level
are set on the roster first, so every lead passes the qualification check. The lead of the
恒安 studio logs in as ``lingban`` and finds the studio from their own record.

Not every studio under Anhai is named by Anhai (``NAMED_BY``): the three 工匠创新 studios are
泉州工匠创新工作室, named at city level by 泉州市总工会; 力利玩具's 技能大师工作室 is named by
晋江市总工会 (county); the others by 安海镇总工会 (town). Anhai's "7" is still one count: the
studios whose host enterprise is in its subtree, whoever named them.

This module registers the studios in 申报中 with their teams, each applying for its naming
body's level; ``demo/innovation_batches.py`` names them through each body's yearly naming
batches (plaque number in the body's own series, certificate, naming subsidy) and delists the
toy maker's after.
"""

from __future__ import annotations

import datetime

from jiangxin.accounts.models import User
from jiangxin.demo.clock import happened_at, on
from jiangxin.demo.roster import SET_UP_ON
from jiangxin.innovation import services
from jiangxin.innovation.models import Studio
from jiangxin.organisations.models import Enterprise, Organisation
from jiangxin.workers import services as workers
from jiangxin.workers.models import Honour, SkillLevel, Worker

PASSWORD = "Jiangxin@2025"
K, LV = Honour.Kind, Honour.Level
D = datetime.date

# (enterprise, kind, lead's honour (kind, level, title, year), lowest skill level, the lead's post,
#  focus, founded, named — the day of its batch's naming, demo/innovation_batches.py)
STUDIOS = [
    (
        "福建恒安集团",
        Studio.Kind.MODEL_WORKER,
        (K.MODEL_WORKER, LV.PROVINCE, "福建省劳动模范", 2020),
        SkillLevel.L1,
        "材料研发副总经理",
        "一次性卫生用品的材料难题：高吸收芯体减薄、低克重无纺布的强度与亲肤性、可降解面层材料的量产工艺",
        D(2024, 3, 18),
        D(2025, 4, 28),
    ),
    (
        "福建省晋工机械有限公司",
        Studio.Kind.CRAFTSMAN,
        (K.CRAFTSMAN, LV.CITY, "泉州工匠", 2021),
        SkillLevel.L2,
        "装配车间主任",
        "装载机变速箱装配精度与一次交检合格率提升",
        D(2021, 9, 1),
        D(2022, 5, 10),
    ),
    (
        "晋江安海新华纸业有限公司",
        Studio.Kind.CRAFTSMAN,
        (K.CRAFTSMAN, LV.CITY, "泉州工匠", 2022),
        SkillLevel.L2,
        "制浆工段长",
        "废纸制浆节水与纸机断纸率的降低",
        D(2022, 6, 1),
        D(2023, 4, 26),
    ),
    (
        "晋江安海兴业皮革有限公司",
        Studio.Kind.CRAFTSMAN,
        (K.CRAFTSMAN, LV.CITY, "泉州工匠", 2023),
        SkillLevel.L2,
        "鞣制车间技术主管",
        "无铬鞣制工艺与皮革边角料的再利用",
        D(2023, 4, 1),
        D(2024, 4, 25),
    ),
    (
        "晋江安海盛达食品有限公司",
        Studio.Kind.MODEL_WORKER,
        (K.MAY_DAY_MEDAL, LV.PROVINCE, "福建省五一劳动奖章", 2019),
        SkillLevel.NONE,
        "生产技术部经理",
        "烘焙生产线的节能改造与食品安全快速检测",
        D(2020, 5, 1),
        D(2023, 4, 26),
    ),
    (
        "晋江力利玩具有限公司",
        Studio.Kind.SKILL_MASTER,
        (K.SKILL_MASTER, LV.COUNTY, "晋江市技能大师", 2022),
        SkillLevel.L2,
        "模具组组长",
        "注塑玩具模具的快速换模与女职工技能传授",
        D(2022, 3, 1),
        D(2024, 4, 25),
    ),
    (
        "福建安海精工机械有限公司",
        Studio.Kind.SKILL_MASTER,
        (K.TECH_EXPERT, LV.PROVINCE, "福建省技术能手", 2021),
        SkillLevel.L1,
        "数控加工班长",
        "五轴数控加工的工艺编程与刀具寿命管理",
        D(2023, 2, 1),
        D(2025, 4, 28),
    ),
]
NAMED = len(STUDIOS)  # the article's 7
# The union that named each studio (its batches: demo/innovation_batches.py); the rest, the town.
CITY, COUNTY, TOWN = "泉州市总工会", "晋江市总工会", "安海镇总工会"
NAMED_BY = {
    "福建省晋工机械有限公司": CITY,
    "晋江安海新华纸业有限公司": CITY,
    "晋江安海兴业皮革有限公司": CITY,
    "晋江力利玩具有限公司": COUNTY,
}


def naming_body(enterprise: str) -> str:
    return NAMED_BY.get(enterprise, TOWN)


# What each studio's record is about, as a whole phrase the demo's titles are composed from
# ("{subject}的实践与改进", "用于{subject}的辅助装置", "{subject}攻关"): a focus cut to a
# length would end mid-word ("一次交检合", "食品安全快").
SUBJECTS = {
    "福建恒安集团": "可降解面层材料量产工艺",
    "福建省晋工机械有限公司": "变速箱装配工艺",
    "晋江安海新华纸业有限公司": "废纸制浆节水工艺",
    "晋江安海兴业皮革有限公司": "无铬鞣制工艺",
    "晋江安海盛达食品有限公司": "食品安全快速检测",
    "晋江力利玩具有限公司": "注塑模具快速换模",
    "福建安海精工机械有限公司": "五轴数控加工刀具管理",
    "晋江市安海乐童玩具有限公司": "毛绒玩具缝制工序",
}


def subject(studio: Studio) -> str:
    """The whole phrase a demo title names the studio's work by (``SUBJECTS``)."""
    return SUBJECTS[studio.enterprise.name]


DELISTED = "晋江市安海乐童玩具有限公司"
DELISTED_FOUNDED = D(2021, 3, 1)
# Studios named before the platform was set up were entered from the union's files after the
# roster's import; those named since, on their naming day.
ENTERED = SET_UP_ON + datetime.timedelta(days=3)
ROLES = ["core", "core", "member", "member", "adviser"]


def _lead(enterprise: Enterprise, min_level: int, *, used: set[int], prefer: str = "") -> Worker:
    """A senior worker of the enterprise — the longest in service, then the oldest — whose
    occupation allows ``min_level`` and who has no account yet (the first lead gets the demo
    login): a studio lead has years of work behind them."""
    candidates = (
        Worker.objects.filter(enterprise=enterprise, account__isnull=True, start_date__isnull=False)
        .exclude(job_post="工会专职干部")
        .exclude(pk__in=used)
        .select_related("occupation")
        .order_by("start_date", "birth_date", "pk")
    )
    fit = [w for w in candidates if w.occupation is None or w.occupation.max_level >= min_level]
    # of the preferred trade, someone of an age to head a department (born 1985 or before)
    preferred = [
        w for w in fit if w.occupation and w.occupation.name == prefer and w.birth_date.year <= 1985
    ]
    return (preferred or fit)[0]


def build() -> dict[str, str]:
    platform = User.objects.get(username="platform")
    used: set[int] = set()
    account = {}
    for i, (ent_name, kind, honour, level, post, focus, founded, _named) in enumerate(STUDIOS):
        enterprise = Enterprise.objects.get(name=ent_name)
        # 恒安's lead heads materials R&D: a 化学检验员 by trade where the roster has one
        lead = _lead(enterprise, level, used=used, prefer="化学检验员" if i == 0 else "")
        used.add(lead.pk)
        h_kind, h_level, title, year = honour
        with happened_at(on(ENTERED, hour=10)):
            lead = workers.update_worker(
                by=platform,
                worker=lead,
                job_post=post,
                skill_level=max(lead.skill_level, level),
                # 恒安's lead is a deputy general manager: not on the line, in no workshop
                **({"front_line": False, "workshop": "材料研发中心"} if i == 0 else {}),
            )
            if not lead.honours.filter(kind=h_kind, level=h_level, year=year).exists():
                workers.add_honour(
                    by=platform, worker=lead, kind=h_kind, level=h_level, title=title, year=year
                )
        # registered in 申报中 before its batch; the batch names it (innovation_batches)
        with happened_at(on(max(founded, ENTERED), hour=15)):
            studio = services.create_studio(
                by=platform,
                name=f"{lead.name}{Studio.Kind(kind).label}",
                kind=kind,
                # the level applied for: the naming body's (named by its batch)
                naming_level=Organisation.objects.get(name=naming_body(ent_name)).kind,
                enterprise=enterprise,
                lead=lead,
                focus=focus,
                address=enterprise.address,
                floor_area=60 + 20 * i,
                founded=founded,
                state=Studio.State.APPLYING,
            )
        _team(studio, lead, founded, by=platform, size=3 + i % 3)
        if i == 0:
            account = _login(lead)
    _delisted(by=platform, used=used)
    return account


def _team(studio: Studio, lead: Worker, founded: datetime.date, *, by, size: int) -> None:
    others = (
        Worker.objects.filter(enterprise=studio.enterprise)
        .exclude(pk=lead.pk)
        .exclude(job_post="工会专职干部")
        .order_by("-skill_level", "pk")[1 : 1 + size]
    )
    with happened_at(on(max(founded, ENTERED), hour=16)):
        for worker, role in zip(others, ROLES, strict=False):
            services.add_member(by=by, studio=studio, worker=worker, role=role, joined=founded)


def _delisted(*, by, used: set[int]) -> None:
    """A 职工创新工作室 founded in 2021, named by the town that year (its batch:
    ``innovation_batches``) and delisted after failing its 2023 review."""
    enterprise = Enterprise.objects.get(name="晋江市安海乐童玩具有限公司")
    lead = _lead(enterprise, SkillLevel.NONE, used=used)
    with happened_at(on(ENTERED, hour=15)):
        studio = services.create_studio(
            by=by,
            name=f"{lead.name}职工创新工作室",
            kind=Studio.Kind.WORKER,
            naming_level=Studio.Level.TOWN,
            enterprise=enterprise,
            lead=lead,
            focus="毛绒玩具缝制工序的小改小革",
            address=enterprise.address,
            floor_area=40,
            founded=DELISTED_FOUNDED,
            state=Studio.State.APPLYING,
        )
    _team(studio, lead, DELISTED_FOUNDED, by=by, size=3)


def _login(lead: Worker) -> dict[str, str]:
    user = User.objects.create_user(username="lingban", password=PASSWORD, display_name=lead.name)
    Worker.objects.filter(pk=lead.pk).update(account=user)
    return {
        "lingban": f"工作室领办人 {lead.name}（福建恒安集团劳模创新工作室）：从自己的档案进入工作室"
    }
