"""The demo's innovation studios: Anhai's seven named studios counted from their states, named
through their bodies' batches, their record, and the open batch's work."""

from collections import Counter

from django.test import Client

from jiangxin.accounts.models import User
from jiangxin.organisations.models import Organisation


def test_anhais_registry_counts_7_named_studios_from_their_states(demo):
    """The article's "7 studios" under Anhai: eight are on record, one delisted in 2023, so the
    figure is the count of rows whose state is 已命名 (named) in Anhai's subtree."""
    from jiangxin.innovation.models import Studio
    from jiangxin.workers.models import Honour

    anhai = Organisation.objects.get(name="安海镇总工会")
    studios = Studio.objects.filter(org_path__startswith=anhai.path)
    assert studios.count() == 8
    assert studios.named().count() == 7
    assert set(studios.named().values_list("kind", flat=True)) == {
        "model_worker",
        "craftsman",
        "skill_master",
    }
    assert studios.named().values("enterprise__industry").distinct().count() >= 4
    delisted = studios.get(state=Studio.State.DELISTED)
    assert delisted.delisted_on.year == 2023
    client = Client()
    client.force_login(User.objects.get(username="anhai"))
    page = client.get("/innovation/studios/").content.decode()
    assert 'data-testid="named-count">7<' in page
    # 福建恒安集团's 劳模创新工作室: a provincial model worker, its materials R&D deputy GM,
    # founded in 2024, on disposable hygiene products; the honour is on the roster.
    hengan = studios.get(enterprise__name="福建恒安集团")
    assert hengan.kind == Studio.Kind.MODEL_WORKER and hengan.founded.year == 2024
    assert "一次性卫生用品" in hengan.focus
    assert hengan.lead.job_post == "材料研发副总经理"
    assert hengan.lead.honours.filter(
        kind=Honour.Kind.MODEL_WORKER, level=Honour.Level.PROVINCE
    ).exists()
    assert hengan.lead.account.username == "lingban"
    # the lead finds the studio from their own record
    client.force_login(hengan.lead.account)
    record = client.get(f"/workers/{hengan.lead.pk}/").content.decode()
    assert hengan.name in record
    assert client.get(f"/innovation/studios/{hengan.pk}/").status_code == 200
    # the sibling town sees none of them
    client.force_login(User.objects.get(username="dongshi"))
    assert client.get(f"/innovation/studios/{hengan.pk}/").status_code == 404


def test_anhais_named_studios_were_named_through_their_bodies_batches(demo):
    """Each named studio: its application in a batch of its naming body — 泉州市总工会 for the
    three 泉州工匠创新工作室, 晋江市总工会 for 力利玩具's 技能大师工作室, 安海镇总工会 for the
    rest — endorsed by the town, scored by three experts and averaged, its plaque number the
    batch's (in the body's own series) and the studio's, at the body's level, a certificate that
    verifies, and its naming subsidy; the delisted one was named by the town in 2021."""
    from jiangxin.innovation import batch_rules
    from jiangxin.innovation.models import Studio, StudioApplication

    town = Organisation.objects.get(name="安海镇总工会")
    prefixes = {"泉州市总工会": "泉州工匠", "晋江市总工会": "晋江", "安海镇总工会": "安海"}
    studios = Studio.objects.filter(org_path__startswith=town.path)
    # (body, kind): 3 泉州工匠 studios by the city, a 技能大师 by the county, the rest the town's
    assert Counter(studios.named().values_list("naming_body__name", "kind")) == {
        ("泉州市总工会", "craftsman"): 3,
        ("晋江市总工会", "skill_master"): 1,
        ("安海镇总工会", "model_worker"): 2,
        ("安海镇总工会", "skill_master"): 1,
    }
    client = Client()
    for studio in studios.exclude(state="applying"):
        application = studio.applications.get(state=StudioApplication.State.NAMED)
        batch = application.batch
        assert batch.organisation == studio.naming_body and batch.year == studio.named_on.year
        assert studio.naming_level == studio.naming_body.kind
        assert application.endorsed_by.username == "anhai"
        # three experts, each scoring every item of the sheet; the score is their average
        totals = {}
        for score in application.scores.all():
            totals[score.expert_id] = totals.get(score.expert_id, 0) + score.points
        assert len(totals) == 3 and application.scores.count() == 3 * batch.items.count()
        assert application.score == batch_rules.average_of_totals(totals.values())
        certificate = application.certificate
        assert certificate.plaque_number == studio.plaque_number
        prefix = f"{prefixes[batch.organisation.name]}工作室〔{batch.year}〕"
        assert studio.plaque_number.startswith(prefix) and certificate.dated == studio.named_on
        assert certificate.issuer == batch.organisation.name
        page = client.get(f"/verify/{certificate.display_code}/").content.decode()
        assert "证书真实有效" in page and studio.plaque_number in page
        grant = application.grant
        assert (grant.kind, grant.year, grant.amount) == ("naming", batch.year, batch.subsidy_new)
    assert studios.get(state="delisted", naming_body=town).named_on.year == 2021


