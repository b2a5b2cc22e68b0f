"""(e) A competition day on loopback: 20 judges scoring through the API and 100 browsing sessions
(roster pages, the competition page, the public results) at once, for 60 s, against the
production server setup (granian WSGI, 2 workers, DEBUG off, PostgreSQL).

Figures: the judges' POST p50/p99 and req/s, the browsers' p50/p99 and req/s. Asserted: no 5xx
anywhere, and every acknowledged score (201) present exactly once — each 201 is one new score
row, and each judge has exactly one current mark per (contestant, aspect) they marked.
Baseline, measured in the same run on the same server: the plain roster page (raw SQL + plain
template) alone under ``wrk -c32``; the ratio is the judges' POST p99 over its p99.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
from decimal import Decimal
from pathlib import Path

from bench.bench_roster_page import (
    PORT,
    _ensure_roster,
    _get,
    _ms,
    _server_env,
    _session_cookie,
    _start_server,
)
from bench.common import OUT, ROOT, build_tree

TARGET = 4.0  # judges' POST p99 within 4× the quiet plain page's p99, under the full load
JUDGES, BROWSERS, ENTRIES = 20, 100, 200
TITLE = "基准竞赛日"

JUDGE_LUA = r"""
local threads, counter = {}, 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end
function init(args)
  acked, errors, refused = 0, 0, 0
  local plan = dofile("%(plan)s")
  local me = plan.judges[id]
  token, pairs_, n, i = me.token, plan.pairs, #plan.pairs, me.offset
  path = plan.path
