"""The demo's 名师带高徒 (issue #4), run through the real services.

安海镇2025年名师带高徒: the matcher proposes pairs for the whole town (cross-enterprise pairs
allowed) and 156 of them are formed through 2025, one to one and one to many. Each master files a
monthly log; the pairs whose twelve months are over are assessed — most graduate (出师), some
fail, a few ended early — and half of the graduates rose a skill level since. The pairs formed
in the last months of 2025 are still running, some with a month not logged; a few pairs of this
month wait for approval. The figure on the programme page (156 pairs in 2025) is counted from
these records. The master ``shifu`` can log in: one of their pairs is running, with last month
overdue and this month due.

The audit rows carry the story's moments: the programme and its matching in December 2024, each
pair proposed and approved on its first day, a month's log near that month's end, the mid-term
assessment half-way, the final one on the last day, a graduate's new level three weeks later."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from jiangxin.accounts.models import User
from jiangxin.demo.clock import happened_at, on, past
from jiangxin.mentoring import ledger, services
from jiangxin.mentoring.models import Pair
from jiangxin.organisations.models import Organisation
from jiangxin.workers import services as workers
from jiangxin.workers.models import SkillLevel, Worker

PASSWORD = "Jiangxin@2025"
PAIRS_2025 = 156
TOPICS = [
    "安全操作规程与设备点检",
    "工艺参数调整",
    "典型故障判断与排除",
    "质量检验方法",
    "新设备操作",
    "技能等级鉴定辅导",
]


def build() -> dict[str, str]:
    rng = random.Random(2025)
    platform = User.objects.get(username="platform")
    anhai = Organisation.objects.get(name="安海镇总工会")
    with happened_at(on(datetime.date(2024, 12, 16), hour=10)):
        programme = services.create_programme(
            by=platform, organisation=anhai, year=2025, name="安海镇2025年名师带高徒", capacity=3
        )
        run = services.run_matching(
            by=platform, programme=programme, scope=anhai, cross_enterprise=True
        )
    proposal = sorted(run.proposal, key=lambda p: (p["master"], p["apprentice"]))
    rng.shuffle(proposal)
    if len(proposal) < PAIRS_2025 + 4:
        raise RuntimeError(f"the demo roster yields {len(proposal)} pairs, fewer than needed")
    people = Worker.objects.in_bulk(
        [p["apprentice"] for p in proposal] + [p["master"] for p in proposal]
    )
    today = timezone.localdate()
    formed = []
    for i, p in enumerate(proposal[:PAIRS_2025]):
        # spread over 2025: most start in spring, the last ones in November and December
        month = 1 + min(11, int(12 * (i / PAIRS_2025) ** 1.6))
        apprentice = people[p["apprentice"]]
        starts_on = datetime.date(2025, month, 1)
        with happened_at(on(starts_on, hour=9)):
            pair = services.propose_pair(
                by=platform,
                programme=programme,
                master=people[p["master"]],
                apprentice=apprentice,
                starts_on=starts_on,
                target_level=min(SkillLevel.L2, apprentice.skill_level + 1),
                skills=rng.choice(TOPICS),
            )
        approved = on(starts_on, hour=10)
        with happened_at(approved):
            services.approve_pair(by=platform, pair=pair)
        Pair.objects.filter(pk=pair.pk).update(approved_at=approved)
        formed.append(pair)
    this_month = ledger.first_of(today)
    for p in proposal[PAIRS_2025 : PAIRS_2025 + 4]:
        with happened_at(on(this_month - datetime.timedelta(days=5), hour=15)):
            services.propose_pair(
                by=platform,
                programme=programme,
                master=people[p["master"]],
                apprentice=people[p["apprentice"]],
                starts_on=this_month,
            )
    # masters' accounts, for their monthly logs (one of them can log in)
    masters = sorted({pair.master_id for pair in formed})
    accounts = {}
    # ``shifu`` teaches a pair still running, whose last month and this one are not logged yet:
    # their menu's 我的带徒 shows the months due and the form opens on the earliest.
    running = [p for p in formed if p.ends_on > today and p.starts_on < ledger.first_of(today)]
    shifu_pair = next(
        (p for p in running if people[p.master_id].account_id is None),
        next(p for p in formed if people[p.master_id].account_id is None),
    )
    shifu = people[shifu_pair.master_id]
    for master_id in masters:
        worker = people[master_id]
        if worker.account_id:  # already has an account (a demo login)
            accounts[master_id] = User.objects.get(pk=worker.account_id)
            continue
        first = worker.pk == shifu.pk
        user = User.objects.create_user(
            username="shifu" if first else f"shifu{master_id}",
            password=PASSWORD if first else None,
            display_name=worker.name,
        )
        Worker.objects.filter(pk=master_id).update(account=user)
        accounts[master_id] = user
    for k, pair in enumerate(formed):
        run_months = [
            m for m in ledger.months(pair.starts_on, pair.ends_on) if m <= ledger.first_of(today)
        ]
        skip = {run_months[-2]} if k % 9 == 0 and len(run_months) > 2 else set()
        if pair.pk == shifu_pair.pk:
            skip = set(run_months[-2:])  # last month (overdue) and this one (due)
        for m in run_months:
            if m in skip and pair.ends_on > today:
                continue  # a month not logged: shown as overdue
            # on the 25th, or before the load, but never before the month began
            logged = max(
                on(m, hour=0, minute=0), past(on(m + datetime.timedelta(days=24), hour=17))
            )
            with happened_at(logged):
                services.record_checkin(
                    by=accounts[pair.master_id],
                    pair=pair,
                    month=m,
                    content=rng.choice(TOPICS),
                    hours=rng.choice([8, 10, 12, 16]),
                )
        if pair.ends_on > today:
            continue
        closed = past(on(pair.ends_on, hour=15))
        if k % 25 == 3:
            with happened_at(closed):
                services.end_pair(by=platform, pair=pair, reason="徒弟调岗")
            Pair.objects.filter(pk=pair.pk).update(closed_at=closed)
            continue
        with happened_at(on(pair.starts_on + datetime.timedelta(days=182), hour=15)):
            services.assess(
                by=platform, pair=pair, kind="mid", grade=rng.choice(["excellent", "pass"])
            )
        grade = "fail" if k % 11 == 5 else rng.choice(["excellent", "excellent", "pass"])
        with happened_at(closed):
            services.assess(by=platform, pair=pair, kind="final", grade=grade)
        Pair.objects.filter(pk=pair.pk, closed_at__isnull=False).update(closed_at=closed)
        if grade != "fail" and k % 2 == 0:
            apprentice = Worker.objects.select_related("occupation").get(pk=pair.apprentice_id)
            occupation = apprentice.occupation
            risen = max(apprentice.skill_level + 1, occupation.min_level if occupation else 0)
            if occupation is None or risen <= occupation.max_level:
                with happened_at(past(on(pair.ends_on + datetime.timedelta(days=21)))):
                    workers.update_worker(by=platform, worker=apprentice, skill_level=risen)
    assert Pair.objects.filter(programme=programme).formed().count() == PAIRS_2025
    return {"shifu": f"师傅 {shifu.name}：填写带徒记录"}
