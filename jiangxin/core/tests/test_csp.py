"""Every page under the Content-Security-Policy: the header on every response, and HTML the policy
lets run whole — no inline ``<script>`` (JSON data blocks aside), no ``on*=`` handler, no
``javascript:`` URL, no ``hx-on``/``hx-vars`` (HTMX's eval), no ``style=`` attribute or
``<style>`` element, and scripts, styles and images from this site only.

A crawl with the test client, role by role: every GET address in the URL access matrix
(``test_url_access.py``, filled with real rows) and then every same-origin link and ``hx-get``
target the pages show, breadth-first, up to ``LIMIT`` pages a role (addresses that differ only
in ids or query values count once). HTMX targets are fetched as HTMX asks for them, so the
fragments swapped into a page are held to the same rules. Files (PDF, Excel) are not pages.
"""

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from jiangxin.competitions import services
from jiangxin.competitions.tests.conftest import final, marked, running  # noqa: F401
from jiangxin.core.tests.test_url_access import objects, rule_for, url_patterns  # noqa: F401
from jiangxin.exams import services as exam_services
from jiangxin.exams.tests.conftest import exam  # noqa: F401
from jiangxin.innovation.tests.batches_fixtures import (  # noqa: F401  (fixtures)
    application,
    applying_studio,
    batch,
    experts,
    named,
)
from jiangxin.innovation.tests.conftest import studio, studio_people  # noqa: F401
from jiangxin.innovation.tests.contest_fixtures import draft, edition, submitted  # noqa: F401
from jiangxin.mentoring.tests.conftest import programme  # noqa: F401
from jiangxin.workers.models import ImportJob

pytestmark = pytest.mark.django_db

BACKEND = "jiangxin.accounts.backends.UsernameOrMobileBackend"
LIMIT = 250  # pages a role; the platform admin (the Django admin too) reaches about 150
HOST = "testserver"
# Files, the logout, static files: not pages.
SKIP = re.compile(r"\.(pdf|xlsx|csv|zip)$|/export/|/logout/|^/static/|^/media/")
POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}
OTHER_HEADERS = {
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}


def parse_policy(header: str) -> dict[str, set[str]]:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = set(words[1:])
    return out


def _foreign(url: str, *, data: bool = False) -> bool:
    """An address on another site (a CDN): one with a host of its own or a scheme other than
    http(s) (``data:`` too, unless ``data``)."""
    parts = urlsplit(url.strip())
    schemes = ("", "http", "https", "data") if data else ("", "http", "https")
    return bool(parts.netloc and parts.netloc != HOST) or parts.scheme not in schemes


