"""How Debian's Chromium is launched here, headless, by the browser tests and the screenshot
script: no sandbox (root in CI), and no background connections (the network is closed)."""

EXECUTABLE = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
