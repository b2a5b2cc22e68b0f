import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiangxin.settings")
application = get_wsgi_application()

# Refuse to serve without a valid DATA_KEY, or with one that does not match the data: the same
# checks every management command runs (jiangxin/core/checks.py).
from jiangxin.core.checks import guard_wsgi  # noqa: E402

application = guard_wsgi(application)
