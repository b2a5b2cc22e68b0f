"""Every page a worker, master, apprentice, judge, team contestant or member of the public
opens fits a 390 px phone: no sideways scroll.

Each test builds one role's world with the apps' own fixtures (services underneath), logs in
through the login page of a 390×844 Chromium, then walks the site as that person would: the
landing page and every same-origin link on it (the side menu included, folded away or not),
breadth-first, up to ``LIMIT`` pages, plus explicit URLs for pages only reached with an id or
after an action (a pair, an entry to judge, an exam paper). On every page
``document.documentElement.scrollWidth <= window.innerWidth`` must hold; a failure names the
page, the widest element and the innermost elements that stick out, so it says what to fix.

To add a page: put its URL in the role's ``extra`` list (or link to it from a page the role
already reaches — the crawl finds it). To add a role: build its data with fixtures, then
``_walk(browser, live_server, username=..., extra=[...])``. ``JX_PHONE_SHOTS=/tmp/phone``
saves a full-page PNG of every page visited.
"""

import datetime
import os
import re
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from jiangxin import factories as f
from jiangxin.competitions import services
from jiangxin.competitions.models import Certificate, Competition, Delegation
from jiangxin.competitions.tests.conftest import final, marked, published, running  # noqa: F401
from jiangxin.exams import services as exam_services
from jiangxin.exams.tests.conftest import exam  # noqa: F401
from jiangxin.mentoring import services as mentoring_services
from jiangxin.mentoring.tests.conftest import people, programme  # noqa: F401
from jiangxin.privacy import services as privacy_services
from jiangxin.workers.models import Worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LIMIT = 40
# Not pages: logging out, files, the Django admin, the API and its docs.
SKIP = re.compile(r"/logout/|\.(pdf|xlsx|csv|zip|json)$|/export/|/admin/|/api/|/static/|/media/")
SHOTS = os.environ.get("JX_PHONE_SHOTS", "")

# Runs in the page: null when the page fits; otherwise the document's width, the widest
# element that sticks out, and the innermost ones (those with no sticking-out child) — the
# likely causes. Elements inside a scrolling or clipping box do not widen the page: skipped.
MEASURE = """() => {
  const vw = window.innerWidth, doc = document.documentElement;
  if (doc.scrollWidth <= vw) return null;
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  const name = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      let s = e.tagName.toLowerCase();
      if (e.id) { parts.unshift(s + '#' + e.id); break; }
      const cls = [...e.classList].slice(0, 2);
      if (cls.length) s += '.' + cls.join('.');
      parts.unshift(s);
    }
    return parts.join(' > ');
  };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > vw + 0.5 && !clipped(el)) out.push(el);
  }
  const describe = (el) => {
    const r = el.getBoundingClientRect();
    const text = (el.innerText || el.value || '').trim().slice(0, 40).replace(/\\s+/g, ' ');
    return `${name(el)} (${Math.round(r.width)} px wide, right edge ${Math.round(r.right)} px`
      + (text ? `, "${text}"` : '') + ')';
  };
  const widest = out.reduce((a, b) => (b.getBoundingClientRect().width >
    a.getBoundingClientRect().width ? b : a), out[0] || doc);
  const inner = out.filter((el) => !out.some((o) => o !== el && el.contains(o))).slice(0, 3);
  return {width: doc.scrollWidth, viewport: vw, widest: describe(widest),
          causes: inner.map(describe)};
}"""


def _login(page, base: str, username: str) -> None:
    page.goto(base + reverse("login"))
    page.get_by_label("用户名或手机号").fill(username)
    page.get_by_label("密码").fill(f.PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"{username} could not log in"


def _links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
    host = urlsplit(base).netloc
    out = []
    for href in hrefs:
        url = urldefrag(href)[0]
        parts = urlsplit(url)
        if (
            parts.scheme in ("http", "https")
            and parts.netloc == host
            and not SKIP.search(parts.path)
        ):
            out.append(url)
    return out


def _check(page, url: str, problems: list[str], *, role: str, n: int) -> None:
    found = page.evaluate(MEASURE)
    path = url.split("//", 1)[-1].split("/", 1)[-1]
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^\w]+", "-", path).strip("-") or "home"
        page.screenshot(path=f"{SHOTS}/{role}-{n:02d}-{slug}.png", full_page=True)
    if found:
        causes = "; ".join(found["causes"])
        problems.append(
            f"/{path}: page {found['width']} px wide on a {found['viewport']} px screen; "
            f"widest: {found['widest']}; sticking out: {causes}"
        )


