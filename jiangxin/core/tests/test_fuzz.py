"""Bad input never gives a 5xx: every URL pattern of the URLconf, with bad path values and bad
query parameters, as an anonymous visitor, a worker, a town admin and a platform admin; every
view that takes a POST, with junk in each field its form knows, as a platform admin.

The URLs and their arguments come from the access matrix (``test_url_access``), so a new view is
fuzzed as soon as it is listed there. Which query parameters a page reads is found by asking it:
the page is opened once with a marker parameter and every form bound to that query string is
noted (its fields and their kinds); the API's come from its OpenAPI document. Each parameter then
gets the junk of its kind alone (so one bad value cannot hide another behind an invalid form):
oversized integers (past 64 bits: SQLite's OverflowError, PostgreSQL's "out of range"), negative
and non-numeric text, NaN and infinity, dates in the years 0227 and 8348, month 13.
"""

import re
from dataclasses import dataclass, field
from datetime import date

import pytest
from django import forms
from django.contrib import admin
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from jiangxin.accounts.models import Registration
from jiangxin.api import api as ninja_api
from jiangxin.competitions.tests.conftest import running  # noqa: F401  (fixture)
from jiangxin.core import crypto
from jiangxin.core.tests.test_url_access import (  # noqa: F401  (fixture)
    BACKEND,
    LOGIN,
    MATRIX,
    objects,
    url_patterns,
)
from jiangxin.innovation.tests.batches_fixtures import (  # noqa: F401  (fixtures)
    application,
    applying_studio,
    batch,
    experts,
    named,
)
from jiangxin.innovation.tests.conftest import studio, studio_people  # noqa: F401
from jiangxin.innovation.tests.contest_fixtures import draft, edition, submitted  # noqa: F401
from jiangxin.mentoring.tests.conftest import programme  # noqa: F401  (fixture)
from jiangxin.workers.idnumber import make_id_number

MARK = "_fuzz"
HUGE = "99999999999999999999"  # past 2**64
JUNK = {
    "int": [HUGE, "-" + HUGE, "-1", "abc", "NaN"],
    "decimal": [HUGE, "NaN", "Infinity", "1e400", "abc"],
    "date": ["0227-01-01", "8348-12-31", "2025-13-01", HUGE],
    "choice": [HUGE, "-1", "abc"],
    "text": ["\x00", "x" * 5000],
}
PAGE_JUNK = [HUGE, "-1", "abc"]
# Names people edit into addresses, tried on every page besides those its forms know (all at
# once where the page binds no form to its query string: it reads no parameter).
COMMON = {"month": ["13", "2025-13"], "year": [HUGE, "8348"], "worker": ["abc", HUGE]}
PATH_JUNK = {"int": HUGE, "str": "x" * 300}
ROLES = ["anonymous", "worker_user", "town_admin", "platform", "security"]
# The readiness probe answers 503 by design while no job worker runs (as in the tests).
EXPECTED_5XX = {"readyz": 503}


@dataclass
class Seen:
    """The fields of the forms a request bound to its marked query string or body."""

    fields: dict[str, str] = field(default_factory=dict)


def _kind(f: forms.Field) -> str | None:
    if isinstance(f, forms.FileField | forms.BooleanField):
        return None
    if isinstance(f, forms.DateField | forms.DateTimeField):
        return "date"
    if isinstance(f, forms.DecimalField | forms.FloatField):
        return "decimal"
    if isinstance(f, forms.IntegerField):
        return "int"
    if isinstance(f, forms.ChoiceField | forms.ModelChoiceField):
        return "choice"
    return "text"


@pytest.fixture
def spy(monkeypatch):
    """Notes the fields of every form bound to data holding the marker."""
    seen = Seen()
    original = forms.BaseForm.__init__

    def init(self, data=None, *args, **kwargs):
        original(self, data, *args, **kwargs)
        if isinstance(data, QueryDict) and MARK in data:
            for name, f in self.fields.items():
                kind = _kind(f)
                if kind:
                    seen.fields[self.add_prefix(name)] = kind

    monkeypatch.setattr(forms.BaseForm, "__init__", init)
    return seen


def _api_parameters() -> dict[str, dict[str, str]]:
    """OpenAPI path ("/api/v1/workers/{pk}") → its query parameters and their kinds."""
    out: dict[str, dict[str, str]] = {}
    for path, operations in ninja_api.get_openapi_schema()["paths"].items():
        get = operations.get("get")
        if not get:
            continue
        params = {}
        for p in get.get("parameters", []):
            if p["in"] != "query":
                continue
            schema = p.get("schema", {})
            types = {s.get("type") for s in schema.get("anyOf", [schema])}
            fmt = {s.get("format") for s in schema.get("anyOf", [schema])}
            params[p["name"]] = "int" if "integer" in types else "date" if "date" in fmt else "text"
        out[path] = params
    return out


def _converters(route: str) -> list[str]:
    return [m.group(1) or "str" for m in re.finditer(r"<(?:(\w+):)?\w+>", route)]


def _openapi_path(route: str) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


