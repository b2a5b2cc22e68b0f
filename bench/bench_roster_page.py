"""(b) The roster list page — 50 rows, a town admin's view of a 100,000-worker database — under
a bounded load on loopback (wrk -t2 -c32 -d10s) from the production server setup (granian WSGI,
2 workers, DEBUG off), against a minimal view that renders the same 50 rows from the same table
with a plain template, served by the same server."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.common import OUT, ROOT, build_tree, roster_rows, truncate_roster, vacuum_roster

TARGET = 0.5
PORT = 8765
WRK = ["-t2", "-c32", "-d10s", "--latency"]


def _ensure_roster(rows: int, ctx) -> None:
    from jiangxin.workers.models import Worker

    if Worker.objects.count() != rows:
        _load(rows, ctx)
    vacuum_roster()


def _load(rows: int, ctx) -> None:
    from django.db import transaction

    from jiangxin.core import crypto
    from jiangxin.workers import importing
    from jiangxin.workers.roster_format import COLUMNS, map_header
    from jiangxin.workers.roster_rows import validate_rows

    truncate_roster()
    lookups = importing.build_lookups(ctx["county_admin"])
    header = map_header([t for _k, t, _r in COLUMNS])
    records, errors, _n = validate_rows(
        list(roster_rows(rows, ctx["enterprises"])), header, lookups
    )
    assert not errors, errors[:3]
    digest = crypto.make_encryptor()[1]
    for r in records:
        r["id_hash"] = digest(r["id_number"])
    with transaction.atomic():
        importing.write_records(records, existing=set(), editable_org_ids=None)


def _session_cookie(user) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "jiangxin.accounts.backends.UsernameOrMobileBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store["_last_active"] = int(time.time())
    store.create()
    # The server runs as production does (DEBUG=0, secure cookies): the session cookie's name
    # has the __Host- prefix (settings.py); wrk sends it by hand, so plain http is no obstacle.
    return f"__Host-sessionid={store.session_key}"


def _server_env(static_root: str) -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "1",
            "STATIC_ROOT": static_root,
            "CONN_MAX_AGE": "600",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def _start_server(env: dict) -> subprocess.Popen:
    granian = str(Path(sys.executable).parent / "granian")
    proc = subprocess.Popen(
        [
            granian,
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(PORT),
            "--workers",
            "2",
            "--blocking-threads",
            "1",
            "--log-level",
            "warning",
            "jiangxin.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=0.5).close()
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("granian did not start: " + proc.stderr.read().decode()[-2000:])


def _get(url: str, cookie: str) -> str:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200, (url, response.status)
        return response.read().decode()


def _wrk(url: str, cookie: str) -> dict:
    out = subprocess.run(
        ["wrk", *WRK, "-H", f"Cookie: {cookie}", url], capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    if non2xx:
        raise RuntimeError(f"{url}: {non2xx.group(1)} error responses under load")
    return {"rps": rps, "p50": _ms(out, "50%"), "p99": _ms(out, "99%")}


def _ms(out: str, label: str) -> float:
    value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", out).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def run(rows: int = 100_000, repeat: int = 3) -> list[dict]:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed for the page benchmark: apt-get install wrk")
    ctx = build_tree()
    _ensure_roster(rows, ctx)
    static_root = tempfile.mkdtemp(prefix="jx-static-")
    env = _server_env(static_root)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    cookie = _session_cookie(ctx["town_admin"])
    town_path = ctx["town"].path
    ours_url = f"http://127.0.0.1:{PORT}/workers/"
    base_url = f"http://127.0.0.1:{PORT}/bench/baseline/roster/?path={town_path}"
    proc = _start_server(env)
    try:
        page, base = _get(ours_url, cookie), _get(base_url, cookie)
        assert page.count('href="/workers/') >= 50 and "共 " in page, (
            "the roster page did not show 50 rows"
        )
        assert _get(ours_url, "").count('href="/workers/') == 0, (
            "the roster page answered without a login"
        )
        assert base.count('href="/workers/') == 50
        for _ in range(20):
            _get(ours_url, cookie), _get(base_url, cookie)
        ours_runs, base_runs = [], []
        for _ in range(repeat):
            base_runs.append(_wrk(base_url, cookie))
            ours_runs.append(_wrk(ours_url, cookie))
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
        shutil.rmtree(static_root, ignore_errors=True)
    ours = sorted(ours_runs, key=lambda r: r["rps"])[len(ours_runs) // 2]
    base = sorted(base_runs, key=lambda r: r["rps"])[len(base_runs) // 2]
    OUT.mkdir(exist_ok=True)
    return [
        {
            "name": "roster_page_town_admin",
            "value": round(ours["rps"]),
            "unit": "req/s",
            "baseline": round(base["rps"]),
            "baseline_name": "raw SQL + plain template, same server",
            "ratio": round(ours["rps"] / base["rps"], 3),
            "target": TARGET,
            "met": ours["rps"] / base["rps"] >= TARGET,
            "p50_ms": ours["p50"],
            "p99_ms": ours["p99"],
            "baseline_p50_ms": base["p50"],
            "baseline_p99_ms": base["p99"],
        }
    ]
