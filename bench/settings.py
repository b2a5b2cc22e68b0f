"""Settings for benchmarks: the production settings plus a URLconf with the baselines."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/jiangxin_bench")

from jiangxin.settings import *  # noqa: F403
from jiangxin.settings import BASE_DIR, INSTALLED_APPS, TEMPLATES

ROOT_URLCONF = "bench.urls"
# The bench process creates the session the load generator sends; the server must sign alike.
SECRET_KEY = "bench-secret-key-not-for-production-0123456789abcdefghijklmnop"
# The server runs with DEBUG off, which refuses the public development data key; the bench
# database's own key (32 bytes, base64), the same in the bench process and the server.
DATA_KEY = "YmVuY2gta2V5LW5vdC1mb3ItcHJvZHVjdGlvbi0wMTI="
DATA_KEY_OLD: list[str] = []
INSTALLED_APPS = [*INSTALLED_APPS]
TEMPLATES[0]["DIRS"] = [BASE_DIR / "bench" / "templates"]
