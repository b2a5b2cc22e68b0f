"""Screenshots of the main pages, for the README and for looking at the pages.

Usage: .venv/bin/python docs/screenshots.py [BASE_URL] [OUT_DIR]
(the demo must be running: ./bin/demo).
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from jiangxin.core.chromium import ARGS, EXECUTABLE  # noqa: E402

PAGES = [
    ("home", "/"),
    ("organisations", "/organisations/"),
    ("enterprises", "/enterprises/"),
    ("workers", "/workers/?q=zxx"),
    ("workers-all", "/workers/"),
    ("imports", "/imports/new/"),
    ("audit", "/audit/"),
    ("api-docs", "/api/v1/docs"),
    ("competitions", "/competitions/"),
    ("competition", "/competitions/1/"),
    ("results", "/results/1/"),
    ("questions", "/questions/"),
    ("mentoring", "/mentoring/1/"),
    ("mentoring-match", "/mentoring/1/match/"),
]
# Kept in git for the README: home, competition, mentoring, phone-worker, phone-exam.


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=EXECUTABLE, args=ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 860}, locale="zh-CN")
        page.goto(BASE + "/accounts/login/")
        page.screenshot(path=OUT / "login.png")
        page.fill("#id_username", "anhai")
        page.fill("#id_password", "Jiangxin@2025")
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(BASE + "/")
        for name, path in PAGES:
            page.goto(BASE + path)
            page.wait_for_timeout(600)
            page.wait_for_timeout(900 if name in ("home", "mentoring") else 0)  # charts animate
            page.screenshot(
                path=OUT / f"{name}.png", full_page=name not in ("home", "competition", "mentoring")
            )
        page.goto(BASE + "/workers/")
        page.locator("#results tbody a").first.click()
        page.wait_for_timeout(300)
        page.screenshot(path=OUT / "worker.png", full_page=True)
        mobile = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN")
        mobile.goto(BASE + "/accounts/login/")
        mobile.fill("#id_username", "zhigong")
        mobile.fill("#id_password", "Jiangxin@2025")
        mobile.get_by_role("button", name="登录").click()
        mobile.wait_for_timeout(500)
        mobile.screenshot(path=OUT / "phone-worker.png", full_page=True)
        mobile.goto(BASE + "/exam/")
        mobile.locator("table a.btn").first.click()
        mobile.screenshot(path=OUT / "phone-exam.png", full_page=True)
        browser.close()


if __name__ == "__main__":
    main()
