# ruff: noqa: F811  (the fixtures imported below are pytest arguments)
"""Who sees a naming batch and its applications: a batch of town A is unseen by town B; an
expert sees only the batches they are on, and an application only once endorsed; the materials
go out as attachments with nosniff, to who may see the application only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jiangxin import factories as f
from jiangxin.innovation import services_batches
from jiangxin.innovation.models import NamingBatch, StudioApplication
from jiangxin.innovation.tests.batches_fixtures import (  # noqa: F401  (fixtures)
    application,
    applying_studio,
    batch,
    experts,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("town_admin", True),  # the batch's own union
        ("county_viewer", True),  # above it
        ("admin_a", True),  # an enterprise union inside: it applies
        ("sibling_admin", False),  # town B
        ("worker_user", False),
        ("outsider", False),
    ],
)
def test_a_batch_is_seen_by_its_subtree_only(cast, batch, who, sees):
    assert NamingBatch.objects.visible_to(cast[who]).filter(pk=batch.pk).exists() is sees


def test_town_b_gets_404_on_town_a_batch_and_its_application(login, cast, batch, application):
    client = login(cast["sibling_admin"])
    assert client.get(reverse("batch_detail", args=[batch.pk])).status_code == 404
    assert client.get(reverse("application_detail", args=[application.pk])).status_code == 404
    file = application.files.get()
    url = reverse("application_file", args=[application.pk, file.pk])
    assert client.get(url).status_code == 404
    assert "2025年安海镇创新工作室命名" not in client.get(reverse("batch_list")).content.decode()


def test_an_expert_sees_only_their_batches_and_endorsed_applications(
    login, cast, batch, application, experts
):
    other_expert = f.user("expert_other")
    services_batches.open_batch(
        by=cast["sibling_admin"],
        organisation=cast["town_b"],
        title="2025年东石镇创新工作室命名",
        year=2025,
        kinds=["model_worker"],
        deadline=batch.deadline,
        plaque_prefix="东石工作室",
        experts=[other_expert],
    )
    expert = experts[0]
    assert list(NamingBatch.objects.visible_to(expert)) == [batch]
    assert not NamingBatch.objects.visible_to(other_expert).filter(pk=batch.pk).exists()
    # submitted, not yet endorsed: not the expert's yet
    assert not StudioApplication.objects.visible_to(expert).exists()
    client = login(expert)
    assert client.get(reverse("application_score", args=[application.pk])).status_code == 404
    services_batches.endorse_application(
        by=cast["town_admin"], application=application, opinion="同意"
    )
    assert client.get(reverse("application_score", args=[application.pk])).status_code == 200
    assert login(other_expert).get(reverse("batch_detail", args=[batch.pk])).status_code == 404


def test_the_enterprise_union_cannot_endorse_its_own_application(login, cast, application):
    response = login(cast["admin_a"]).post(
        reverse("application_endorse", args=[application.pk]), {"opinion": "自荐"}
    )
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.state == "submitted"


def test_materials_are_attachments_with_nosniff(login, cast, application):
    file = application.files.get()
    url = reverse("application_file", args=[application.pk, file.pk])
    response = login(cast["admin_a"]).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert login(None).get(url).status_code == 302  # to the login page
