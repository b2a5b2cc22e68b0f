# ruff: noqa: F811  (the fixtures imported below are pytest arguments)
"""A re-confirmation never lowers a naming: a town's batch does not re-confirm the city-named
(泉州) studio — refused when it applies (service and page, nothing saved) and, should the studio
be named higher while its application runs, when it would be named."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jiangxin.innovation import batch_rules, services, services_batches, services_naming
from jiangxin.innovation.models import ApplicationFile, StudioApplication
from jiangxin.innovation.tests.batches_fixtures import (  # noqa: F401  (fixtures)
    batch,
    experts,
    move_publicity_back,
    pdf,
    score_all,
)

pytestmark = pytest.mark.django_db

REFUSAL = (
    "该工作室现为泉州市总工会命名的市级劳模创新工作室，不能在镇级批次中复核确认：复核确认不能"
    "低于现有命名级别，请参加市级及以上工会的命名批次"
)


@pytest.fixture
def team_of_three(cast, studio, studio_people):
    """The shared named studio (泉州市总工会, 市级) with the lead and two members: it meets the
    batch's base conditions, so only its level can refuse it."""
    services.add_member(
        by=cast["admin_a"], studio=studio, worker=studio_people["technician"], role="core"
    )
    return studio


@pytest.mark.parametrize(
    ("held", "batch_level", "lowers"),
    [
        ("city", "town", True),
        ("city", "county", True),
        ("national", "province", True),
        ("city", "city", False),  # the same level re-confirms
        ("town", "city", False),  # a higher union may re-confirm (and so raise) a town naming
        ("", "town", False),  # no level held: nothing to lower
    ],
)
def test_lowering_follows_the_order_of_the_levels(held, batch_level, lowers):
    assert batch_rules.lowers_naming(held, batch_level) is lowers


def test_a_town_batch_cannot_reconfirm_a_city_naming(cast, batch, team_of_three):
    with pytest.raises(ValidationError) as err:
        services_batches.apply_for_studio(
            by=cast["admin_a"], batch=batch, studio=team_of_three, files=[pdf()], yearly_project="x"
        )
    assert err.value.message_dict == {"studio": [REFUSAL]}
    assert not StudioApplication.objects.exists() and not ApplicationFile.objects.exists()


def test_the_page_says_why_on_the_studio_field(login, cast, batch, team_of_three, settings):
    response = login(cast["admin_a"]).post(
        reverse("application_new", args=[batch.pk]),
        {"studio": team_of_three.pk, "yearly_project": "高吸水层减薄", "files": [pdf()]},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert REFUSAL in html and "高吸水层减薄" in html  # the message, the input kept
    assert not StudioApplication.objects.exists()
    media = settings.MEDIA_ROOT / "innovation"
    assert not media.exists() or not any(media.rglob("*.*"))


def test_a_studio_named_higher_meanwhile_is_not_named_lower(
    cast, batch, team_of_three, experts, login
):
    # A town-named studio applies to the town's batch for re-confirmation …
    services.update_studio(
        by=cast["town_admin"],
        studio=team_of_three,
        naming_level="town",
        naming_body=cast["town_a"],
    )
    application = services_batches.apply_for_studio(
        by=cast["admin_a"], batch=batch, studio=team_of_three, files=[pdf()], yearly_project="x"
    )
    assert application.basis == "reconfirm"
    services_batches.endorse_application(
        by=cast["town_admin"], application=application, opinion="同意推荐"
    )
    score_all(application, experts, [[12, 13, 18, 8, 9, 8, 17]] * 3)
    services_batches.decide_application(
        by=cast["town_admin"], application=application, approve=True
    )
    services_naming.start_publicity(by=cast["town_admin"], batch=batch)
    move_publicity_back(batch, 10)
    # … and the city names it (泉州工匠) before the town's 公示 ends: the town may not name it
    services.update_studio(
        by=cast["town_admin"], studio=team_of_three, naming_level="city", naming_body=cast["city"]
    )
    with pytest.raises(ValidationError) as err:
        services_naming.name_studio(by=cast["town_admin"], application=application)
    assert err.value.messages == [REFUSAL]
    team_of_three.refresh_from_db()
    assert team_of_three.naming_level == "city" and team_of_three.naming_body == cast["city"]
    page = login(cast["town_admin"]).get(reverse("application_detail", args=[application.pk]))
    assert REFUSAL in page.content.decode()  # said beside the step, no 命名 button
    assert reverse("application_name", args=[application.pk]) not in page.content.decode()