@dataclass(frozen=True)
class Case:
    name: str
    route: str
    method: str
    args: tuple


def _cases(objects):  # noqa: F811
    for name, route, namespace in url_patterns():
        rule = MATRIX.get(name)
        if rule is None or (namespace or "").startswith("admin"):
            continue
        yield Case(name, route, rule.method, tuple(objects[a] for a in rule.args)), rule


def _bad_args(case: Case):
    """The URL's arguments with one of them replaced by junk its converter lets through."""
    for i, converter in enumerate(_converters(case.route)):
        args = list(case.args)
        args[i] = PATH_JUNK["int" if converter == "int" else "str"]
        yield args


def _status(client: Client, method: str, url: str, data=None) -> int:
    return getattr(client, method)(url, data or {}).status_code


@pytest.fixture
def fuzzed(objects, cast):  # noqa: F811
    """The access matrix's rows, with the registration's personal data really encrypted (the
    matrix only opens its pages), so approving it runs to the end."""
    registration = Registration.objects.get(pk=objects["registration"])
    registration.id_number_enc = crypto.encrypt(make_id_number("350582", date(1990, 1, 1), 11))
    registration.save(update_fields=["id_number_enc"])
    registration.user.mobile_enc = crypto.encrypt("13800138000")
    registration.user.save(update_fields=["mobile_enc"])
    return objects


@pytest.fixture
def people(cast, duties):
    """The cast and the security administrator (账号与授权, 平台角色: pages no one else opens)."""
    return {**cast, "security": duties["security"]}


def _client(people, role: str) -> Client:
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(people[role], backend=BACKEND)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_bad_path_and_query_values_give_no_server_error(fuzzed, people, spy, role):
    client = _client(people, role)
    api_params = _api_parameters()
    errors: list[str] = []

    def check(method, url, data=None, name=None):
        status = _status(client, method, url, data)
        if status >= 500 and EXPECTED_5XX.get(name) != status:
            errors.append(f"{status} {method.upper()} {url} {data or ''}")
        return status

    for case, rule in _cases(fuzzed):
        if case.name == "logout":
            continue  # would end the session the rest of the walk needs
        for args in _bad_args(case):
            check(case.method, reverse(case.name, args=args), name=case.name)
        if case.method != "get" or (role == "anonymous" and rule.anonymous == LOGIN):
            continue
        url = reverse(case.name, args=case.args)
        spy.fields.clear()
        if check("get", url, {MARK: "1"}, name=case.name) >= 400:
            continue  # a page the role may not open reads no parameter
        api_operation = api_params.get(_openapi_path(case.route))
        if api_operation is not None:
            params = {**api_operation, "page": "int"}
        elif spy.fields:
            params = {"page": "int", **spy.fields}
        else:
            check("get", url, {"page": HUGE, **{k: v[0] for k, v in COMMON.items()}}, case.name)
            continue
        tries = {name: PAGE_JUNK if name == "page" else JUNK[kind] for name, kind in params.items()}
        for name, junk in COMMON.items():
            tries[name] = [*tries.get(name, []), *junk]
        for name, values in tries.items():
            for junk in values:
                check("get", url, {name: junk}, case.name)
    assert not errors, "\n".join(errors)


POST_LAST = ("delete", "cancel", "remove", "end", "reject", "revoke", "deactivate")


@pytest.mark.parametrize("role", ["platform", "security"])
def test_junk_posted_to_every_form_gives_no_server_error(fuzzed, people, spy, role):
    client = _client(people, role)
    errors: list[str] = []
    cases = [c for c, _r in _cases(fuzzed) if c.name != "logout" and not c.name.startswith("api:")]
    # Views that remove what others need go last, so the walk keeps its rows.
    cases.sort(key=lambda c: any(w in c.name for w in POST_LAST))
    for case in cases:
        url = reverse(case.name, args=case.args)
        spy.fields.clear()
        status = _status(client, "post", url, {MARK: "1"})
        if status >= 500:
            errors.append(f"{status} POST {url} (empty)")
        fields = dict(spy.fields)
        for kind in JUNK:
            for junk in JUNK[kind]:
                data = {name: junk for name, k in fields.items() if k == kind}
                if not data:
                    continue
                status = _status(client, "post", url, data)
                if status >= 500:
                    errors.append(f"{status} POST {url} {data}")
    assert not errors, "\n".join(errors)


def test_the_admin_refuses_bad_parameters_without_error(cast):
    client = _client(cast, "platform")
    errors = []
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        queries = [{"p": HUGE}, {"p": "-1"}, {"o": "abc"}, {"q": "\x00"}]
        for f in model_admin.list_filter:
            if isinstance(f, str):
                queries += [{f"{f}__exact": HUGE}, {f"{f}__id__exact": HUGE}]
        for query in queries:
            if _status(client, "get", changelist, query) >= 500:
                errors.append(f"GET {changelist} {query}")
        for pk in (HUGE, "-1", "abc"):
            url = reverse("admin:{}_{}_change".format(*info), args=[pk])
            if _status(client, "get", url) >= 500:
                errors.append(f"GET {url}")
    assert not errors, "\n".join(errors)
