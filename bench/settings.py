"""Settings for benchmarks: the production settings plus a URLconf with the baselines."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/jiangxin_bench")

from jiangxin.settings import *  # noqa: F403
from jiangxin.settings import BASE_DIR, INSTALLED_APPS, TEMPLATES

ROOT_URLCONF = "bench.urls"
# The bench process creates the session the load generator sends; the server must sign alike.
SECRET_KEY = "bench-secret-key-not-for-production-0123456789abcdefghijklmnop"
INSTALLED_APPS = [*INSTALLED_APPS]
TEMPLATES[0]["DIRS"] = [BASE_DIR / "bench" / "templates"]