class PageScan(HTMLParser):
    """What the policy would refuse in one HTML page, and where the page leads."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.links: list[str] = []
        self.htmx: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        shown = self.get_starttag_text()[:120]
        if tag == "script":
            src, kind = attributes.get("src"), (attributes.get("type") or "").lower()
            if not src and kind != "application/json":
                self.problems.append(f"inline script: {shown}")
            if src and _foreign(src):
                self.problems.append(f"script from another site: {shown}")
        if tag == "style":
            self.problems.append(f"<style> element: {shown}")
        if tag == "link" and _foreign(attributes.get("href") or ""):
            self.problems.append(f"stylesheet or icon from another site: {shown}")
        if tag == "img" and _foreign(attributes.get("src") or "", data=True):
            self.problems.append(f"image from another site: {shown}")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"event handler attribute {name}: {shown}")
            elif name.startswith(("hx-on", "data-hx-on")) or name in ("hx-vars", "data-hx-vars"):
                self.problems.append(f"HTMX eval attribute {name}: {shown}")
            elif name == "style":
                self.problems.append(f"style attribute: {shown}")
            elif re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith(("javascript:", "js:")):
                self.problems.append(f"script URL in {name}: {shown}")
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if attributes.get("hx-get"):
            self.htmx.append(attributes["hx-get"])


def scan(html: str) -> PageScan:
    page = PageScan()
    page.feed(html)
    page.close()
    return page


def header_problems(url: str, response) -> list[str]:
    problems = []
    header = response.headers.get("Content-Security-Policy")
    if header is None:
        return [f"{url} ({response.status_code}): no Content-Security-Policy"]
    if parse_policy(header) != POLICY:
        problems.append(f"{url}: policy is {header!r}")
    for name, value in OTHER_HEADERS.items():
        if response.headers.get(name) != value:
            problems.append(f"{url}: {name} is {response.headers.get(name)!r}")
    if "camera=()" not in response.headers.get("Permissions-Policy", ""):
        problems.append(
            f"{url}: Permissions-Policy is {response.headers.get('Permissions-Policy')!r}"
        )
    return problems


def _is_html(response) -> bool:
    return response.headers.get("Content-Type", "").startswith("text/html")


def _key(url: str) -> tuple:
    """Pages that differ only in ids or query values are one page to the crawl."""
    parts = urlsplit(url)
    names = frozenset(name for name, _ in parse_qsl(parts.query, keep_blank_values=True))
    return re.sub(r"\d+", "N", parts.path), names


def _local(base: str, href: str) -> str | None:
    url = urljoin(base, href.split("#", 1)[0])
    parts = urlsplit(url)
    if parts.scheme or parts.netloc not in ("", HOST) or SKIP.search(parts.path):
        return None
    if parts.path.startswith("/admin/") and parts.query:
        return None  # the admin's filter and sort links: the same pages again
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client: Client, seeds: list[str], *, who: str) -> tuple[int, list[str]]:
    """(pages shown, problems found) for one role's client, breadth-first from ``seeds``; a
    page shown is an HTML page answered 200 (redirects, refusals and files are checked too,
    not counted)."""
    queue, seen = deque(seeds), {_key(u) for u in seeds}
    problems: list[str] = []
    fetched = pages = 0
    while queue and fetched < LIMIT:
        url = queue.popleft()
        response = client.get(url)
        fetched += 1
        pages += response.status_code == 200 and _is_html(response)
        problems += [f"{who}: {p}" for p in header_problems(url, response)]
        found = []
        if response.status_code in (301, 302) and response.headers.get("Location"):
            found.append(response["Location"])
        if _is_html(response):
            page = scan(response.content.decode())
            problems += [f"{who}: {url}: {p}" for p in page.problems]
            found += page.links
            for target in page.htmx:  # the fragment HTMX swaps in
                part = client.get(urljoin(url, target), headers={"HX-Request": "true"})
                if _is_html(part):
                    problems += [
                        f"{who}: {target} (HTMX): {p}" for p in scan(part.content.decode()).problems
                    ]
        for href in found:
            link = _local(url, href)
            if link and _key(link) not in seen:
                seen.add(_key(link))
                queue.append(link)
    return pages, problems


def matrix_pages(objects) -> list[str]:  # noqa: F811
    """Every GET address of the URL access matrix, with real rows for its arguments."""
    urls = []
    for name, _route, namespace in url_patterns():
        rule = rule_for(name, namespace)
        if rule is None or rule.method != "get" or not name or name.startswith("admin:"):
            continue
        url = reverse(name, args=[objects[a] for a in rule.args])
        if not SKIP.search(url):
            urls.append(url)
    return urls


def _client(user=None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user, backend=BACKEND)
    return client


def _assert_clean(results: list[tuple[str, int, list[str]]], least: dict[str, int]) -> None:
    for who, pages, _ in results:
        assert pages >= least[who], f"{who}: only {pages} pages shown"
    problems = [p for _, _, found in results for p in found]
    assert not problems, f"{len(problems)} problem(s) under the Content-Security-Policy:\n" + (
        "\n".join(problems[:60])
    )


def test_every_page_of_every_role_runs_under_the_policy(objects, exam, cast, duties):  # noqa: F811
    """A running competition with an online exam the worker is sitting, its teams, judges,
    appeal and re-mark; a mentoring programme with a pair and a match run; a refused import and
    one under way; a registration: each role opens every address and follows every link it is
    shown."""
    exam_services.start_sitting(by=cast["worker_user"], paper=exam["paper"])
    running_import = ImportJob.objects.create(  # its page polls with HTMX and shows progress
        created_by=cast["town_admin"],
        file="imports/y.csv",
        original_name="y.csv",
        status=ImportJob.Status.VALIDATING,
        total_rows=10,
        processed_rows=4,
    )
    seeds = [*matrix_pages(objects), reverse("import_detail", args=[running_import.pk])]
    roles = {
        "anonymous": None,
        "platform": cast["platform"],  # the system administrator
        "security": duties["security"],  # 三员分立: grants, accounts, lockouts
        "audit": duties["audit"],  # the audit log
        "county_admin": cast["county_admin"],
        "county_viewer": cast["county_viewer"],
        "town_admin": cast["town_admin"],
        "admin_a": cast["admin_a"],
        "worker": cast["worker_user"],
        "judge1": exam["judges"][0],
        "outsider": cast["outsider"],
    }
    results = []
    for who, user in roles.items():
        extra = ["/admin/"] if who in ("platform", "security", "audit") else []
        pages, problems = crawl(_client(user), seeds + extra, who=who)
        results.append((who, pages, problems))
    # HTML pages each role is shown at least (about four fifths of what it reaches today): a
    # crawl that stops short — every page refused, a login lost — fails here.
    _assert_clean(
        results,
        {
            "anonymous": 4,
            "platform": 68,  # the system administrator: no grants, no audit log (三员分立)
            "security": 32,
            "audit": 11,
            "county_admin": 35,
            "county_viewer": 20,
            "town_admin": 28,
            "admin_a": 20,
            "worker": 10,
            "judge1": 8,
            "outsider": 5,
        },
    )


def test_the_published_results_and_certificates_run_under_the_policy(final, cast):  # noqa: F811
    services.issue_certificates(by=cast["county_admin"], competition=final)
    code = final.certificates.order_by("rank").first().code
    seeds = [
        reverse("public_results_list"),
        reverse("public_results", args=[final.pk]),
        reverse("certificate_verify", args=[code]),
        reverse("competition_detail", args=[final.pk]),
        reverse("appeal_list", args=[final.pk]),
        "/",
    ]
    results = []
    for who in ("anonymous", "county_admin", "worker_user"):
        user = cast[who] if who != "anonymous" else None
        pages, problems = crawl(_client(user), seeds, who=who)
        results.append((who, pages, problems))
    _assert_clean(results, {"anonymous": 3, "county_admin": 28, "worker_user": 5})


def test_error_pages_run_under_the_policy(settings, cast):
    settings.ROOT_URLCONF = "jiangxin.core.tests.error_urls"
    pages = {
        "/test-errors/500/": 500,
        "/test-errors/403/": 403,
        "/test-errors/400/": 400,
        "/no-such-page/": 404,
    }
    client = _client(cast["town_admin"])
    problems = []
    for url, status in pages.items():
        response = client.get(url)
        assert response.status_code == status
        problems += header_problems(url, response) + scan(response.content.decode()).problems
    refused = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x"})
    assert refused.status_code == 403  # the CSRF failure page
    problems += header_problems("csrf", refused) + scan(refused.content.decode()).problems
    not_allowed = client.get(reverse("worker_unmask", args=[cast["worker_a"].pk]))
    assert not_allowed.status_code == 405
    problems += header_problems("405", not_allowed) + scan(not_allowed.content.decode()).problems
    assert not problems, "\n".join(problems)


def test_the_scan_finds_each_kind_of_breach():
    """The check itself: each thing the policy refuses is named; what it allows passes."""
    allowed = scan(
        '<script src="/static/core/app.js" defer></script>'
        '<script type="application/json" id="d">{"a": "<b>"}</script>'
        '<a href="/workers/?q=1" data-confirm="确定？">x</a><div hx-get="/workers/"></div>'
        '<img src="data:image/png;base64,AAAA"><link rel="stylesheet" href="/static/core/app.css">'
        '<div hx-vals=\'{"question": "3"}\'></div>'
    )
    assert allowed.problems == []
    assert allowed.links == ["/workers/?q=1"] and allowed.htmx == ["/workers/"]
    breaches = [
        "<script>alert(1)</script>",
        '<script type="text/javascript">alert(1)</script>',
        '<script src="https://cdn.example.com/htmx.js"></script>',
        '<link rel="stylesheet" href="//cdn.example.com/x.css">',
        '<button onclick="history.back()">',
        '<body onload="go()">',
        '<a href=" JavaScript:go()">',
        '<form action="javascript:go()">',
        '<div hx-on:click="go()">',
        '<div hx-vars="a: go()">',
        '<div hx-vals="js:{a: go()}">',
        '<p style="color: red">',
        "<style>p { color: red; }</style>",
    ]
    for html in breaches:
        assert len(scan(html).problems) == 1, html


def test_the_header_check_names_a_missing_or_loose_policy(client, db):
    response = client.get(reverse("login"))
    assert header_problems("/login", response) == []
    assert parse_policy(response["Content-Security-Policy"]) == POLICY
    del response.headers["Content-Security-Policy"]
    assert header_problems("/login", response) == ["/login (200): no Content-Security-Policy"]
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; script-src 'self' 'unsafe-inline'"
    )
    assert "policy is" in header_problems("/login", response)[0]


def test_a_json_response_and_a_download_carry_the_policy_too(cast, login):
    client = login(cast["town_admin"])
    for url in (reverse("api:me"), reverse("import_template")):
        response = client.get(url)
        assert response.status_code == 200
        assert header_problems(url, response) == []