def _walk(browser, live_server, *, username: str | None, extra=(), role: str = "") -> list[str]:
    """Log in (unless anonymous), crawl from the landing page and visit ``extra``; returns the
    pages that do not fit (and those that answer with a server error)."""
    base = live_server.url
    role = role or username or "public"
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    problems: list[str] = []
    try:
        if username:
            _login(page, base, username)
            start = [page.url]
        else:
            start = []
        queue = deque(start + [base + u for u in extra])
        seen = set(queue)
        checked: set[str] = set()
        visited = 0
        while queue and visited < LIMIT + len(extra):
            url = queue.popleft()
            response = page.goto(url)
            landed = urldefrag(page.url)[0]
            if landed in checked:  # a redirect to a page already measured ("/" → own record)
                continue
            checked.add(landed)
            visited += 1
            if response is not None and response.status >= 500:
                problems.append(f"{landed}: server error {response.status}")
                continue
            if response is not None and response.status >= 400:
                # a link this role is shown but may not follow: reported, not failed here
                print(f"{role}: {landed} answers {response.status}")
            _check(page, landed, problems, role=role, n=visited)
            for link in _links(page, base):
                if link not in seen and len(seen) < LIMIT + len(extra):
                    seen.add(link)
                    queue.append(link)
        assert visited >= 3, f"{role}: only {visited} pages reached"
    finally:
        context.close()
    return problems


def _assert_fits(problems: list[str], role: str) -> None:
    assert not problems, f"{role}: {len(problems)} page(s) scroll sideways at 390 px:\n" + (
        "\n".join(problems)
    )


def _active_pair(programme, people, cast):  # noqa: F811
    """林师傅 (account linshifu) → 徒弟1 (account tudi1), approved, begun two months ago, no log
    yet: last month and this one are due."""
    today = timezone.localdate()
    start = (today.replace(day=1) - datetime.timedelta(days=40)).replace(day=1)
    master_user, apprentice_user = f.user("linshifu"), f.user("tudi1")
    Worker.objects.filter(pk=people["master"].pk).update(account=master_user)
    Worker.objects.filter(pk=people["apprentices"][0].pk).update(account=apprentice_user)
    pair = mentoring_services.propose_pair(
        by=cast["town_admin"],
        programme=programme,
        master=people["master"],
        apprentice=people["apprentices"][0],
        starts_on=start,
    )
    mentoring_services.approve_pair(by=cast["admin_a"], pair=pair)
    return pair


def _finalise(competition, cast):
    """The public notice has run its course: results final, certificates issued."""
    Competition.objects.filter(pk=competition.pk).update(
        publicity_until=timezone.now() - datetime.timedelta(minutes=1)
    )
    services.finalise_results(by=cast["county_admin"], competition=competition)
    services.issue_certificates(by=cast["county_admin"], competition=competition)


def test_a_worker_s_pages_fit_a_phone(exam, marked, cast, live_server, browser):  # noqa: F811
    """柯宝馨 (account worker): on the roster, entered in a competition with an online exam;
    first during the exam (the paper open), then after the results are published and final."""
    paper = exam["paper"]
    exam_services.start_sitting(by=cast["worker_user"], paper=paper)
    problems = _walk(
        browser,
        live_server,
        username="worker",
        role="worker-exam",
        extra=[reverse("exam_list"), reverse("exam_take", args=[paper.pk])],
    )
    competition = published(marked, cast)
    _finalise(competition, cast)
    # 我的数据 with something in every table, and a correction request the union has answered
    asked = privacy_services.request_correction(
        by=cast["worker_user"], item="skill_level", details="应为三级/高级工，证书编号 S2024-0001"
    )
    privacy_services.decide_correction(
        by=cast["admin_a"], correction=asked, status="rejected", note="请携带证书原件到工会核验"
    )
    problems += _walk(
        browser,
        live_server,
        username="worker",
        role="worker-results",
        extra=[
            reverse("competition_detail", args=[competition.pk]),
            reverse("public_results", args=[competition.pk]),
            reverse("exam_take", args=[paper.pk]),
            reverse("my_data"),
            reverse("correction_new"),
            reverse("privacy_notice"),
        ],
    )
    _assert_fits(problems, "worker")


