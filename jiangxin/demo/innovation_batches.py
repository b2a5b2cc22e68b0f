"""The demo's naming batches (issue 10, item 2): each studio under Anhai is named by its naming
body's yearly batch (``demo.innovation.NAMED_BY``), built with the batches' services, so each
named studio has its application (endorsed by 安海镇总工会, scored by three experts, averaged,
approved), its 公示, its plaque number (the batch's sequence under the body's own prefix, the
number on the studio), its naming certificate (checked at ``/verify/<code>/``) and its naming
subsidy (命名补助, linked to the application).

- 泉州市总工会 (city; 泉州工匠创新工作室, plaque 泉州工匠工作室〔year〕n号): 晋工机械's in 2022,
  新华纸业's in 2023, 兴业皮革's in 2024. Its batches are run by its admin (``quanzhoushi``, an
  account with no password: the demo's 泉州 login is a viewer);
- 晋江市总工会 (county; 晋江工作室〔year〕n号): 力利玩具's 技能大师工作室 in 2024, run by ``jinjiang``;
- 安海镇总工会 (town; 安海工作室〔year〕n号): the toy maker's 职工创新工作室 in 2021 (delisted after
  its 2023 review, below), 盛达食品's in 2023, 恒安集团's and 精工机械's in 2025;
- this year's 泉州 batch is open: 新华纸业's studio applies for 复核确认, endorsed by the town,
  scored by two of the three experts — ``zhuanjia`` (评审专家, who lands on the batches) still
  has to score it; and ``jingong`` (晋工机械's union) may apply for its own studio's 复核确认.

The calendar: the services take today for the steps a person takes (naming day, submission and
decision times, the deadline check). A past batch is run through them with its deadline open and
its 公示 started on its historic day (so the window is over); then the days are set back to
history on the rows (deadline, times, naming day on the studio and the certificate), as the other
demo modules date what happened before the demo was loaded. Audit entries carry the event's time
(``happened_at``); batches before the platform's set-up were entered from the union's files just
after it (``ENTERED``), like the studios.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jiangxin.accounts.models import Grant, User
from jiangxin.demo.clock import happened_at, on, past
from jiangxin.demo.innovation import (
    CITY,
    COUNTY,
    DELISTED,
    ENTERED,
    NAMED,
    PASSWORD,
    STUDIOS,
    TOWN,
    naming_body,
    subject,
)
from jiangxin.demo.roster import SET_UP_ON
from jiangxin.innovation import services, services_batches, services_naming
from jiangxin.innovation.models import (
    ApplicationFile,
    ExpertScore,
    NamingBatch,
    NamingCertificate,
    Studio,
    StudioApplication,
    SubsidyGrant,
)
from jiangxin.organisations.models import Organisation

D = datetime.date
DAY = datetime.timedelta(days=1)
# each body's batches: (the admin who runs them, plaque prefix, title, kinds)
BODIES = {
    TOWN: ("anhai", "安海工作室", "{year}年安海镇创新工作室命名", list(Studio.Kind.values)),
    COUNTY: ("jinjiang", "晋江工作室", "{year}年晋江市技能大师工作室命名", ["skill_master"]),
    CITY: ("quanzhoushi", "泉州工匠工作室", "{year}年泉州工匠创新工作室命名", ["craftsman"]),
}
EXPERTS = [  # (username, display name); only the first logs in
    ("zhuanjia", "评审专家 林振华"),
    ("zhuanjia2", "评审专家 黄志坚"),
    ("zhuanjia3", "评审专家 蔡雅琴"),
]
# a minimal PDF: what an enterprise union uploads as its 申报书 (checked by content)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
# each expert's deductions from the items' maxima (场所, 设施, 团队, 制度, 经费, 台账, 成效)
DEDUCTIONS = [
    (1, 2, 2, 1, 1, 0, 2),
    (2, 1, 3, 0, 1, 1, 3),
    (1, 1, 2, 1, 2, 1, 1),
]


def _experts() -> list[User]:
    users = []
    for username, display in EXPERTS:
        password = PASSWORD if username == "zhuanjia" else None  # the others: no login
        users.append(
            User.objects.create_user(username=username, password=password, display_name=display)
        )
    return users


def _at(day: datetime.date, hour: int):
    """The audit time of a step: its day once the platform ran, else the files' entry."""
    return happened_at(past(on(day if day >= SET_UP_ON else ENTERED, hour=hour)))


