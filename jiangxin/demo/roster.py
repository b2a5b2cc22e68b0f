"""The demo's union tree, enterprises, occupations and synthetic roster (issue #2).

Organisations and figures come from the source article; every person is synthetic, made from
a fixed random seed so that every run builds the same demo.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from jiangxin.accounts.models import Grant, User
from jiangxin.audit.models import AuditEntry
from jiangxin.audit.services import record
from jiangxin.core import stamps
from jiangxin.demo import duties
from jiangxin.demo.clock import days_ago, happened_at, on
from jiangxin.organisations.creditcode import make_credit_code
from jiangxin.organisations.models import Enterprise, Industry, Organisation
from jiangxin.organisations.services import create_enterprise, create_organisation
from jiangxin.workers import importing
from jiangxin.workers.idnumber import make_id_number
from jiangxin.workers.models import Honour, Occupation, SkillLevel, Worker
from jiangxin.workers.roster_format import COLUMNS, map_header
from jiangxin.workers.roster_rows import validate_rows
from jiangxin.workers.services import add_honour

DEMO_PASSWORD = "Jiangxin@2025"
SEED = 20250101
# The union tree was entered on this day and the roster imported the day after: before every
# event of the demo's story (the 2025 mentoring programme was set up in December 2024).
SET_UP_ON = datetime.date(2024, 12, 2)

INDUSTRIES = [
    ("food", "食品饮料"),
    ("paper", "纸制品"),
    ("hardware", "五金机械"),
    ("toys", "玩具文具"),
    ("leather", "制革"),
]

# 中华人民共和国职业分类大典 (2022): the occupations the demo and the article need.
L = SkillLevel
OCCUPATIONS = [
    ("4-07-03-02", "劳动关系协调员", L.L4, L.L1),
    ("6-18-01-01", "车工", L.L5, L.L1),
    ("6-18-01-02", "铣工", L.L5, L.L1),
    ("6-18-02-04", "焊工", L.L5, L.L1),
    ("6-31-01-03", "电工", L.L5, L.L1),
    ("6-31-01-10", "工业机器人系统运维员", L.L5, L.L1),
    ("6-20-01-01", "装配钳工", L.L5, L.L1),
    ("6-02-01-01", "糕点面包烘焙工", L.L5, L.L2),
    ("6-02-06-01", "饮料制作工", L.L5, L.L3),
    ("6-08-01-01", "制浆造纸工", L.L5, L.L2),
    ("6-08-02-01", "纸制品制作工", L.L5, L.L3),
    ("6-14-04-01", "玩具制作工", L.L5, L.L2),
    ("6-11-01-01", "制革工", L.L5, L.L2),
    ("4-08-05-03", "化学检验员", L.L5, L.L1),
    ("4-02-07-02", "快递员", L.L5, L.L2),
    ("4-02-07-10", "网约配送员", L.L5, L.L2),
    ("4-02-02-02", "道路货运汽车驾驶员", L.L5, L.L2),
]
INDUSTRY_OCCUPATIONS = {
    "food": ["糕点面包烘焙工", "饮料制作工", "化学检验员", "电工"],
    "paper": ["制浆造纸工", "纸制品制作工", "化学检验员", "电工", "工业机器人系统运维员"],
    "hardware": ["车工", "铣工", "焊工", "装配钳工", "电工", "工业机器人系统运维员"],
    "toys": ["玩具制作工", "电工", "化学检验员"],
    "leather": ["制革工", "化学检验员", "电工"],
}

# (name, industry, size, workers). The first three are the article's.
ANHAI_ENTERPRISES = [
    ("福建省晋工机械有限公司", "hardware", "large", 150),
    ("晋江力利玩具有限公司", "toys", "medium", 80),
    ("福建恒安集团", "paper", "large", 220),
    ("晋江安海盛达食品有限公司", "food", "medium", 70),
    ("福建安平饮料有限公司", "food", "medium", 60),
    ("晋江市安海宏远食品厂", "food", "small", 35),
    ("晋江安海新华纸业有限公司", "paper", "medium", 65),
    ("福建金鹭纸品包装有限公司", "paper", "small", 40),
    ("晋江市安海恒昌五金制品有限公司", "hardware", "medium", 70),
    ("福建安海精工机械有限公司", "hardware", "medium", 75),
    ("晋江安海永兴阀门有限公司", "hardware", "small", 40),
    ("晋江市安海乐童玩具有限公司", "toys", "medium", 60),
    ("福建童趣文具有限公司", "toys", "small", 45),
    ("晋江安海兴业皮革有限公司", "leather", "medium", 60),
    ("晋江市安海鸿福制革有限公司", "leather", "small", 35),
]
JOINT_ENTERPRISES = [  # small firms under the town's joint union
    ("晋江市安海鑫源五金加工厂", "hardware", "micro", 12),
    ("晋江市安海味佳食品作坊", "food", "micro", 10),
    ("晋江市安海彩虹文具店", "toys", "micro", 8),
]
DONGSHI_ENTERPRISES = [
    ("晋江东石远航伞业有限公司", "toys", "medium", 70),
    ("晋江东石海峡食品有限公司", "food", "medium", 60),
    ("福建东石华兴机械有限公司", "hardware", "medium", 65),
    ("晋江东石新丰纸业有限公司", "paper", "small", 45),
    ("晋江东石宏泰鞋材有限公司", "leather", "small", 40),
]
# More towns of 晋江, so that the city competition has teams from several towns.
OTHER_TOWNS = [
    (
        "磁灶镇总工会",
        "磁灶",
        [
            ("晋江磁灶华泰陶瓷机械有限公司", "hardware", "medium", 45),
            ("晋江磁灶宏兴纸品有限公司", "paper", "small", 40),
        ],
    ),
    (
        "陈埭镇总工会",
        "陈埭",
        [
            ("晋江陈埭鸿星鞋业有限公司", "leather", "medium", 50),
            ("晋江陈埭康利食品有限公司", "food", "small", 40),
        ],
    ),
    (
        "青阳街道总工会",
        "青阳",
        [
            ("晋江青阳恒达文具有限公司", "toys", "medium", 45),
            ("晋江青阳佳美饮料有限公司", "food", "small", 40),
        ],
    ),
]
PLATFORMS = [
    ("美团", "网约配送员"),
    ("饿了么", "网约配送员"),
    ("顺丰速运", "快递员"),
    ("中通快递", "快递员"),
    ("货拉拉", "道路货运汽车驾驶员"),
]
PLATFORM_WORKERS = 120
ROSTER_SCALE = 1.1  # about 2,000 workers in all

SURNAMES = "陈林黄张吴王李蔡许郑施洪曾柯庄苏杨刘谢颜粘周蔡洪丁尤龚欧阳".replace("欧阳", "")
GIVEN = "志伟明华建国丽娟秀英小燕海峰晓东文杰碧霞雅婷金龙永福清水美玲婉如春梅少华振宇锦辉丽芳晓彪宏达淑珍育才家豪思远佳怡子涵俊杰一鸣"
REGIONS = ["350582"] * 12 + [
    "350583",
    "350581",
    "350521",
    "350524",
    "350525",
    "350526",
    "360731",
    "430524",
    "522722",
]


def _name(rng: random.Random) -> str:
    given_len = 2 if rng.random() < 0.82 else 1
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(given_len))


def _code(rng: random.Random) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    return "MA" + "".join(rng.choice(alphabet) for _ in range(7))


def _level(rng: random.Random, occupation: Occupation) -> int:
    weights = {
        L.NONE: 18,
        L.L5: 26,
        L.L4: 24,
        L.L3: 17,
        L.L2: 9,
        L.L1: 4,
        L.SPECIAL: 1,
        L.CHIEF: 0.5,
    }
    allowed = [lv for lv in weights if occupation.allows(lv)]
    return rng.choices(allowed, weights=[weights[lv] for lv in allowed])[0]


def _start(rng: random.Random, number: str, today: datetime.date) -> datetime.date:
    """A start date after the worker turned 18 and at least two months ago."""
    birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    earliest = max(
        birth.replace(year=birth.year + 18, day=min(birth.day, 28)),
        today - datetime.timedelta(days=365 * 15),
    )
    latest = today - datetime.timedelta(days=60)
    return earliest + datetime.timedelta(days=rng.randint(0, max(0, (latest - earliest).days)))


WORKSHOPS = ["一车间", "二车间", "三车间", "四车间"]  # i18n: data


def _person(
    rng: random.Random, seq: dict, *, female_share: float, today: datetime.date
) -> tuple[str, str]:
    female = rng.random() < female_share
    age = rng.randint(19, 58)
    birth = today - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
    region = rng.choice(REGIONS)
    while True:
        sequence = rng.randint(0, 499) * 2 + (0 if female else 1)
        number = make_id_number(region, birth, sequence)
        if number not in seq:
            seq[number] = True
            return _name(rng), number


def _mobile(rng: random.Random) -> str:
    return (
        rng.choice(["138", "139", "150", "158", "186", "188", "135", "137"])
        + f"{rng.randint(0, 99999999):08d}"
    )


def is_loaded() -> bool:
    return Organisation.objects.filter(name="福建省总工会").exists()


@transaction.atomic
def build(*, stdout=None) -> dict:
    """Build the roster part of the demo. Returns the demo accounts {username: description}."""
    rng = random.Random(SEED)
    today = timezone.localdate()
    platform_admin = User.objects.create_superuser(
        username="platform", password=DEMO_PASSWORD, display_name="系统管理员（演示）", email=""
    )

    def node(parent, name, kind, short=""):
        return create_organisation(
            by=platform_admin, parent=parent, name=name, kind=kind, short_name=short
        )

    K = Organisation.Kind
    with happened_at(on(SET_UP_ON, hour=9, minute=0)):  # before anything else is entered
        duty_accounts = duties.build(password=DEMO_PASSWORD)
    with happened_at(on(SET_UP_ON)):  # the tree, the enterprises and the roster
        province = node(None, "福建省总工会", K.PROVINCE)
        quanzhou = node(province, "泉州市总工会", K.CITY)
        jinjiang = node(quanzhou, "晋江市总工会", K.COUNTY)
        anhai = node(jinjiang, "安海镇总工会", K.TOWN, "安海")
        dongshi = node(jinjiang, "东石镇总工会", K.TOWN, "东石")
        joint = node(anhai, "安海镇小微企业联合工会", K.JOINT)
        riders = node(anhai, "安海镇新就业形态劳动者工会", K.INDUSTRY)

        industries = {
            code: Industry.objects.create(code=code, name=name, order=i)
            for i, (code, name) in enumerate(INDUSTRIES)
        }
        occupations = {}
        for code, name, lo, hi in OCCUPATIONS:
            occupations[name] = Occupation.objects.create(
                code=code, name=name, min_level=lo, max_level=hi
            )

        enterprises: list[tuple[Enterprise, str, int]] = []

        def add_enterprise(town, name, industry, size, count, *, union=None):
            if union is None:
                union = node(town, f"{name}工会", K.ENTERPRISE)
            region = "350582"
            enterprise = create_enterprise(
                by=platform_admin,
                union=union,
                name=name,
                credit_code=make_credit_code("91", region, _code(rng)),
                industry=industries[industry],
                size=size,
                address=f"福建省晋江市{town.short_name}镇{rng.choice(['工业区', '开发区', '镇区'])}{rng.randint(1, 300)}号",
            )
            enterprises.append((enterprise, industry, count))
            return enterprise

        for name, industry, size, count in ANHAI_ENTERPRISES:
            add_enterprise(anhai, name, industry, size, count)
        for name, industry, size, count in JOINT_ENTERPRISES:
            add_enterprise(anhai, name, industry, size, count, union=joint)
        for name, industry, size, count in DONGSHI_ENTERPRISES:
            add_enterprise(dongshi, name, industry, size, count)
        for town_name, short, town_enterprises in OTHER_TOWNS:
            town = node(jinjiang, town_name, K.TOWN, short)
            for name, industry, size, count in town_enterprises:
                add_enterprise(town, name, industry, size, count)

        # The roster, as rows of the import template, through the importer's own checks.
        seq: dict = {}
        rows: list[list] = []
        level_label = dict(SkillLevel.choices)
        for enterprise, industry, count in enterprises:
            count = round(count * ROSTER_SCALE)
            women = 0.72 if industry == "toys" else 0.55 if industry in ("food", "paper") else 0.3
            for n in range(count):
                name, number = _person(rng, seq, female_share=women, today=today)
                occupation = occupations[rng.choice(INDUSTRY_OCCUPATIONS[industry])]
                post = rng.choices(["", "key", "important", "hightech"], weights=[70, 12, 12, 6])[0]
                start = _start(rng, number, today)
                rows.append(
                    [
                        name,
                        number,
                        _mobile(rng),
                        enterprise.name,
                        "",
                        rng.choices(["正式用工", "劳务派遣"], weights=[88, 12])[0],
                        "",
                        f"{occupation.name}（{occupation.code}）",
                        rng.choice(["生产", "装配", "质检", "设备", "包装"]) + "岗",
                        {
                            "": "一般岗位",
                            "key": "关键岗位",
                            "important": "重点岗位",
                            "hightech": "高新技能岗位",
                        }[post],
                        level_label[_level(rng, occupation)],
                        "是" if rng.random() < 0.8 else "否",
                        start,
                        WORKSHOPS[n % min(len(WORKSHOPS), 1 + count // 25)],
                    ]
                )
        # Labour-relations coordinators (the unions' own staff): three in each enterprise of 40 or
        # more, one in each smaller one.
        for enterprise, _industry, count in enterprises:
            for _ in range(3 if count >= 40 else 1):
                name, number = _person(rng, seq, female_share=0.6, today=today)
                occupation = occupations["劳动关系协调员"]
                rows.append(
                    [
                        name,
                        number,
                        _mobile(rng),
                        enterprise.name,
                        "",
                        "正式用工",
                        "",
                        f"{occupation.name}（{occupation.code}）",
                        "工会专职干部",
                        "一般岗位",
                        level_label[rng.choice([L.L4, L.L3, L.L2])],
                        "否",
                        _start(rng, number, today),
                    ]
                )
        for _ in range(PLATFORM_WORKERS):
            name, number = _person(rng, seq, female_share=0.12, today=today)
            platform, occupation_name = rng.choice(PLATFORMS)
            occupation = occupations[occupation_name]
            rows.append(
                [
                    name,
                    number,
                    _mobile(rng),
                    "",
                    riders.name,
                    "新就业形态（平台）",
                    platform,
                    f"{occupation.name}（{occupation.code}）",
                    "配送",
                    "一般岗位",
                    level_label[rng.choice([L.NONE, L.NONE, L.L5, L.L4])],
                    "是",
                    _start(rng, number, today),
                ]
            )
        header_index = map_header([title for _k, title, _r in COLUMNS])
        lookups = importing.build_lookups(platform_admin)
        records, errors, _checked = validate_rows(rows, header_index, lookups)
        if errors:
            raise RuntimeError(f"demo roster does not validate: {errors[:3]}")
        from jiangxin.core import crypto

        digest = crypto.make_encryptor()[1]
        for r in records:
            r["id_hash"] = digest(r["id_number"])
        written, _new = importing.write_records(records, existing=set(), editable_org_ids=None)
        stamps.bump(stamps.ROSTER)
    with happened_at(
        on(SET_UP_ON + datetime.timedelta(days=1), hour=15)
    ):  # the roster, the day after
        record(
            action=AuditEntry.Action.IMPORT,
            actor=platform_admin,
            object_type="workers.importjob",
            object_repr=f"演示数据：{written} 名职工",
            org_path=province.path,
            changes={"created": written},
        )

    with happened_at(on(SET_UP_ON + datetime.timedelta(days=1), hour=16)):
        _honours(rng, by=platform_admin)
    _registrations(rng, seq, today)
    accounts = _accounts(
        platform_admin=platform_admin,
        quanzhou=quanzhou,
        jinjiang=jinjiang,
        anhai=anhai,
        dongshi=dongshi,
    )
    return {"platform": accounts["platform"], **duty_accounts, **accounts}  # the three first


def _honours(rng: random.Random, *, by: User) -> None:
    """Honours for some of the most skilled workers."""
    K, LV = Honour.Kind, Honour.Level
    skilled = list(Worker.objects.filter(skill_level__gte=L.L2).order_by("pk"))
    rng.shuffle(skilled)
    plans = [
        (K.MODEL_WORKER, LV.PROVINCE, ""),
        (K.MODEL_WORKER, LV.CITY, ""),
        (K.CRAFTSMAN, LV.CITY, "泉州工匠"),
        (K.CRAFTSMAN, LV.COUNTY, "晋江工匠"),
        (K.CRAFTSMAN, LV.PROVINCE, "八闽工匠"),
        (K.TECH_EXPERT, LV.CITY, ""),
        (K.TECH_EXPERT, LV.PROVINCE, ""),
        (K.SKILL_MASTER, LV.CITY, ""),
        (K.MAY_DAY_MEDAL, LV.PROVINCE, ""),
    ]
    for i, worker in enumerate(skilled[:60]):
        kind, level, title = plans[i % len(plans)]
        add_honour(
            by=by, worker=worker, kind=kind, level=level, title=title, year=rng.randint(2015, 2024)
        )


def _registrations(rng: random.Random, seq: dict, today: datetime.date) -> None:
    """Two workers of 晋工机械 who registered themselves and wait for their union's approval."""
    from jiangxin.accounts.services import register_worker

    enterprise = Enterprise.objects.get(name="福建省晋工机械有限公司")
    for days in (3, 1):
        name, number = _person(rng, seq, female_share=0.5, today=today)
        filed = days_ago(days, hour=rng.randint(8, 20))
        with happened_at(filed):
            registration = register_worker(
                name=name,
                id_number=number,
                mobile=_mobile(rng),
                enterprise=enterprise,
                password=DEMO_PASSWORD,
            )
        type(registration).objects.filter(pk=registration.pk).update(created=filed)


