"""Schemathesis over the OpenAPI document, with each role's token: for every operation it
generates calls from the schema — valid ones and, for every operation, ones that break it (a
value past its range, a wrong type, a missing field) — and asserts the app never answers with a
5xx, answers only with the statuses the document states, and that every body matches its
schema (the refusals included: ``{detail, errors}``).

The app is called in-process as a WSGI application inside the test's transaction (Django's
test client does the same: the per-request connection check is switched off, as it would end
the transaction). Examples per operation are few, so the whole run takes well under a minute.
"""

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck
from schemathesis.checks import not_a_server_error
from schemathesis.generation.hypothesis.builder import (
    HypothesisTestConfig,
    HypothesisTestMode,
    create_test,
)
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from jiangxin.accounts.services import create_api_token
from jiangxin.competitions.tests.conftest import running  # noqa: F401  (fixture)
from jiangxin.mentoring.tests.conftest import programme  # noqa: F401  (fixture)

ROLES = ["anonymous", "worker_user", "judge", "county_viewer", "town_admin", "platform"]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Schemathesis's coverage phase (each parameter at and past its bounds, wrong types, missing
# fields: deterministic) and a few random calls per operation; every case is sent once per role.
MODES = [HypothesisTestMode.COVERAGE, HypothesisTestMode.FUZZING]
SETTINGS = hypothesis.settings(
    max_examples=3,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def wsgi_app():
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(cast, running, programme):  # noqa: F811
    """Each role's ``Authorization`` header (none for an anonymous caller)."""
    out: dict[str, dict[str, str]] = {"anonymous": {}}
    for role in ROLES[1:]:
        user = running["judges"][0] if role == "judge" else cast[role]
        _row, token = create_api_token(by=user, name="schemathesis")
        out[role] = {"Authorization": f"Bearer {token}"}
    return out


def test_every_operation_keeps_to_its_schema_for_every_role(wsgi_app, tokens):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        def call(case):
            first = case.call_and_validate(headers=tokens["platform"], checks=CHECKS)
            # A call refused by its schema (422) is answered alike whoever makes it, and one
            # naming a row the platform admin cannot see (404) alike by everyone but a judge
            # (scoring is a duty, not a grant): the other roles would only repeat it. An
            # anonymous caller gets its own 401.
            roles = {422: ["anonymous"], 404: ["anonymous", "judge"]}.get(
                first.status_code, ROLES[:-1]
            )
            for role in roles:
                case.call_and_validate(headers=tokens[role], checks=CHECKS)

        test = create_test(
            operation=operation,
            test_func=call,
            config=HypothesisTestConfig(settings=SETTINGS, modes=MODES, project=schema.config),
        )
        try:
            test()
        except (Exception, BaseExceptionGroup) as exc:  # every operation's, then fail
            failures.append(f"{operation.label}: " + str(exc)[:1500])
    assert not failures, "\n\n".join(failures)
