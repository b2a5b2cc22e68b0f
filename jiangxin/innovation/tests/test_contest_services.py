# ruff: noqa: F811  (the fixtures imported below are pytest arguments)
"""The 五小 contest's services: an edition's defaults, a draft, its refusals (each in Chinese,
nothing kept — no row, no file), submission and the enterprise union's endorsement."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jiangxin import factories as f
from jiangxin.innovation import services_contest
from jiangxin.innovation import services_contest_applications as apps
from jiangxin.innovation.models import (
    ApplicationAttachment,
    ApplicationCompleter,
    ContestApplication,
    ContestEdition,
)
from jiangxin.innovation.tests.contest_fixtures import (  # noqa: F401  (fixtures)
    PDF,
    draft,
    edition,
    fields,
    pdf,
    png,
    submitted,
)

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def refusal(err: pytest.ExceptionInfo) -> str:
    return "；".join(err.value.messages)


def test_an_edition_opens_with_the_default_chain_criteria_and_tiers(cast, edition):
    levels = list(edition.levels.all())
    # the county organises: enterprise → town → county, the enterprise only endorses
    assert [lv.level for lv in levels] == ["enterprise", "town", "county"]
    assert [lv.mode for lv in levels] == ["endorse", "review", "review"]
    today = timezone.localdate()
    assert [lv.deadline for lv in levels] == [
        today + datetime.timedelta(days=d) for d in (30, 60, 90)
    ]
    assert levels[1].quota_kind == "share" and levels[1].quota == 50
    assert [(c.name, c.weight) for c in edition.criteria.all()] == [
        ("创新性", 30),
        ("先进性", 20),
        ("实用性", 20),
        ("经济/社会效益", 20),
        ("推广价值", 10),
    ]
    # below the province: a hundredth of the provincial places, the same amounts
    assert [(t.name, t.count, t.amount) for t in edition.tiers.all()] == [
        ("一等奖", 3, Decimal(2000)),
        ("二等奖", 5, Decimal(1000)),
        ("三等奖", 12, Decimal(500)),
    ]


def test_a_provincial_edition_has_the_2022_tiers(cast):
    edition = services_contest.open_edition(
        by=cast["platform"], organisation=cast["province"], year=2022, title="2022年福建省“五小”"
    )
    # 300 × 2,000 + 500 × 1,000 + 1,200 × 500 = 600,000 + 500,000 + 600,000 = 1,700,000 元
    tiers = list(edition.tiers.all())
    assert [(t.count, t.amount) for t in tiers] == [(300, 2000), (500, 1000), (1200, 500)]
    assert sum(t.count * t.amount for t in tiers) == 1_700_000
    assert [lv.level for lv in edition.levels.all()] == [
        "enterprise",
        "town",
        "county",
        "city",
        "province",
    ]


def test_criteria_not_summing_to_100_are_refused(cast):
    with pytest.raises(ValidationError) as err:
        services_contest.open_edition(
            by=cast["county_admin"],
            organisation=cast["county"],
            year=2026,
            title="x",
            criteria=[("创新性", 50, ""), ("实用性", 40, "")],
        )
    assert "评审指标权重合计应为 100%，现为 90%" in refusal(err)
    assert not ContestEdition.objects.exists()


def test_a_town_admin_cannot_open_the_countys_edition(cast):
    with pytest.raises(PermissionDenied):
        services_contest.open_edition(
            by=cast["town_admin"], organisation=cast["county"], year=2026, title="x"
        )


def test_a_workers_draft_has_them_as_sole_completer_and_its_files(cast, draft):
    assert draft.state == "draft" and not draft.by_union
    assert draft.union == cast["union_a"] and draft.org_path == cast["union_a"].path
    assert [(c.worker, c.share) for c in draft.completers.all()] == [(cast["worker_a"], 100)]
    assert sorted(draft.attachments.values_list("role", "kind")) == [
        ("cover", "png"),
        ("material", "pdf"),
    ]


def _refused_draft(cast, edition, settings, **kwargs) -> str:
    """A draft refused: the message, and nothing kept (no application, no file)."""
    before = stored_files(settings)
    with pytest.raises(ValidationError) as err:
        apps.create_draft(
            by=cast["worker_user"],
            edition=edition,
            enterprise=cast["ent_a"],
            **{**fields(), **kwargs},
        )
    assert not ContestApplication.objects.exists()
    assert not ApplicationCompleter.objects.exists()
    assert not ApplicationAttachment.objects.exists()
    assert stored_files(settings) == before
    return refusal(err)


def test_a_renamed_executable_is_refused_and_nothing_kept(cast, edition, settings):
    message = _refused_draft(
        cast, edition, settings, files=[pdf(), pdf("图纸.pdf", EXE)], cover=png()
    )
    assert "“图纸.pdf”：文件的内容不是 PDF 文件" in message


def test_a_file_over_the_limit_is_refused_and_nothing_kept(cast, edition, settings):
    settings.STUDIO_ATTACHMENT_MAX_BYTES = 1024 * 1024
    big = pdf("大图.pdf", PDF + b"0" * (1024 * 1024))
    message = _refused_draft(cast, edition, settings, files=[big])
    assert "“大图.pdf”：文件大小为 1.0 MB，超过上限 1 MB" in message


def test_a_sixth_file_is_refused_and_nothing_kept(cast, edition, settings):
    six = [pdf(f"材料{n}.pdf") for n in range(6)]
    message = _refused_draft(cast, edition, settings, files=six)
    assert "申报材料最多 5 个，已有 0 个，又选了 6 个" in message


def test_a_sixth_file_added_to_five_is_refused(cast, draft, settings):
    apps.add_attachments(
        by=cast["worker_user"], application=draft, files=[pdf(f"{n}.pdf") for n in range(4)]
    )
    before = stored_files(settings)
    with pytest.raises(ValidationError) as err:
        apps.add_attachments(by=cast["worker_user"], application=draft, files=[pdf("6.pdf")])
    assert "申报材料最多 5 个，已有 5 个，又选了 1 个" in refusal(err)
    assert draft.attachments.filter(role="material").count() == 5
    assert stored_files(settings) == before


def test_a_pdf_cover_is_refused(cast, edition, settings):
    message = _refused_draft(cast, edition, settings, cover=pdf("封面.pdf"))
    assert "封面须为 JPG 或 PNG 图片" in message


def test_a_benefit_with_three_decimals_is_refused_and_nothing_kept(cast, edition, settings):
    message = _refused_draft(
        cast, edition, settings, benefit_amount=Decimal("12.345"), files=[pdf()]
    )
    assert "最多保留两位小数" in message


def test_shares_not_summing_to_100_are_refused(cast, edition, settings):
    colleague = f.worker(cast["union_a"], "王建国", enterprise_obj=cast["ent_a"])
    message = _refused_draft(
        cast, edition, settings, completers=[(cast["worker_a"], 60), (colleague, 30)]
    )
    assert "完成人贡献占比合计应为 100%，现为 90%" in message


def test_a_completer_from_another_enterprise_is_refused(cast, edition, settings):
    message = _refused_draft(
        cast, edition, settings, completers=[(cast["worker_a"], 50), (cast["worker_b"], 50)]
    )
    assert "曾小贤不在福建省晋工机械有限公司的名册中" in message


def test_a_draft_after_the_deadline_is_refused(cast, edition, settings):
    first = edition.levels.get(level="enterprise")
    first.deadline = timezone.localdate() - datetime.timedelta(days=1)
    first.save()
    message = _refused_draft(cast, edition, settings, files=[pdf()])
    assert f"企业申报已于 {first.deadline} 截止" in message


def test_submission_after_the_deadline_is_refused_and_the_draft_stays(cast, draft):
    first = draft.edition.levels.get(level="enterprise")
    first.deadline = timezone.localdate() - datetime.timedelta(days=1)
    first.save()
    with pytest.raises(ValidationError) as err:
        apps.submit_application(by=cast["worker_user"], application=draft)
    assert f"企业申报已于 {first.deadline} 截止" in refusal(err)
    draft.refresh_from_db()
    assert draft.state == "draft" and draft.submitted_at is None


def test_submission_needs_the_descriptions_materials_and_cover(cast, edition):
    bare = apps.create_draft(
        by=cast["worker_user"],
        edition=edition,
        enterprise=cast["ent_a"],
        **fields(background="", results=""),
    )
    with pytest.raises(ValidationError) as err:
        apps.submit_application(by=cast["worker_user"], application=bare)
    assert set(err.value.message_dict) == {"background", "results", "files", "cover"}
    assert err.value.message_dict["cover"] == ["提交前请上传封面图片（JPG 或 PNG）"]


def test_a_blocking_exclusion_stops_submission(cast, draft):
    apps.update_draft(by=cast["worker_user"], application=draft, involves_secret=True)
    with pytest.raises(ValidationError) as err:
        apps.submit_application(by=cast["worker_user"], application=draft)
    assert "本项目不符合参赛条件：涉及商业秘密——涉及商业秘密的项目不能申报本届大赛" in refusal(err)


def outcomes(application) -> dict[str, str]:
    return {a.key: a.outcome for a in apps.eligibility(application) if a.outcome != "passed"}


def test_completed_last_year_without_benefit_is_outside_the_window(cast, draft):
    year = draft.edition.year
    draft = apps.update_draft(
        by=cast["worker_user"],
        application=draft,
        completed_on=datetime.date(year - 1, 12, 1),
    )
    assert outcomes(draft) == {"window": "block"}
    with pytest.raises(ValidationError):
        apps.submit_application(by=cast["worker_user"], application=draft)
    # with a benefit running this year it is inside the default window (此前完成且在申报年度产生效益)
    draft = apps.update_draft(
        by=cast["worker_user"], application=draft, benefit_from=datetime.date(year - 1, 12, 15)
    )
    assert outcomes(draft) == {}


def test_a_warning_must_be_accepted(cast, draft):
    draft.edition.exclusion_modes = {**draft.edition.exclusion_modes, "ip_dispute": "warn"}
    draft.edition.save()
    apps.update_draft(by=cast["worker_user"], application=draft, ip_dispute=True)
    with pytest.raises(ValidationError) as err:
        apps.submit_application(by=cast["worker_user"], application=draft)
    assert "accept_warnings" in err.value.message_dict
    done = apps.submit_application(by=cast["worker_user"], application=draft, accept_warnings=True)
    assert done.state == "submitted"
    # the warning is kept as answered, for the enterprise union
    assert [w["key"] for w in done.eligibility_warnings] == ["ip_dispute"]


def test_submission_puts_it_at_the_enterprise_level(cast, submitted):
    assert submitted.state == "submitted"
    assert submitted.current_level.level == "enterprise"
    assert submitted.submitted_by == cast["worker_user"]


def test_a_submitted_application_cannot_be_changed(cast, submitted):
    with pytest.raises(ValidationError) as err:
        apps.update_draft(by=cast["worker_user"], application=submitted, title="改名")
    assert "已提交的申报不能再修改" in refusal(err)


def test_the_enterprise_union_endorses_it_up_to_the_town(cast, submitted):
    done = apps.endorse_application(by=cast["admin_a"], application=submitted, opinion="同意推荐")
    assert done.state == "endorsed" and done.current_level.level == "town"


def test_the_town_cannot_endorse_for_the_enterprise(cast, submitted):
    with pytest.raises(PermissionDenied):
        apps.endorse_application(by=cast["town_admin"], application=submitted)


def test_a_return_needs_a_reason_and_the_worker_resubmits(cast, submitted):
    with pytest.raises(ValidationError) as err:
        apps.return_application(by=cast["admin_a"], application=submitted, reason=" ")
    assert "请写明退回原因" in refusal(err)
    back = apps.return_application(
        by=cast["admin_a"], application=submitted, reason="效益计算缺少依据"
    )
    assert back.state == "returned"
    apps.update_draft(by=cast["worker_user"], application=back, benefit_basis="附财务部门证明")
    again = apps.submit_application(by=cast["worker_user"], application=back)
    assert again.state == "submitted" and again.return_reason == ""


def test_a_draft_is_deleted_with_its_files(
    cast, draft, settings, django_capture_on_commit_callbacks
):
    assert len(stored_files(settings)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        apps.delete_draft(by=cast["worker_user"], application=draft)
    assert not ContestApplication.objects.exists()
    assert stored_files(settings) == []


def test_another_worker_cannot_change_the_draft(cast, draft):
    other = f.user("worker_b_user")
    cast["worker_b"].account = other
    cast["worker_b"].save(update_fields=["account"])
    with pytest.raises(PermissionDenied):
        apps.update_draft(by=other, application=draft, title="改名")


def test_received_counts_what_reached_each_level(cast, edition, submitted):
    # worker A's is submitted (at the enterprise level); a second, by union B, is still a draft
    apps.create_draft(
        by=cast["admin_b"],
        edition=edition,
        enterprise=cast["ent_b"],
        completers=[(cast["worker_b"], 100)],
        **fields(title="玩具注塑件自动脱模", category="invention"),
    )
    # enterprise A's union receives 1 (drafts are not received); the town none yet (nothing
    # endorsed); after endorsement the town and the county each count 1
    assert services_contest.received(cast["admin_a"], edition)["total"] == 1
    assert services_contest.received(cast["town_admin"], edition)["total"] == 0
    apps.endorse_application(by=cast["admin_a"], application=submitted)
    town = services_contest.received(cast["town_admin"], edition)
    assert town["level"].level == "town" and town["total"] == 1
    assert ("小革新", 1) in town["by_category"]
    assert town["by_enterprise"] == [("福建省晋工机械有限公司", 1)]
    assert services_contest.received(cast["county_admin"], edition)["level"].level == "county"
    assert services_contest.received(cast["sibling_admin"], edition)["total"] == 0
