"""Deletes in the Django admin are audited like every other: from an object's delete page and
from the changelist's bulk action "删除所选", through the app's service where there is one
(a roster record) and ``delete_audited`` otherwise — every registered ModelAdmin, third
parties' included."""

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.urls import reverse

from jiangxin import factories as f
from jiangxin.accounts.admin_duties import DutyGate
from jiangxin.accounts.services import create_api_token
from jiangxin.audit.admin_audited import AuditedAdmin
from jiangxin.audit.models import AuditEntry
from jiangxin.organisations.models import Industry, Organisation
from jiangxin.workers.models import Honour, Occupation, Worker
from jiangxin.workers.services import add_honour


def _deleted(label: str, pk) -> AuditEntry:
    return AuditEntry.objects.get(object_type=label, object_id=str(pk), action="delete")


def _bulk_delete(client, changelist: str, pks) -> None:
    response = client.post(
        reverse(changelist),
        {"action": "delete_selected", "_selected_action": [str(pk) for pk in pks], "post": "yes"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_every_registered_admin_is_gated_by_duty_and_audits_deletes():
    for model, model_admin in admin.site._registry.items():
        cls = type(model_admin)
        assert isinstance(model_admin, DutyGate), model
        assert issubclass(cls, AuditedAdmin), model
        # Django's own delete (no entry) is never the one that runs.
        assert cls.delete_model is not admin.ModelAdmin.delete_model, model
        assert cls.delete_queryset is not admin.ModelAdmin.delete_queryset, model


def test_a_delete_on_its_page_is_audited(cast, login):
    occupation = f.occupation("焊工", "6-18-02-04")
    client = login(cast["platform"])
    url = reverse("admin:workers_occupation_delete", args=[occupation.pk])
    assert client.get(url).status_code == 200  # the confirmation page
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Occupation.objects.filter(pk=occupation.pk).exists()
    entry = _deleted("workers.occupation", occupation.pk)
    assert entry.actor == cast["platform"] and entry.ip == "127.0.0.1"
    assert entry.object_repr == str(occupation)


def test_the_bulk_action_audits_each_row(cast, login):
    rows = [Industry.objects.create(code=f"x{i}", name=f"行业{i}", order=i) for i in range(3)]
    _bulk_delete(
        login(cast["platform"]), "admin:organisations_industry_changelist", [r.pk for r in rows]
    )
    assert not Industry.objects.filter(pk__in=[r.pk for r in rows]).exists()
    for row in rows:
        assert _deleted("organisations.industry", row.pk).actor == cast["platform"]


def test_a_roster_record_goes_through_its_service(cast, login):
    worker = cast["worker_c"]
    add_honour(by=cast["platform"], worker=worker, kind="craftsman", level="city", year=2024)
    _bulk_delete(login(cast["platform"]), "admin:workers_worker_changelist", [worker.pk])
    assert not Worker.objects.filter(pk=worker.pk).exists()
    assert not Honour.objects.filter(worker_id=worker.pk).exists()
    # workers.services.delete_worker: under the record's union, so its admins read it.
    entry = _deleted("workers.worker", worker.pk)
    assert entry.org_path == cast["union_c"].path and entry.object_repr == "吴晓东"


def test_a_node_deleted_in_the_admin_is_audited_under_its_path(cast, login):
    leaf = f.org(cast["town_b"], "东石镇试点工会", Organisation.Kind.ENTERPRISE)
    url = reverse("admin:organisations_organisation_delete", args=[leaf.pk])
    assert login(cast["platform"]).post(url, {"post": "yes"}).status_code == 302
    entry = _deleted("organisations.organisation", leaf.pk)
    assert entry.org_path == leaf.path
    # The town's admin reads it in their subtree's log.
    page = login(cast["sibling_admin"]).get(reverse("audit_list"), {"action": "delete"})
    assert [e.pk for e in page.context["page"].object_list] == [entry.pk]


def test_a_node_holding_grants_is_not_the_system_administrators_to_delete(cast, login):
    # Its grants would go with it, and grants are the security administrator's duty.
    leaf = f.org(cast["town_b"], "东石镇试点工会", Organisation.Kind.ENTERPRISE)
    f.user("leaf_viewer", node=leaf, role="viewer")
    url = reverse("admin:organisations_organisation_delete", args=[leaf.pk])
    assert login(cast["platform"]).post(url, {"post": "yes"}).status_code == 403
    assert Organisation.objects.filter(pk=leaf.pk).exists()


def test_an_account_deleted_in_the_admin_is_audited_with_what_went_with_it(cast, duties, login):
    someone = f.user("leaving", node=cast["union_a"], role="viewer")
    create_api_token(by=someone, name="同步")
    url = reverse("admin:accounts_user_delete", args=[someone.pk])
    assert login(duties["security"]).post(url, {"post": "yes"}).status_code == 302
    entry = _deleted("accounts.user", someone.pk)
    assert entry.actor == duties["security"]
    assert entry.changes == {"deleted_with": {"accounts.apitoken": 1, "accounts.grant": 1}}
    # The entries the account wrote stay, under its name (the one change the log allows).
    made = AuditEntry.objects.get(object_type="accounts.apitoken", action="create")
    assert made.actor is None and made.actor_label == "leaving"


def test_unlocking_an_account_in_the_admin_is_audited(cast, duties, login):
    attempt = AccessAttempt.objects.create(
        username="town_admin", ip_address="10.0.0.8", user_agent="x", failures_since_start=5
    )
    _bulk_delete(login(duties["security"]), "admin:axes_accessattempt_changelist", [attempt.pk])
    assert not AccessAttempt.objects.exists()
    assert _deleted("axes.accessattempt", attempt.pk).actor == duties["security"]


def test_a_token_revoked_in_the_admin_is_audited(cast, duties, login):
    token, _secret = create_api_token(by=cast["town_admin"], name="同步")
    url = reverse("admin:accounts_apitoken_delete", args=[token.pk])
    assert login(duties["security"]).post(url, {"post": "yes"}).status_code == 302
    assert _deleted("accounts.apitoken", token.pk).actor == duties["security"]


@pytest.mark.parametrize(
    ("who", "changelist", "make"),
    [
        ("security", "admin:workers_occupation_changelist", lambda: f.occupation("焊工", "6-18")),
        (
            "system",
            "admin:axes_accessattempt_changelist",
            lambda: AccessAttempt.objects.create(
                username="x", ip_address="10.0.0.8", user_agent="x", failures_since_start=5
            ),
        ),
    ],
)
def test_another_duty_deletes_nothing(cast, duties, login, who, changelist, make):
    row = make()
    response = login(duties[who]).post(
        reverse(changelist),
        {"action": "delete_selected", "_selected_action": [str(row.pk)], "post": "yes"},
    )
    assert response.status_code == 403
    assert type(row).objects.filter(pk=row.pk).exists()
    assert not AuditEntry.objects.filter(action="delete").exists()


def test_a_save_no_service_handles_is_audited_by_field_names(cast, duties, login):
    response = login(cast["platform"]).post(
        reverse("admin:organisations_industry_add"), {"code": "zz", "name": "新行业", "order": "9"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    industry = Industry.objects.get(code="zz")
    entry = AuditEntry.objects.get(object_type="organisations.industry", action="create")
    assert entry.object_id == str(industry.pk) and entry.actor == cast["platform"]
    assert entry.changes == {"fields": ["code", "name", "order"]}
    # An account made in the admin by the security administrator: no password in the entry.
    response = login(duties["security"]).post(
        reverse("admin:accounts_user_add"),
        {
            "username": "newcomer",
            "usable_password": "true",
            "password1": "Zh3ngshu!2025x",
            "password2": "Zh3ngshu!2025x",
            **{f"grants-{k}": v for k, v in [("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0")]},
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(object_type="accounts.user", action="create")
    assert entry.actor == duties["security"] and entry.object_repr == "newcomer"
    assert "Zh3ngshu" not in str(entry.changes)
