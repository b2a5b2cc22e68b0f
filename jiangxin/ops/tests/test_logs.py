"""Logs in production are one JSON object per line, and every record written while a request
runs carries its id — the one the response's X-Request-ID header gives the client."""

import base64
import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from jiangxin.ops.logs import JsonFormatter, RequestContextFilter

BACKEND = "jiangxin.accounts.backends.UsernameOrMobileBackend"
FIELDS = {"time", "level", "logger", "message", "request_id", "user_id", "path", "method"}

# A fresh process under production settings: DEBUG off, LOG_FORMAT unset, so the logging set up
# by settings.LOGGING is the one a deployment gets. /healthz needs no database.
CHILD = """
import django
django.setup()
from django.test import Client
response = Client().get("/healthz")
print(response.status_code, response["X-Request-ID"])
"""


def test_a_production_process_writes_a_json_line_with_the_request_id(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jiangxin.settings",
        "LOCAL_ENV_FILE": str(tmp_path / "none.env"),
        "DEBUG": "0",
        "SECRET_KEY": "ops-test-" + "s" * 50,
        "DATA_KEY": base64.b64encode(os.urandom(32)).decode(),
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("LOG_FORMAT", None)
    env.pop("ACCESS_LOG", None)
    child = subprocess.run(
        [sys.executable, "-c", CHILD],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == 0, child.stderr
    status, request_id = child.stdout.split()
    assert status == "200"  # over plain HTTP: the probe is not redirected to HTTPS
    lines = [json.loads(line) for line in child.stderr.splitlines() if line.strip()]
    access = [line for line in lines if line["logger"] == "jiangxin.access"]
    assert len(access) == 1, child.stderr
    line = access[0]
    assert line["request_id"] == request_id
    assert line["level"] == "INFO"
    assert line["method"] == "GET" and line["path"] == "/healthz"
    assert line["status"] == 200 and isinstance(line["duration_ms"], float)
    assert line["user_id"] is None
    assert line["time"][:2] == "20" and line["time"][-6:] == "+08:00"  # Asia/Shanghai


@pytest.fixture
def json_log():
    """The production handler (the same filter and formatter classes) on the root logger."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)


def test_every_record_of_a_request_carries_its_id(db, settings, json_log):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "jiangxin.core.tests.error_urls"
    response = Client(raise_request_exception=False).get("/test-errors/500/?q=350582199001011234")
    request_id = response["X-Request-ID"]
    lines = json_log()
    error = next(line for line in lines if line["logger"] == "django.request")
    access = next(line for line in lines if line["logger"] == "jiangxin.access")
    assert error["request_id"] == access["request_id"] == request_id
    assert error["level"] == "ERROR" and "a fault the user must not see" in error["exc"]
    assert access["status"] == 500 and access["path"] == "/test-errors/500/"
    assert all(set(line) >= FIELDS for line in lines)
    assert "350582199001011234" not in json.dumps(lines)  # the query string is never logged


def test_the_access_line_names_the_logged_in_user(cast, json_log):
    client = Client()
    client.force_login(cast["town_admin"], backend=BACKEND)
    client.get("/")
    access = [line for line in json_log() if line["logger"] == "jiangxin.access"]
    assert access[-1]["user_id"] == cast["town_admin"].pk


def test_a_record_outside_a_request_has_no_request_fields(json_log):
    logging.getLogger("jiangxin.test").warning("多行\n消息")
    (line,) = json_log()
    assert line["message"] == "多行\n消息"  # one line in the file: the newline is escaped
    assert line["request_id"] is None and line["path"] is None
