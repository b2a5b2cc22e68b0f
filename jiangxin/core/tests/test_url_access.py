"""Every URL in the URLconf is in the access matrix: what an anonymous visitor and an outsider
(an account with no grant, no roster record, no duty) get from it.

The test walks ``get_resolver()`` (nested includes and namespaces too) and fails, naming it, on
any URL name missing from the tables below — a new view must say here who may open it. The
tables are by app; each row gives the method, the URL's arguments (keys of the ``objects``
fixture: real rows owned by someone else, so an outsider's 404 is the access rule, not a missing
row) and the two expectations. The finer matrices (viewer above, sibling branch, judge of another
competition…) live in each app's tests.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from jiangxin.accounts.services import create_api_token
from jiangxin.competitions.models import Appeal, Remark
from jiangxin.competitions.tests.conftest import running  # noqa: F401  (fixture)
from jiangxin.core import crypto
from jiangxin.core.tests.url_matrix import (  # noqa: F401  (the CSP crawl and fuzz read them here too)
    ADMIN_LOGIN,
    BACKEND,
    LOGIN,
    MATRIX,
    MISSING,
    Rule,
    rule_for,
    unlisted,
    url_patterns,
)
from jiangxin.innovation.tests.batches_fixtures import (  # noqa: F401  (fixtures)
    application,
    applying_studio,
    batch,
    experts,
    named,
)
from jiangxin.innovation.tests.conftest import studio, studio_people  # noqa: F401  (fixtures)
from jiangxin.innovation.tests.contest_fixtures import (  # noqa: F401  (fixtures)
    draft,
    edition,
    submitted,
)
from jiangxin.innovation.tests.fixtures_projects import project_objects
from jiangxin.mentoring.models import MatchRun, Pair
from jiangxin.mentoring.tests.conftest import programme  # noqa: F401  (fixture)
from jiangxin.privacy.models import CorrectionRequest
from jiangxin.workers.models import ImportJob


def test_every_url_is_in_the_access_matrix():
    missing = unlisted()
    assert not missing, "URL 未列入访问矩阵（jiangxin/core/tests/test_url_access.py）：\n" + (
        "\n".join(missing)
    )


def test_an_unlisted_url_is_named(settings):
    settings.ROOT_URLCONF = "jiangxin.core.tests.error_urls"  # three views not in the matrix
    assert unlisted() == [
        "(unnamed) → /test-errors/500/",
        "(unnamed) → /test-errors/403/",
        "(unnamed) → /test-errors/400/",
    ]


def test_the_matrix_names_no_url_that_is_gone():
    names = {name for name, _route, _ns in url_patterns()}
    assert not set(MATRIX) - names, sorted(set(MATRIX) - names)


@pytest.fixture
def objects(cast, running, programme, studio, studio_people, named, submitted):  # noqa: F811
    entry = running["entries"]["a"]
    _row, token = create_api_token(by=cast["town_admin"], name="同步")
    job = ImportJob.objects.create(
        created_by=cast["town_admin"], file="imports/x.csv", original_name="x.csv", status="invalid"
    )
    registrant = cast["outsider"].__class__.objects.create_user("registrant", password=None)
    from jiangxin.accounts.models import Registration

    registration = Registration.objects.create(
        user=registrant,
        name="测试甲",
        id_number_enc="x",
        id_number_hash="h",
        id_number_masked="3505**********0011",
        enterprise=cast["ent_a"],
    )
    from jiangxin.accounts.services import assign_platform_role_on_console

    role_holder = registrant.__class__.objects.create_user("role_holder", password=None)
    platform_role = assign_platform_role_on_console(user=role_holder, role="audit")
    competition = running["competition"]
    appeal = Appeal.objects.create(
        competition=competition, entry=entry, filed_by=cast["town_admin"], reason="评分有误"
    )
    remark = Remark.objects.create(appeal=appeal, prepared_by=cast["county_admin"])
    run = MatchRun.objects.create(
        programme=programme, scope=cast["town_a"], created_by=cast["town_admin"]
    )
    pair = Pair.objects.create(
        programme=programme,
        master=cast["worker_a"],
        apprentice=cast["worker_b"],
        org_path=cast["worker_b"].org_path,
        starts_on=datetime.date(2025, 3, 1),
        ends_on=datetime.date(2026, 3, 1),
        stipend_monthly=200,
        proposed_by=cast["town_admin"],
    )
    correction = CorrectionRequest.objects.create(
        worker=cast["worker_c"], item="name", details_enc=crypto.encrypt("吴晓冬")
    )
    return {
        "correction": correction.pk,
        "org": cast["town_a"].pk,
        "enterprise": cast["ent_a"].pk,
        "worker": cast["worker_c"].pk,
        "import": job.pk,
        "registration": registration.pk,
        "token": cast["town_admin"].api_tokens.get().pk,
        "competition": running["competition"].pk,
        "delegation": entry.delegation_id,
        "entry": entry.pk,
        "component": running["practical"].pk,
        "theory": competition.components.get(kind="theory").pk,
        "aspect": running["measured"].pk,
        "judge": competition.judges.first().pk,
        "step": "draw",
        "appeal": appeal.pk,
        "remark": remark.pk,
        "match_run": run.pk,
        "pair": pair.pk,
        "code": entry.code or "A001",
        "certificate": "ABCDEFGHJKLM",
        "programme": programme.pk,
        "studio": studio.pk,
        "studio_member": studio.members.get().pk,
        **studio_record(cast, studio),
        **naming_evidence(cast, studio_people),
        **project_objects(cast, studio),
        "studio_kind": "model_worker",
        "batch": named["batch"].pk,
        "application": named["application"].pk,
        "application_file": named["file"].pk,
        "objection": named["objection"].pk,
        "naming_certificate": named["certificate"].pk,
        "assessment_sheet": _sheet(cast),
        "contest_edition": submitted.edition_id,
        "contest_application": submitted.pk,
        "contest_attachment": submitted.attachments.first().pk,
        "platform_role": platform_role.pk,
        "user": cast["town_admin"].pk,
        "grant": cast["town_admin"].grants.get().pk,
        "uidb64": "MQ",
        "reset_token": "bad-token",
        "missing": MISSING,
    }


def _sheet(cast) -> int:
    from jiangxin.innovation import services_sheets

    sheet = services_sheets.create_sheet(
        by=cast["town_admin"],
        organisation=cast["town_a"],
        name="考核表",
        excellent_from=85,
        pass_from=60,
        rectify_months=3,
        bar_months=24,
        items=[services_sheets.ItemRow("综合", 100)],
    )
    return sheet.pk


def naming_evidence(cast, studio_people) -> dict[str, int]:  # noqa: F811
    """A studio of town A whose naming by 全国总工会 was recorded with a file (登记既有命名)."""
    from jiangxin.innovation import services
    from jiangxin.innovation.tests.batches_fixtures import pdf

    applying = services.create_studio(
        by=cast["admin_a"],
        name="全国命名工作室",
        kind="model_worker",
        naming_level="town",
        enterprise=cast["ent_a"],
        lead=studio_people["lead"],
        focus="密封材料",
        founded=datetime.date(2020, 1, 1),
    )
    named_studio = services.record_existing_naming(
        by=cast["town_admin"],
        studio=applying,
        naming_level="national",
        naming_body=None,
        outside_body="全国总工会",
        named_on=datetime.date(2022, 4, 28),
        note="总工发〔2022〕9号",
        files=[pdf()],
    )
    evidence = named_studio.naming_evidence.get()
    return {"evidence_studio": named_studio.pk, "naming_evidence": evidence.pk}


def studio_record(cast, studio) -> dict[str, int]:  # noqa: F811
    """A report, an output and an annual assessment of the studio (its record's URLs)."""
    from jiangxin.innovation import services_record

    admin = cast["town_admin"]
    report = services_record.file_report(
        by=admin, studio=studio, year=2025, quarter=1, summary="一季度", activities=1
    )
    output = services_record.add_output(
        by=admin, studio=studio, kind="paper", title="论文", date=datetime.date(2025, 5, 1)
    )
    assessment = services_record.record_assessment(
        by=admin,
        studio=studio,
        year=2025,
        manual={"team": 15, "funds": 5},
        assessed_on=datetime.date(2026, 1, 15),
    )
    return {
        "studio_report": report.pk,
        "studio_output": output.pk,
        "studio_assessment": assessment.pk,
    }


def _outcome(response) -> int | str:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith(reverse("admin:login")):
            return ADMIN_LOGIN
        if location.startswith(reverse("login")):
            return LOGIN
    return response.status_code


def _cases():
    for name, _route, namespace in url_patterns():
        rule = rule_for(name, namespace)
        if rule is not None and name and not name.startswith("admin:"):
            yield name, rule


def _check(client, objects, who: str, user=None) -> list[str]:
    wrong = []
    for name, rule in _cases():
        if user is not None:  # again each time: the matrix includes the logout
            client.force_login(user, backend=BACKEND)
        url = reverse(name, args=[objects[a] for a in rule.args])
        response = getattr(client, rule.method)(url)
        got, expected = _outcome(response), getattr(rule, who)
        if got != expected:
            wrong.append(f"{name} ({rule.method.upper()} {url}): {got}, expected {expected}")
    return wrong


def test_anonymous_visitors(objects):
    wrong = _check(Client(raise_request_exception=False), objects, "anonymous")
    assert not wrong, "\n".join(wrong)


def test_an_outsider(objects, cast):
    wrong = _check(Client(raise_request_exception=False), objects, "outsider", cast["outsider"])
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    "url", ["/admin/", "/admin/workers/worker/", "/admin/accounts/user/1/change/"]
)
def test_the_admin_sends_non_staff_to_its_login(cast, url):
    assert _outcome(Client().get(url)) in {LOGIN, ADMIN_LOGIN}
    client = Client()
    client.force_login(cast["outsider"], backend=BACKEND)
    assert _outcome(client.get(url)) == ADMIN_LOGIN
