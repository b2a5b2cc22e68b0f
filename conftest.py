"""The fixed cast of the test suite: a small union tree and one user for every place in it.

福建省总工会 (province) → 泉州市总工会 (city)
└── 晋江市总工会 (county)          ← county_viewer (viewer), county_admin
    ├── 安海镇总工会 (town A)      ← town_admin
    │   ├── 晋工机械工会 (ent. A)  ← admin_a;  worker_a (account: worker_user)
    │   └── 力利玩具工会 (ent. B)  ← admin_b;  worker_b
    └── 东石镇总工会 (town B)      ← sibling_admin
        └── 远航伞业工会 (ent. C)  worker_c
platform: superuser (the system administrator); outsider: an account with no grant and no
roster record. The ``duties`` fixture adds the security and audit administrators.
"""

import os

import pytest

from jiangxin import factories as f
from jiangxin.core import chromium
from jiangxin.organisations.models import Organisation

K = Organisation.Kind


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # The production hasher costs ~0.3 s a password; the cast has ten users per test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def tree(db):
    province = f.org(None, "福建省总工会", K.PROVINCE)
    city = f.org(province, "泉州市总工会", K.CITY)
    county = f.org(city, "晋江市总工会", K.COUNTY)
    town_a = f.org(county, "安海镇总工会", K.TOWN)
    town_b = f.org(county, "东石镇总工会", K.TOWN)
    union_a = f.org(town_a, "福建省晋工机械有限公司工会", K.ENTERPRISE)
    union_b = f.org(town_a, "晋江力利玩具有限公司工会", K.ENTERPRISE)
    union_c = f.org(town_b, "晋江东石远航伞业有限公司工会", K.ENTERPRISE)
    ent_a = f.enterprise(union_a, "福建省晋工机械有限公司")
    ent_b = f.enterprise(union_b, "晋江力利玩具有限公司", industry_name="玩具文具")
    ent_c = f.enterprise(union_c, "晋江东石远航伞业有限公司", industry_name="玩具文具")
    return {
        "province": province,
        "city": city,
        "county": county,
        "town_a": town_a,
        "town_b": town_b,
        "union_a": union_a,
        "union_b": union_b,
        "union_c": union_c,
        "ent_a": ent_a,
        "ent_b": ent_b,
        "ent_c": ent_c,
    }


@pytest.fixture
def cast(tree):
    worker_a = f.worker(tree["union_a"], "柯宝馨", enterprise_obj=tree["ent_a"], female=True)
    worker_b = f.worker(tree["union_b"], "曾小贤", enterprise_obj=tree["ent_b"])
    worker_c = f.worker(tree["union_c"], "吴晓东", enterprise_obj=tree["ent_c"])
    worker_user = f.user("worker")
    worker_a.account = worker_user
    worker_a.save(update_fields=["account"])
    return {
        **tree,
        "worker_a": worker_a,
        "worker_b": worker_b,
        "worker_c": worker_c,
        "platform": f.user("platform", superuser=True),
        "county_viewer": f.user("county_viewer", node=tree["county"], role="viewer"),
        "county_admin": f.user("county_admin", node=tree["county"]),
        "town_admin": f.user("town_admin", node=tree["town_a"]),
        "sibling_admin": f.user("sibling_admin", node=tree["town_b"]),
        "admin_a": f.user("admin_a", node=tree["union_a"]),
        "admin_b": f.user("admin_b", node=tree["union_b"]),
        "worker_user": worker_user,
        "outsider": f.user("outsider"),
    }


@pytest.fixture
def duties(cast):
    """The three platform duties (三员分立): the superuser ``platform`` is the system
    administrator; ``security`` and ``auditor`` hold the other two, on dedicated accounts."""
    from jiangxin.accounts.services import assign_platform_role_on_console

    security = f.user("security")
    assign_platform_role_on_console(user=security, role="security")
    auditor = f.user("auditor")
    assign_platform_role_on_console(user=auditor, role="audit")
    return {"system": cast["platform"], "security": security, "audit": auditor}


@pytest.fixture
def login(client):
    """``login(user)`` → the test client logged in as that user (None: anonymous)."""

    def _login(user):
        client.logout()
        if user is not None:
            client.force_login(user, backend="jiangxin.accounts.backends.UsernameOrMobileBackend")
        return client

    return _login


# Browser tests: Debian's chromium through Playwright; the sync API runs an event loop in the
# test thread, so Django's async-safety check must be relaxed for those tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": chromium.EXECUTABLE,
        "args": chromium.ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "accept_downloads": True}


def pytest_collection_modifyitems(config, items):
    if os.environ.get("JX_SKIP_BROWSER"):
        skip = pytest.mark.skip(reason="chromium 未安装")
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip)