def _points(batch: NamingBatch, expert_no: int, studio_no: int) -> dict[int, Decimal]:
    # studios a little apart: every other one loses half a point more on 成效
    cuts = DEDUCTIONS[expert_no]
    return {
        item.pk: Decimal(item.max_points - cut)
        - (Decimal("0.5") if j == 6 and studio_no % 2 else 0)
        for j, (item, cut) in enumerate(zip(batch.items.all(), cuts, strict=True))
    }


def _city_admin() -> User:
    """泉州市总工会's admin, who runs its batches; no password (the demo's 泉州 login views)."""
    user = User.objects.create_user(username="quanzhoushi", display_name="泉州市总工会管理员")
    Grant.objects.create(
        user=user, organisation=Organisation.objects.get(name=CITY), role=Grant.Role.ADMIN
    )
    return user


def _open(body: Organisation, year: int, *, experts: list[User], opened: datetime.date):
    username, prefix, title, kinds = BODIES[body.name]
    with _at(opened, 9):
        return services_batches.open_batch(
            by=User.objects.get(username=username),
            organisation=body,
            title=title.format(year=year),
            year=year,
            kinds=kinds,
            # open to applications today, whatever the batch's year: set back below
            deadline=max(timezone.localdate(), opened + 30 * DAY),
            plaque_prefix=prefix,
            experts=experts,
        )


def _apply(batch, studio: Studio, *, by: User, day: datetime.date) -> StudioApplication:
    with _at(day, 10):
        return services_batches.apply_for_studio(
            by=by,
            batch=batch,
            studio=studio,
            files=[SimpleUploadedFile("申报书.pdf", PDF, content_type="application/pdf")],
            yearly_project=f"{subject(studio)}攻关",
            statement=f"{studio.enterprise.name}工会申报。",
        )


def _endorse_and_score(application, *, town_admin, experts, day, studio_no: int) -> None:
    with _at(day, 11):
        services_batches.endorse_application(
            by=town_admin, application=application, opinion="材料齐全，同意推荐"
        )
    for k, expert in enumerate(experts):
        with _at(day + 5 * DAY, 14 + k):
            services_batches.record_scores(
                by=expert,
                application=application,
                points=_points(application.batch, k, studio_no),
            )


def _past_batch(
    body, year: int, named_on: datetime.date, studios, *, town_admin, platform, experts
) -> None:
    """A batch of the past, from opening to naming, then its days set back to history: the
    enterprise unions apply, the town endorses, the body's admin decides, publishes and names."""
    opened = named_on - 60 * DAY
    batch = _open(body, year, experts=experts, opened=opened)
    body_admin = User.objects.get(username=BODIES[body.name][0])
    applications = []
    for n, studio in enumerate(studios):
        # the enterprise unions applied on paper; the platform entered them
        application = _apply(batch, studio, by=platform, day=opened + 10 * DAY)
        _endorse_and_score(
            application,
            town_admin=town_admin,
            experts=experts,
            day=opened + 20 * DAY,
            studio_no=n + year,
        )
        with _at(opened + 35 * DAY, 10):
            services_batches.decide_application(
                by=body_admin, application=application, approve=True
            )
        applications.append(application)
    publicity_from = named_on - 15 * DAY  # a past window: over, so naming may follow
    with _at(publicity_from, 9):
        services_naming.start_publicity(by=body_admin, batch=batch, first_day=publicity_from)
    for application in applications:
        with _at(named_on, 10):
            services_naming.name_studio(by=body_admin, application=application)
    _back_to_history(batch, opened, named_on)


