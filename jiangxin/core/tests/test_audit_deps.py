"""bin/audit-deps, the release step that checks the locked dependencies with pip-audit: with
no vulnerability database reachable it says so and passes; against a database (a fake OSV
server on loopback here) it fails on a known vulnerability and passes on none."""

import json
import os
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "bin" / "audit-deps"
PIP_AUDIT = "pip-audit==2.10.1"


def _run(**env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SCRIPT)],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def osv():
    """A fake OSV query endpoint: ``vulnerable`` names the packages it reports (any version),
    and it always reports the script's canary (Django 3.2)."""
    state = {"vulnerable": set(), "queries": 0}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            state["queries"] += 1
            name, version = query["package"]["name"], query["version"]
            vulns = []
            if name in state["vulnerable"] or (name == "django" and version == "3.2"):
                vulns = [
                    {
                        "id": "JX-TEST-0001",
                        "summary": "a made-up advisory",
                        "affected": [
                            {
                                "package": {"name": name, "ecosystem": "PyPI"},
                                "ranges": [{"type": "ECOSYSTEM", "events": [{"fixed": "99.0"}]}],
                            }
                        ],
                    }
                ]
            body = json.dumps({"vulns": vulns} if vulns else {}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state["url"] = f"http://127.0.0.1:{server.server_port}/v1/query"
    yield state
    server.shutdown()


def _pip_audit_available() -> bool:
    uv = ROOT / ".venv" / "bin" / "uv"
    probe = subprocess.run(
        [str(uv), "tool", "run", "--quiet", "--from", PIP_AUDIT, "pip-audit", "-V"],
        capture_output=True,
        timeout=300,
    )
    return probe.returncode == 0


def test_without_a_database_it_says_it_skipped_and_passes():
    unreachable = {"AUDIT_DEPS_SERVICE": "osv", "AUDIT_DEPS_OSV_URL": "http://127.0.0.1:9/"}
    result = _run(**unreachable)
    assert result.returncode == 0
    assert "SKIPPED: no route to a vulnerability database" in result.stdout
    assert "依赖漏洞检查已跳过" in result.stdout
    assert _run(**unreachable, AUDIT_DEPS_REQUIRED="1").returncode == 2


def test_against_a_database_it_fails_on_a_known_vulnerability_and_passes_on_none(osv):
    if not _pip_audit_available():
        pytest.skip("pip-audit cannot be fetched here (no package index)")
    env = {"AUDIT_DEPS_SERVICE": "osv", "AUDIT_DEPS_OSV_URL": osv["url"]}
    clean = _run(**env)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "未发现已知漏洞" in clean.stdout
    assert osv["queries"] > 20  # every locked package was asked about
    osv["vulnerable"] = {"django"}
    found = _run(**env)
    assert found.returncode == 1, found.stdout + found.stderr
    assert "JX-TEST-0001" in found.stdout and "django" in found.stdout.lower()
    assert "发现已知漏洞" in found.stderr
