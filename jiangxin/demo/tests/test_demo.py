"""The demo builds the article's union tree and a valid synthetic roster, with a login per role."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from jiangxin.accounts.models import User
from jiangxin.demo import roster
from jiangxin.ops.backup import drill, take_dump
from jiangxin.organisations.models import Enterprise, Industry, Organisation
from jiangxin.workers.idnumber import parse_id_number
from jiangxin.workers.models import Occupation, Worker


def test_the_union_tree_of_the_article(demo):
    anhai = Organisation.objects.get(name="安海镇总工会")
    assert [a.name for a in anhai.ancestors()] == ["福建省总工会", "泉州市总工会", "晋江市总工会"]
    assert Organisation.objects.filter(kind=Organisation.Kind.TOWN).count() >= 2  # another town too
    for name in ["福建省晋工机械有限公司", "晋江力利玩具有限公司", "福建恒安集团"]:
        assert Enterprise.objects.get(name=name).union.path.startswith(anhai.path)
    assert set(Industry.objects.values_list("name", flat=True)) == {
        "食品饮料",
        "纸制品",
        "五金机械",
        "玩具文具",
        "制革",
    }
    assert (
        Occupation.objects.get(name="劳动关系协调员").level_labels()
        == "四级/中级工、三级/高级工、二级/技师、一级/高级技师"
    )


def test_about_two_thousand_workers_with_valid_id_numbers(demo):
    workers = list(Worker.objects.all())
    assert 1800 <= len(workers) <= 2300
    for worker in workers:
        parsed = parse_id_number(worker.id_number())
        assert parsed.gender == worker.gender and parsed.birth_date == worker.birth_date
        assert worker.org_path == worker.organisation.path
    assert Worker.objects.filter(employment_form=Worker.EmploymentForm.PLATFORM).exists()


@pytest.mark.parametrize(
    "username",
    [
        "platform",
        "anquan",
        "shenji",
        "quanzhou",
        "jinjiang",
        "anhai",
        "dongshi",
        "jingong",
        "lili",
        "zhigong",
        "lingban",
        "zhuanjia",
    ],
)
def test_every_demo_login_works(demo, username):
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": username, "password": roster.DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(response["Location"], follow=True).status_code == 200


def test_the_three_duties_are_three_accounts(demo):
    """三员分立: ``platform`` (a superuser) is the system administrator; the security and audit
    administrators each have an account of their own; none holds two."""
    from django.core.checks import run_checks

    from jiangxin.accounts.policies import platform_role

    duties = {
        name: platform_role(User.objects.get(username=name))
        for name in ("platform", "anquan", "shenji")
    }
    assert duties == {"platform": "system", "anquan": "security", "shenji": "audit"}
    assert not [
        e for e in run_checks(databases=["default"]) if e.id.startswith(("accounts.", "audit."))
    ]


def test_loading_twice_changes_nothing(demo):
    before = Worker.objects.count()
    call_command("load_demo", verbosity=0)
    assert Worker.objects.count() == before


def test_registrations_wait_for_the_enterprise_union(demo):
    from jiangxin.accounts.models import Registration, User

    pending = Registration.objects.filter(status=Registration.Status.PENDING)
    assert pending.count() == 2
    assert {r.enterprise.name for r in pending} == {"福建省晋工机械有限公司"}
    jingong = User.objects.get(username="jingong")
    assert set(Registration.objects.editable_by(jingong)) == set(pending)


def test_the_city_competition_reproduces_the_article_by_computation(demo):
    from jiangxin.accounts.models import User
    from jiangxin.competitions import services
    from jiangxin.competitions.models import Competition, Result

    city = Competition.objects.get(title="晋江市首届劳动关系协调员职业技能竞赛")
    assert city.entries.count() >= 30 and city.delegations.count() >= 3
    stored = {r.entry_id: (r.rank, r.total) for r in Result.objects.filter(competition=city)}
    # Recompute from the judges' marks: the same ranks and totals come out.
    Competition.objects.filter(pk=city.pk).update(status=Competition.Status.LOCKED)
    services.compute_results(by=User.objects.get(username="platform"), competition=city)
    results = list(
        Result.objects.filter(competition=city)
        .select_related("entry__worker__enterprise", "entry__delegation")
        .order_by("rank")
    )
    assert {r.entry_id: (r.rank, r.total) for r in results} == stored
    first = [r for r in results if r.rank == 1]
    assert [r.entry.worker.enterprise.name for r in first] == ["福建省晋工机械有限公司"]
    top6 = [r for r in results if r.rank <= 6]
    assert len(top6) == 6 and sum(1 for r in top6 if r.entry.delegation.name == "安海代表队") == 4


def test_the_womens_competition_entered_every_front_line_woman(demo):
    from jiangxin.competitions.models import Competition

    womens = Competition.objects.get(title="晋江力利玩具有限公司首届女职工技能竞赛")
    union = Organisation.objects.get(name="晋江力利玩具有限公司工会")
    expected = set(
        Worker.objects.filter(organisation=union, gender="F", front_line=True).values_list(
            "pk", flat=True
        )
    )
    assert expected and set(womens.entries.values_list("worker_id", flat=True)) == expected


def test_published_results_page_shows_the_winner_masked(demo):
    from jiangxin.competitions.models import Competition, Result

    city = Competition.objects.get(title="晋江市首届劳动关系协调员职业技能竞赛")
    winner = Result.objects.get(competition=city, rank=1).entry.worker
    body = Client().get(f"/results/{city.pk}/").content.decode()
    assert winner.name[0] + "*" * (len(winner.name) - 1) in body and winner.name not in body
    assert "福建省晋工机械有限公司" in body


def test_the_winners_certificates_check_out(demo):
    from jiangxin.competitions.models import Certificate, Competition

    city = Competition.objects.get(title="晋江市首届劳动关系协调员职业技能竞赛")
    certificates = Certificate.objects.filter(competition=city)
    assert certificates.count() == 6  # 一等奖 1, 二等奖 2, 三等奖 3
    first = certificates.get(rank=1)
    body = Client().get(f"/verify/{first.display_code}/").content.decode()
    assert "证书真实有效" in body and "福建省晋工机械有限公司" in body


def test_the_demo_worker_can_sit_the_drills_online_exam(demo):
    from jiangxin.exams.models import Paper, Question

    paper = Paper.objects.get(component__competition__title="2026年安海镇劳动关系协调员岗位练兵")
    assert len(paper.items) == 21 and paper.total_points == 100
    assert Question.objects.filter(organisation__name="晋江市总工会").count() == 26
    client = Client()
    client.force_login(Worker.objects.get(account__username="zhigong").account)
    assert "开始考试" in client.get(f"/exam/{paper.pk}/").content.decode()


def test_the_mentoring_programme_counts_156_pairs_in_2025_from_its_records(demo):
    from jiangxin.mentoring.models import Pair, Programme

    programme = Programme.objects.get(name="安海镇2025年名师带高徒")
    figures = Pair.objects.filter(programme=programme).figures(2025)
    links = Pair.objects.filter(programme=programme, starts_on__year=2025).exclude(
        status="proposed"
    )
    assert figures["pairs"] == links.count() == 156
    assert figures["one_to_one"] > 0 and figures["one_to_many"] > 0  # both modes
    assert figures["one_to_one"] + figures["one_to_many"] == 156
    assert all(figures["status"][s] > 0 for s in ("active", "graduated", "failed", "ended"))
    assert Pair.objects.filter(programme=programme, status="proposed").exists()
    admin = Client()
    admin.force_login(User.objects.get(username="anhai"))
    body = admin.get(f"/mentoring/{programme.pk}/").content.decode()
    assert 'data-testid="pairs-formed">156<' in body


def test_the_demo_master_has_a_running_pair_with_months_due(demo):
    from django.utils import timezone

    from jiangxin.mentoring import ledger
    from jiangxin.mentoring.models import Pair

    shifu = User.objects.get(username="shifu")
    client = Client()
    client.force_login(shifu)
    page = client.get("/mentoring/mine/")
    assert "我的带徒" in [item["label"] for item in page.context["nav"]]
    today = timezone.localdate()
    dues = [
        ledger.due(p.starts_on, p.ends_on, today, p.checkins.values_list("month", flat=True))
        for p in Pair.objects.filter(master__account=shifu, status="active")
    ]
    due = next(d for d in dues if d)
    assert due[0] < ledger.first_of(today)  # last month overdue, then this month
    assert f"填写 {due[0]:%Y-%m} 的记录" in page.content.decode()


def test_the_roster_searchs_example_hint_finds_someone(demo):
    from jiangxin.core import stamps
    from jiangxin.workers.forms import WorkerFilterForm

    platform = User.objects.get(username="platform")
    form = WorkerFilterForm(user=platform, stamp=stamps.current(stamps.ROSTER))
    hint = form.fields["q"].widget.attrs["placeholder"]  # "如 chen 或 czw"
    examples = [w for w in hint.replace("如", "").replace("或", " ").split() if w]
    assert examples
    for example in examples:
        assert Worker.objects.search(example).exists(), example


def test_demo_audit_rows_carry_the_time_of_their_event(demo):
    import datetime

    from django.utils import timezone

    from jiangxin.accounts.models import Registration
    from jiangxin.audit.models import AuditEntry

    imported = AuditEntry.objects.get(
        action=AuditEntry.Action.IMPORT, object_repr__startswith="演示数据"
    )
    assert timezone.localtime(imported.at).date() == datetime.date(2024, 12, 3)  # the day after
    tree = AuditEntry.objects.filter(
        object_type="organisations.organisation", action=AuditEntry.Action.CREATE
    )
    assert {timezone.localtime(e.at).date() for e in tree} == {datetime.date(2024, 12, 2)}
    # The tree and the roster come first: no event of the story predates its union.
    first = AuditEntry.objects.order_by("at").first()
    assert timezone.localtime(first.at).date() == datetime.date(2024, 12, 2)
    for registration in Registration.objects.filter(status=Registration.Status.PENDING):
        entry = AuditEntry.objects.get(
            object_type="accounts.registration", object_id=str(registration.pk)
        )
        # filed on an earlier day (1 and 3 days ago, office hours): in the past whatever the hour
        assert entry.at == registration.created < timezone.now() - datetime.timedelta(hours=1)


def test_no_demo_audit_row_is_dated_at_load_time(demo_data, demo):
    """Every audit row of the demo records an event of its story, at that event's time: the
    competitions' steps on their days, the pairs approved on their first day, the monthly logs
    in their month."""
    import datetime

    from django.utils import timezone

    from jiangxin.audit.models import AuditEntry
    from jiangxin.competitions.models import Competition
    from jiangxin.mentoring.models import CheckIn, Pair

    def day(moment):
        return timezone.localtime(moment).date()

    A = AuditEntry.Action
    rows = AuditEntry.objects.all()
    assert rows.count() > 2000
    assert rows.filter(at__gte=demo_data - datetime.timedelta(minutes=30)).count() == 0
    for competition in Competition.objects.filter(status=Competition.Status.FINAL):
        log = rows.filter(object_type="competitions.competition", object_id=str(competition.pk))
        assert log.order_by("at").first().at == competition.created  # set up first
        assert competition.created < competition.registration_opens - datetime.timedelta(days=7)
        days = {day(e.at) for e in log.exclude(action=A.CREATE)}
        assert competition.held_on in days  # started, and the results computed, that day
        assert max(days) <= day(competition.finalised_at) + datetime.timedelta(days=1)
        assert max(day(e.at) for e in log) < timezone.localdate()
        components = rows.filter(object_type="competitions.component", action=A.UPDATE)
        locked = components.filter(object_id__in=[str(c.pk) for c in competition.components.all()])
        assert locked.exists() and {day(e.at) for e in locked} == {competition.held_on}
    drill = Competition.objects.get(status=Competition.Status.RUNNING)
    assert drill.registration_opens < drill.registration_closes < timezone.now()
    pairs = Pair.objects.filter(approved_at__isnull=False)
    assert pairs.count() == 156
    approvals = {
        int(e.object_id): day(e.at)
        for e in rows.filter(object_type="mentoring.pair", action=A.APPROVE)
    }
    for pair in pairs:
        assert approvals[pair.pk] == pair.starts_on == day(pair.approved_at)
    months = dict(CheckIn.objects.values_list("pk", "month"))
    logs = rows.filter(object_type="mentoring.checkin", action=A.CREATE)
    assert logs.count() == len(months) > 1000
    for log in logs:
        written, month = day(log.at), months[int(log.object_id)]
        assert (written.year, written.month) == (month.year, month.month)


def test_entries_and_marks_are_dated_to_their_competitions_days(demo_data, demo):
    """An entry was made while registration was open, each mark on the contest day before the
    lock (practical 13:00–16:00, paper marks in the morning), the results computed that day."""
    import datetime

    from django.utils import timezone

    from jiangxin.competitions.models import Competition, Entry, ExamScore, Result, Score

    def local(moment):
        return timezone.localtime(moment)

    before_load = demo_data - datetime.timedelta(hours=1)
    for competition in Competition.objects.all():
        entries = Entry.objects.filter(competition=competition)
        assert entries.exists(), competition
        for entry in entries:
            opened, closed = competition.registration_opens, competition.registration_closes
            assert opened <= entry.created <= closed < before_load, entry
    finished = Competition.objects.filter(status=Competition.Status.FINAL)
    assert finished.count() == 2
    for competition in finished:
        day, lock = competition.held_on, competition.ended_at  # locked at 16:30
        scores = Score.objects.filter(entry__competition=competition)
        assert scores.count() > 0
        for score in scores:
            at = local(score.created)
            assert at.date() == day and at.hour >= 13 and score.created <= lock, score
        for mark in ExamScore.objects.filter(entry__competition=competition):
            assert local(mark.created).date() == day and local(mark.created).hour < 12, mark
        for result in Result.objects.filter(competition=competition):
            assert local(result.computed).date() == day and result.computed > lock


def test_a_restore_of_the_demo_holds_every_row_and_decrypts(demo):
    """The backup drill on the demo (issue 9, fault 5): dump, restore into a scratch database,
    every table's rows and checksum equal, encrypted values decrypt with the data key."""
    out = io.StringIO()
    call_command("restore_drill", stdout=out)
    report = drill()
    assert report.ok
    workers = next(t for t in report.tables if t.table == Worker._meta.db_table)
    assert workers.rows == workers.restored_rows == Worker.objects.count() > 1000
    assert report.decrypted >= 20  # a sample of every encrypted column
    assert "还原演练通过" in out.getvalue()


def test_the_drill_finds_a_restore_that_differs(demo, tmp_path):
    dump = take_dump(tmp_path / "before.dump")
    Occupation.objects.create(name="演练后新增工种", code="6-99-99-99", min_level=1, max_level=5)
    report = drill(dump)
    differing = [t.table for t in report.tables if not t.same]
    assert differing == [Occupation._meta.db_table]
    with pytest.raises(CommandError, match="还原结果与数据库不一致"):
        call_command("restore_drill", dump=dump, stdout=io.StringIO())


def test_the_county_admin_logs_in_with_the_printed_totp_secret(demo):
    """jinjiang (晋江市总工会 管理员) must give a code: the secret the demo prints yields it."""
    from django_otp.oath import totp

    from jiangxin.demo.management.commands.load_demo import DEMO_TOTP_HEX

    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "jinjiang", "password": roster.DEMO_PASSWORD}
    )
    assert response["Location"] == "/accounts/2fa/verify/"
    code = f"{totp(bytes.fromhex(DEMO_TOTP_HEX)):06d}"
    response = client.post("/accounts/2fa/verify/", {"code": code})
    assert response.status_code == 302
    assert client.get(response["Location"], follow=True).status_code == 200