def test_a_team_contestant_s_pages_fit_a_phone(marked, cast, live_server, browser):  # noqa: F811
    """曾小贤 (account contestant), entered by 安海镇代表队 and its leader, while the results
    are in their public notice (appeals open)."""
    contestant = f.user("contestant")
    Worker.objects.filter(pk=cast["worker_b"].pk).update(account=contestant)
    team = marked["entries"]["b"].delegation
    # The team named its leader while registration was open (set_leader refuses after the
    # close); the marked fixture has passed that step, so the row is set as it would stand.
    Delegation.objects.filter(pk=team.pk).update(leader=cast["worker_b"])
    competition = published(marked, cast)
    problems = _walk(
        browser,
        live_server,
        username="contestant",
        extra=[
            reverse("competition_detail", args=[competition.pk]),
            reverse("public_results", args=[competition.pk]),
        ],
    )
    _assert_fits(problems, "team contestant")


def test_a_judge_s_pages_fit_a_phone(running, cast, live_server, browser):  # noqa: F811
    """judge1 on the practical component of a running competition, entries drawn; the chief
    judge's lock page too."""
    competition = running["competition"]
    services.appoint_judge(
        by=cast["county_admin"], competition=competition, user=f.user("chief"), role="chief"
    )
    code = running["entries"]["c"].code
    problems = _walk(
        browser,
        live_server,
        username="judge1",
        extra=[
            reverse("judging_entries", args=[competition.pk]),
            reverse("judging_entry", args=[competition.pk, code]),
        ],
    )
    problems += _walk(
        browser,
        live_server,
        username="chief",
        extra=[reverse("judging_lock", args=[competition.pk])],
    )
    _assert_fits(problems, "judge")


def test_a_master_s_and_an_apprentice_s_pages_fit_a_phone(
    programme,  # noqa: F811
    people,  # noqa: F811
    cast,
    live_server,
    browser,
):
    pair = _active_pair(programme, people, cast)
    extra = [reverse("pair_detail", args=[pair.pk])]
    problems = _walk(browser, live_server, username="linshifu", extra=extra)
    problems += _walk(browser, live_server, username="tudi1", extra=extra)
    _assert_fits(problems, "master / apprentice")


def test_the_public_pages_fit_a_phone(final, cast, live_server, browser):  # noqa: F811
    services.issue_certificates(by=cast["county_admin"], competition=final)
    certificate = Certificate.objects.order_by("rank").first()
    problems = _walk(
        browser,
        live_server,
        username=None,
        role="public",
        extra=[
            reverse("login"),
            reverse("register"),
            reverse("privacy_notice"),
            reverse("public_results_list"),
            reverse("public_results", args=[final.pk]),
            reverse("certificate_verify_form"),
            reverse("certificate_verify", args=[certificate.code]),
        ],
    )
    _assert_fits(problems, "public")


def test_the_measure_names_what_sticks_out_and_tables_stack_with_labels(live_server, browser):
    """The check itself: a page with a too-wide element is caught and the element named; a
    table (this project's CSS and JS) stacks into cards whose cells carry their column's name."""
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + reverse("login"))  # the site's stylesheet and script
    page.evaluate(
        """() => {
        document.querySelector('main').insertAdjacentHTML('beforeend',
          '<div class="table-wrap"><table><thead><tr><th>竞赛</th><th>奖项</th></tr></thead>'
          + '<tbody><tr><td>ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMNOPQRSTUVWXYZ</td>'
          + '<td>一等奖</td></tr></tbody></table></div>');
        document.dispatchEvent(new Event('htmx:afterSettle'));
      }"""
    )
    assert page.evaluate(MEASURE) is None
    cell = page.locator("td").first
    assert cell.get_attribute("data-label") == "竞赛"
    assert page.evaluate("getComputedStyle(document.querySelector('tr')).display") == "block"
    page.evaluate(  # a width set through the DOM: the policy refuses a style="…" attribute
        """() => {
        const p = document.createElement('p');
        p.className = 'too-wide';
        p.textContent = '宽';
        p.style.width = '700px';
        document.querySelector('main').append(p);
      }"""
    )
    found = page.evaluate(MEASURE)
    assert found["width"] > 390
    assert "p.too-wide (700 px wide" in found["widest"]
    context.close()
