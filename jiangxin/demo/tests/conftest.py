"""The demo, loaded once for the package's test modules (it takes a while)."""

import pytest
from django.core.management import call_command
from django.test import override_settings


@pytest.fixture(scope="package")
def demo_data(django_db_setup, django_db_blocker):
    """The demo, loaded once for this package; each test runs in its own transaction on top of
    it, and the package empties the database when done. Yields the moment the loading began."""
    from django.utils import timezone

    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # as every test uses (conftest)
    loading = timezone.now()
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=fast):
        call_command("load_demo", verbosity=0)
    yield loading
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(demo_data, db):
    return None