def test_the_open_batch_has_work_for_the_expert_and_room_for_an_enterprise_union(demo):
    """This year's 泉州 batch is open: 新华纸业's re-confirmation waits for ``zhuanjia``'s scores
    (the two other experts have scored); ``jingong`` may apply for its own 泉州工匠 studio."""
    from jiangxin.innovation.models import NamingBatch

    batch = NamingBatch.objects.get(state="open")
    assert batch.organisation.name == "泉州市总工会"
    waiting = batch.applications.get()
    assert waiting.studio.enterprise.name == "晋江安海新华纸业有限公司"
    assert waiting.state == "endorsed" and waiting.basis == "reconfirm"
    assert waiting.scores.values("expert").distinct().count() == 2
    client = Client()
    client.force_login(User.objects.get(username="zhuanjia"))
    landing = client.get("/", follow=True)
    assert landing.redirect_chain[-1][0] == "/innovation/batches/"
    detail = client.get(f"/innovation/batches/{batch.pk}/").content.decode()
    assert f"/innovation/applications/{waiting.pk}/score/" in detail
    assert client.get(f"/innovation/applications/{waiting.pk}/score/").status_code == 200
    client.force_login(User.objects.get(username="jingong"))
    form = client.get(f"/innovation/batches/{batch.pk}/apply/").content.decode()
    jingong_studio = _studio_of("福建省晋工机械有限公司")
    assert f'value="{jingong_studio.pk}"' in form


def _studio_of(enterprise: str):
    from jiangxin.innovation.models import Studio

    return Studio.objects.get(enterprise__name=enterprise)


def test_anhais_studios_keep_a_record_one_warned_and_the_delisted_ones_history(demo):
    from django.utils import timezone

    from jiangxin.innovation import figures
    from jiangxin.innovation.models import Studio

    today = timezone.localdate()
    anhai = Studio.objects.filter(
        org_path__startswith=Organisation.objects.get(name="安海镇总工会").path
    )
    named = list(anhai.named())
    assert len(named) == 7 and all(s.outputs.exists() and s.reports.exists() for s in named)
    warned = [s.enterprise.name for s in named if figures.is_warned(s, today)]
    assert warned == ["晋江安海盛达食品有限公司"]
    # the 2024 assessments: every studio named by then, each in a passing band
    assessed = {s.pk: s.assessments.get(year=2024) for s in named if s.named_on.year <= 2024}
    assert len(assessed) == 5 and {a.band for a in assessed.values()} == {"excellent", "pass"}
    delisted = anhai.get(state="delisted")
    assert [e.kind for e in delisted.events.order_by("day")] == ["rectifying", "delisted"]
    assert {a.band for a in delisted.assessments.all()} == {"fail"}


def test_the_innovation_demo_reads_whole_and_keeps_its_dates(demo):
    """Titles composed from a studio's whole subject, never its focus cut mid-word; a spending
    on a project dated on or after the project's start; no milestone done on a day to come."""
    from django.utils import timezone

    from jiangxin.demo.innovation import SUBJECTS
    from jiangxin.demo.innovation_record import STRONG, THIN
    from jiangxin.innovation.models import Milestone, StudioApplication, StudioOutput, SubsidyLine

    outputs = StudioOutput.objects.select_related("studio__enterprise", "studio__lead")
    assert outputs.exists()
    for output in outputs:
        words = {"focus": SUBJECTS[output.studio.enterprise.name], "lead": output.studio.lead.name}
        composed = {t.format(**words) for _k, t, *_r in [*STRONG, *THIN]} | {
            "{focus}的试验小结".format(**words),
            "{lead}快速调整法".format(**words),
            "{focus}改进带来的季度成本节约".format(**words),
        }
        assert output.title in composed, output.title
    for application in StudioApplication.objects.select_related("studio__enterprise"):
        assert application.yearly_project == f"{SUBJECTS[application.studio.enterprise.name]}攻关"
    lines = SubsidyLine.objects.filter(project__isnull=False).select_related("project")
    assert lines.exists()
    for line in lines:
        assert line.spent_on >= line.project.start
        line.full_clean()
    assert not Milestone.objects.filter(done_on__gt=timezone.localdate()).exists()