end
function request()
  local pair = pairs_[(i %% n) + 1]
  i = i + 1
  local body = string.format('{"code": "%%s", "aspect_id": %%d, "value": %%d}', pair[1], pair[2], i %% 4)
  return wrk.format("POST", path, {["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json"}, body)
end
function response(status, headers, body)
  if status == 201 then acked = acked + 1
  elseif status >= 500 then errors = errors + 1
  else refused = refused + 1 end
end
function done(summary, latency, requests)
  local a, e, r = 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("acked"); e = e + t:get("errors"); r = r + t:get("refused")
  end
  io.write(string.format('RESULT {"acked": %%d, "errors": %%d, "refused": %%d}\n', a, e, r))
end
"""

BROWSE_LUA = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  errors = 0
  local plan = dofile("%(plan)s")
  paths, cookies, i = plan.paths, plan.cookies, math.random(1, 1000)
end
function request()
  i = i + 1
  local path = paths[(i %% #paths) + 1]
  local cookie = cookies[(i %% #cookies) + 1]
  return wrk.format("GET", path, {["Cookie"] = cookie})
end
function response(status, headers, body)
  if status >= 500 then errors = errors + 1 end
end
function done(summary, latency, requests)
  local e = 0
  for _, t in ipairs(threads) do e = e + t:get("errors") end
  io.write(string.format('RESULT {"errors": %%d}\n', e))
end
"""


def _competition(ctx, workers):
    """A running competition: one judged component of five 0–3 aspects, ENTRIES contestants
    drawn, JUDGES judges with API tokens. Rebuilt on every run."""
    from django.utils import timezone

    from jiangxin import factories as f
    from jiangxin.accounts.models import User
    from jiangxin.accounts.services import create_api_token
    from jiangxin.competitions import services
    from jiangxin.competitions.models import Competition

    _drop_competitions()
    admin, town_admin = ctx["county_admin"], ctx["town_admin"]
    now = timezone.now()
    competition = services.create_competition(
        by=admin,
        organiser=ctx["county"],
        components=[{"kind": "practical", "name": "技能操作考核", "weight": 100, "rule": "scheme"}],
        title=TITLE,
        level=Competition.Level.COUNTY,
        registration_opens=now - datetime.timedelta(days=1),
        registration_closes=now + datetime.timedelta(days=1),
        held_on=timezone.localdate(),
        quota_per_delegation=ENTRIES,
    )
    services.transition(by=admin, competition=competition, step="open_registration")
    team = services.create_delegation(
        by=town_admin, competition=competition, organisation=ctx["town"], name="基准甲镇代表队"
    )
    for worker in workers[:ENTRIES]:
        services.enter_worker(by=town_admin, delegation=team, worker=worker)
    practical = competition.components.get()
    aspects = [
        services.add_aspect(
            by=admin,
            component=practical,
            criterion="操作过程",
            kind="judgement",
            description=f"评价要点{i}",
            max_mark=Decimal("6"),
            descriptors=["未达到", "基本达到", "达到", "超出预期"],
        )
        for i in range(1, 6)
    ]
    services.transition(by=admin, competition=competition, step="close_registration")
    services.draw(by=admin, competition=competition, seed="bench")
    judges = []
    for i in range(1, JUDGES + 1):
        judge = User.objects.filter(username=f"bench_judge{i}").first() or f.user(f"bench_judge{i}")
        services.appoint_judge(by=admin, competition=competition, user=judge, component=practical)
        judges.append((judge, create_api_token(by=judge, name="基准")[1]))
    services.transition(by=admin, competition=competition, step="start")
    codes = list(
        competition.entries.exclude(code="").order_by("order").values_list("code", flat=True)
    )
    return competition, [(c, a.pk) for c in codes for a in aspects], judges


def _drop_competitions() -> None:
    """The bench database's earlier competition days, gone with everything that refers to
    them (scores, entries…), so every run starts from the same state."""
    from django.db import connection

    with connection.cursor() as cursor:
        # Every table that refers to a competition, however deep, goes with it.
        cursor.execute("TRUNCATE competitions_competition CASCADE")


def _lua_table(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_lua_table(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "{" + ", ".join(_lua_table(v) for v in value) + "}"
    if isinstance(value, str):
        return json.dumps(value)
    return str(value)


def _wrk(script: Path, url: str, threads: int, conns: int, seconds: int) -> dict:
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{conns}", f"-d{seconds}s", "--timeout", "30s", "--latency"]
        + ["-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = json.loads(re.search(r"RESULT (\{.*\})", out).group(1))
    result.update(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        p50=_ms(out, "50%"),
        p99=_ms(out, "99%"),
        requests=int(re.search(r"(\d+) requests in", out).group(1)),
    )
    return result


def _plain_p99(url: str, cookie: str, seconds: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", "-H", f"Cookie: {cookie}", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(out, "50%"),
        "p99": _ms(out, "99%"),
    }


def run(rows: int = 100_000, seconds: int = 60) -> list[dict]:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed for the load benchmark: apt-get install wrk")
    from django.urls import reverse

    from jiangxin.competitions.models import Score
    from jiangxin.workers.models import Worker

    ctx = build_tree()
    _ensure_roster(rows, ctx)
    workers = list(
        Worker.objects.filter(org_path__startswith=ctx["town"].path).order_by("pk")[:ENTRIES]
    )
    competition, pairs, judges = _competition(ctx, workers)
    work = Path(tempfile.mkdtemp(prefix="jx-load-"))
    static_root = str(work / "static")
    env = _server_env(static_root)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    step = max(1, len(pairs) // JUDGES)
    plan = {
        "path": f"/api/v1/judging/{competition.pk}/scores",
        "pairs": [list(p) for p in pairs],
        "judges": [{"token": t, "offset": i * step} for i, (_u, t) in enumerate(judges)],
    }
    (work / "judges_plan.lua").write_text("return " + _lua_table(plan))
    town_cookie = _session_cookie(ctx["town_admin"])
    county_cookie = _session_cookie(ctx["county_admin"])
    browse = {
        "paths": [
            reverse("worker_list"),
            reverse("worker_list") + "?page=2",
            reverse("competition_detail", args=[competition.pk]),
            reverse("competition_list"),
            reverse("public_results_list"),
        ],
        "cookies": [town_cookie, county_cookie] * (BROWSERS // 2),
    }
    (work / "browse_plan.lua").write_text("return " + _lua_table(browse))
    (work / "judges.lua").write_text(
        textwrap.dedent(JUDGE_LUA) % {"plan": work / "judges_plan.lua"}
    )
    (work / "browse.lua").write_text(
        textwrap.dedent(BROWSE_LUA) % {"plan": work / "browse_plan.lua"}
    )
    base = f"http://127.0.0.1:{PORT}"
    before = Score.objects.filter(entry__competition=competition).count()
    proc = _start_server(env)
    try:
        _get(f"{base}/workers/", town_cookie)
        plain = _plain_p99(
            f"{base}/bench/baseline/roster/?path={ctx['town'].path}", town_cookie, 10
        )
        browsers = subprocess.Popen(
            ["wrk", "-t2", f"-c{BROWSERS}", f"-d{seconds}s", "--latency"]
            + ["-s", str(work / "browse.lua"), base + "/"],
            stdout=subprocess.PIPE,
            text=True,
        )
        scoring = _wrk(work / "judges.lua", base + "/", JUDGES, JUDGES, seconds)
        out = browsers.communicate(timeout=seconds + 60)[0]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    browsing = json.loads(re.search(r"RESULT (\{.*\})", out).group(1))
    browsing.update(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        p50=_ms(out, "50%"),
        p99=_ms(out, "99%"),
    )
    _check_exactly_once(competition, scoring["acked"], before, in_flight=JUDGES)
    if scoring["errors"] or browsing["errors"]:
        raise RuntimeError(
            f"5xx under load: judges {scoring['errors']}, browsers {browsing['errors']}"
        )
    OUT.mkdir(exist_ok=True)
    ratio = scoring["p99"] / plain["p99"]
    return [
        {
            "name": "load_judges_post_p99",
            "value": round(scoring["p99"], 1),
            "unit": "ms",
            "baseline": round(plain["p99"], 1),
            "baseline_name": "plain roster page p99, quiet, same server",
            "ratio": round(ratio, 2),
            "target": TARGET,
            "target_op": "≤",
            "met": ratio <= TARGET,
            "details": {
                "judges p50 ms": scoring["p50"],
                "judges req/s": scoring["rps"],
                "scores acknowledged (each once)": scoring["acked"],
                "refused (4xx)": scoring["refused"],
                "browsers p50 ms": browsing["p50"],
                "browsers p99 ms": browsing["p99"],
                "browsers req/s": browsing["rps"],
                "plain page p50 ms": plain["p50"],
                "5xx": 0,
            },
        }
    ]


def _check_exactly_once(competition, acked: int, before: int, *, in_flight: int) -> None:
    """Every acknowledged score is written, and once: no (judge, entry, aspect) holds two
    current rows. A judge's connection sends one request at a time, so when wrk stops at the
    end of the run at most one request per judge was sent and never answered; the server may
    have written it (a write the client never saw acknowledged, as after any dropped
    connection). So the rows written are the acknowledged ones plus at most one per judge."""
    from django.db.models import Count

    from jiangxin.competitions.models import Score

    rows = Score.objects.filter(entry__competition=competition)
    written = rows.count() - before
    if not acked <= written <= acked + in_flight:
        raise RuntimeError(
            f"{acked} scores acknowledged but {written} rows written "
            f"(at most {in_flight} unanswered at the stop)"
        )
    doubled = (
        rows.filter(current=True)
        .values("judge", "entry", "aspect")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    if doubled:
        raise RuntimeError(f"{doubled} (judge, contestant, aspect) with two current marks")
