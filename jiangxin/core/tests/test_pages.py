"""Every page: no reference to another host, and rendering within a fixed number of queries."""

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse, reverse_lazy

from jiangxin import factories as f

URL_ATTRS = {"src", "href", "action", "poster", "data", "formaction", "srcset", "hx-get", "hx-post"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and name in URL_ATTRS:
                self.refs.extend(v.strip().split(" ")[0] for v in value.split(","))
            if value and name == "style":
                self.refs.extend(CSS_URL.findall(value))

    def handle_data(self, data):
        self.refs.extend(CSS_URL.findall(data))
        self.refs.extend(re.findall(r"""(?:import|fetch)\(\s*['"]([^'"]+)""", data))


def external_refs(html: str) -> list[str]:
    parser = _Refs()
    parser.feed(html)
    out = []
    for ref in parser.refs:
        parts = urlsplit(ref)
        external = parts.netloc or ref.startswith("//")
        if external and parts.hostname not in {"testserver", "127.0.0.1", "localhost"}:
            out.append(ref)
    return out


def test_the_checker_finds_external_references():
    html = '<link href="https://cdn.example.com/x.css"><script src="//cdn.x/y.js"></script><div style="background:url(http://x.org/a.png)">'
    assert len(external_refs(html)) == 3
    assert external_refs('<a href="/workers/">x</a><img src="/static/a.png">') == []


def _pages(cast) -> list[str]:
    w = cast["worker_a"]
    return [
        reverse("home"),
        reverse("organisation_list"),
        reverse("organisation_detail", args=[cast["town_a"].pk]),
        reverse("organisation_new", args=[cast["town_a"].pk]),
        reverse("enterprise_list"),
        reverse("enterprise_new"),
        reverse("enterprise_detail", args=[cast["ent_a"].pk]),
        reverse("enterprise_edit", args=[cast["ent_a"].pk]),
        reverse("worker_list"),
        reverse("worker_new"),
        reverse("worker_detail", args=[w.pk]),
        reverse("worker_edit", args=[w.pk]),
        reverse("honour_new", args=[w.pk]),
        reverse("import_list"),
        reverse("import_new"),
        reverse("registration_list"),
        reverse("token_list"),
        "/api/v1/docs",
        "/admin/",
        "/admin/workers/worker/",
    ]


# The other platform duties' pages (三员分立): the system administrator reaches neither.
DUTY_PAGES = {
    "security": [
        reverse_lazy("account_list"),
        reverse_lazy("account_new"),
        reverse_lazy("platform_role_list"),
        "/admin/accounts/user/",
    ],
    "audit": [reverse_lazy("audit_list")],
}


def test_no_page_loads_anything_from_another_host(cast, duties, client):
    client.force_login(
        cast["platform"], backend="jiangxin.accounts.backends.UsernameOrMobileBackend"
    )
    checked = 0
    for url in _pages(cast):
        response = client.get(url)
        assert response.status_code == 200, url
        assert external_refs(response.content.decode()) == [], url
        checked += 1
    for duty, urls in DUTY_PAGES.items():
        client.force_login(
            duties[duty], backend="jiangxin.accounts.backends.UsernameOrMobileBackend"
        )
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert external_refs(response.content.decode()) == [], url
    anonymous = Client()
    for url in [reverse("login"), reverse("register"), "/admin/login/"]:
        response = anonymous.get(url)
        assert response.status_code == 200
        assert external_refs(response.content.decode()) == [], url
    assert checked == len(_pages(cast))


def test_static_files_reference_no_other_host():
    """Our own CSS and JS (vendored libraries' license URLs and XML namespaces aside)."""
    static = Path(__file__).resolve().parents[1] / "static" / "core"
    for path in static.iterdir():
        text = re.sub(
            r'xmlns(:\w+)?="[^"]*"', "", path.read_text()
        )  # namespaces are names, not loads
        assert not re.search(r"https?://", text), path


def test_worker_list_query_count_does_not_grow_with_rows(
    cast, client, django_assert_max_num_queries
):
    client.force_login(
        cast["town_admin"], backend="jiangxin.accounts.backends.UsernameOrMobileBackend"
    )
    for i in range(30):
        f.worker(cast["union_a"], f"批量{chr(0x4E00 + i)}", enterprise_obj=cast["ent_a"])
    with django_assert_max_num_queries(14):
        response = client.get(reverse("worker_list"))
    assert response.context["page"].paginator.count == 32


def test_home_page_query_count_is_fixed(cast, client, django_assert_max_num_queries):
    client.force_login(
        cast["town_admin"], backend="jiangxin.accounts.backends.UsernameOrMobileBackend"
    )
    # one query per card (the named studios card is the 17th); none grows with the rows
    with django_assert_max_num_queries(17):
        response = client.get(reverse("home"))
    assert response.context["totals"]["total"] == 2


@pytest.mark.parametrize("who", ["town_admin", "worker_user"])
def test_home_sends_each_user_to_their_own_start(cast, client, who):
    client.force_login(cast[who], backend="jiangxin.accounts.backends.UsernameOrMobileBackend")
    response = client.get(reverse("home"))
    if who == "worker_user":
        assert response["Location"] == reverse("worker_detail", args=[cast["worker_a"].pk])
    else:
        assert response.status_code == 200


def _check_deploy(tmp_path, **env) -> subprocess.CompletedProcess:
    """``manage.py check --deploy`` in a fresh process with production settings plus ``env``."""
    production = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "jiangxin.settings",
        "DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "production-secret-with-enough-entropy-0123456789",
        "ALLOWED_HOSTS": "jiangxin.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "STATIC_ROOT": str(tmp_path / "static"),
        "LOCAL_ENV_FILE": str(tmp_path / "no-local.env"),  # not the demo's generated keys
    }
    root = Path(__file__).resolve().parents[3]
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=root,
        env={**production, **env},
        capture_output=True,
        text=True,
    )


def test_deploy_check_passes_on_production_settings(tmp_path):
    # 32 bytes, base64 (a 33-byte key is refused: jiangxin.E011)
    result = _check_deploy(tmp_path, DATA_KEY="cHJvZHVjdGlvbi1kYXRhLWtleS0zMi1ieXRlcy1sbmc=")
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_refuses_development_keys(tmp_path):
    from django.conf import settings

    result = _check_deploy(tmp_path)  # no DATA_KEY: refused (it no longer falls back)
    assert result.returncode != 0
    assert "jiangxin.E010" in result.stdout + result.stderr
    result = _check_deploy(tmp_path, DATA_KEY=settings.DEV_DATA_KEY)
    assert result.returncode != 0
    assert "jiangxin.E001" in result.stdout + result.stderr


def test_the_interface_stays_chinese_whatever_the_browser_asks_for(client):
    response = client.get(reverse("login"), headers={"Accept-Language": "en-US,en;q=0.9"})
    body = response.content.decode()
    assert "密码" in body and "Password" not in body