def _accounts(*, platform_admin, quanzhou, jinjiang, anhai, dongshi) -> dict[str, str]:
    def staff(username, display, node, role=Grant.Role.ADMIN):
        user = User.objects.create_user(
            username=username, password=DEMO_PASSWORD, display_name=display
        )
        Grant.objects.create(user=user, organisation=node, role=role)
        return user

    jingong = Organisation.objects.get(name="福建省晋工机械有限公司工会")
    lili = Organisation.objects.get(name="晋江力利玩具有限公司工会")
    staff("quanzhou", "泉州市总工会（只读）", quanzhou, Grant.Role.VIEWER)
    staff("jinjiang", "晋江市总工会管理员", jinjiang)
    staff("anhai", "安海镇总工会管理员", anhai)
    staff("dongshi", "东石镇总工会管理员", dongshi)
    staff("jingong", "晋工机械工会管理员", jingong)
    staff("lili", "力利玩具工会管理员", lili)
    worker = Worker.objects.filter(organisation=jingong, front_line=True).order_by("pk").first()
    account = User.objects.create_user(
        username="zhigong", password=DEMO_PASSWORD, display_name=worker.name
    )
    worker.account = account
    worker.save(update_fields=["account"])
    return {
        "platform": "系统管理员（超级用户）：全部数据，Django 管理后台；不授权，不看审计日志",
        "quanzhou": "泉州市总工会 查看者：只读",
        "jinjiang": "晋江市总工会 管理员",
        "anhai": "安海镇总工会 管理员",
        "dongshi": "东石镇总工会 管理员（安海的兄弟镇）",
        "jingong": "福建省晋工机械有限公司工会 管理员：可在泉州市总工会本年度泉州工匠创新工作室命名批次为本企业工作室申报复核确认",
        "lili": "晋江力利玩具有限公司工会 管理员",
        "zhigong": f"职工 {worker.name}（晋工机械）：只能看自己的档案",
    }