def _back_to_history(batch: NamingBatch, opened: datetime.date, named_on: datetime.date) -> None:
    """The rows' own days, which the services set from the calendar (see the docstring)."""
    NamingBatch.objects.filter(pk=batch.pk).update(
        deadline=opened + 15 * DAY, created=on(opened, hour=9)
    )
    rows = StudioApplication.objects.filter(batch=batch)
    rows.update(
        submitted_at=on(opened + 10 * DAY, hour=10),
        endorsed_at=on(opened + 20 * DAY, hour=11),
        decided_at=on(opened + 35 * DAY, hour=10),
        named_at=on(named_on, hour=10),
    )
    ApplicationFile.objects.filter(application__in=rows).update(
        uploaded_at=on(opened + 10 * DAY, hour=10)
    )
    ExpertScore.objects.filter(application__in=rows).update(
        scored_at=on(opened + 25 * DAY, hour=15)
    )
    Studio.objects.filter(applications__in=rows).update(named_on=named_on)
    NamingCertificate.objects.filter(application__in=rows).update(
        dated=named_on, issued_at=on(named_on, hour=10)
    )
    SubsidyGrant.objects.filter(application__in=rows).update(created=on(named_on, hour=10))


def _open_batch(city, *, town_admin, platform, experts) -> None:
    """This year's 泉州 batch, open: one application waiting for ``zhuanjia``'s scores."""
    today = timezone.localdate()
    year = max(today.year, 2026)
    batch = _open(city, year, experts=experts, opened=today - 20 * DAY)
    xinhua = Studio.objects.get(enterprise__name="晋江安海新华纸业有限公司")
    application = _apply(batch, xinhua, by=platform, day=today - 15 * DAY)
    with _at(today - 10 * DAY, 11):
        services_batches.endorse_application(
            by=town_admin, application=application, opinion="运行三年，成效明显，同意推荐复核"
        )
    for k, expert in enumerate(experts[1:], start=1):  # zhuanjia has yet to score
        with _at(today - 5 * DAY, 14 + k):
            services_batches.record_scores(
                by=expert, application=application, points=_points(batch, k, 0)
            )
    NamingBatch.objects.filter(pk=batch.pk).update(created=past(on(today - 20 * DAY, hour=9)))


def _delist(town, *, by: User) -> None:
    """The toy maker's studio failed its 2023 review (its history: ``innovation_record``)."""
    studio = Studio.objects.get(enterprise__name=DELISTED)
    with _at(D(2023, 12, 20), 17):
        services.update_studio(
            by=by,
            studio=studio,
            state=Studio.State.DELISTED,
            delisted_on=D(2023, 12, 20),
            barred_until=D(2025, 12, 20),
        )


def build() -> dict[str, str]:
    platform = User.objects.get(username="platform")
    town_admin = User.objects.get(username="anhai")
    town = Organisation.objects.get(name=TOWN)
    _city_admin()
    experts = _experts()
    # (body, year) → (naming day, studios): one batch each
    batches: dict[tuple[str, int], tuple[datetime.date, list[Studio]]] = {
        (TOWN, 2021): (D(2021, 6, 1), [Studio.objects.get(enterprise__name=DELISTED)])
    }
    for enterprise, *_rest, named_on in STUDIOS:
        key = (naming_body(enterprise), named_on.year)
        day, studios = batches.setdefault(key, (named_on, []))
        assert day == named_on, "one naming day per batch"
        studios.append(Studio.objects.get(enterprise__name=enterprise))
    for (body, year), (named_on, studios) in sorted(batches.items(), key=lambda kv: kv[1][0]):
        _past_batch(
            Organisation.objects.get(name=body),
            year,
            named_on,
            studios,
            town_admin=town_admin,
            platform=platform,
            experts=experts,
        )
    _delist(town, by=platform)
    city = Organisation.objects.get(name=CITY)
    _open_batch(city, town_admin=town_admin, platform=platform, experts=experts)
    assert Studio.objects.filter(org_path__startswith=town.path).named().count() == NAMED
    return {
        "zhuanjia": "评审专家：泉州工匠创新工作室本年度命名批次的评分队列（一份复核申报待其评分）",
    }
