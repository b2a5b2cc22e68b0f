"""The access core decides by the union tree and imports no domain app: what the apps add to a
user's reach (a bound roster record, judging duties…) comes from the sources they register."""

import ast
from pathlib import Path

from django.db.models import CharField, Value

from jiangxin import factories as f
from jiangxin.accounts import access
from jiangxin.accounts.access import reach_of, register_reach_source

DOMAIN_APPS = {"workers", "competitions", "exams", "mentoring", "organisations", "audit"}


def test_access_core_imports_no_domain_app():
    tree = ast.parse(Path(access.__file__).read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    domain = {m for m in imported if m.startswith("jiangxin.") and m.split(".")[1] in DOMAIN_APPS}
    assert domain == set()


def test_the_apps_register_their_sources():
    names = {source.__module__ for source in access._reach_sources}
    assert {"jiangxin.workers.reach", "jiangxin.competitions.reach"} <= names


def test_a_registered_source_adds_a_duty_in_the_same_query(cast, django_assert_num_queries):
    from jiangxin.accounts.models import User

    def mentoring_duty(user):
        return User.objects.filter(pk=user.pk).values_list(
            Value("master"), Value("7", output_field=CharField())
        )

    register_reach_source(mentoring_duty)
    register_reach_source(mentoring_duty)  # once only
    try:
        assert access._reach_sources.count(mentoring_duty) == 1
        user = f.user("someone")
        with django_assert_num_queries(1):
            reach = reach_of(user)
        assert reach.has("master") and ("master", "7") in reach.duties
        assert not reach.is_union_user and reach.worker_id is None and not reach.judge
    finally:
        access._reach_sources.remove(mentoring_duty)


def test_grants_and_the_bound_record_in_one_query(cast, django_assert_num_queries):
    user = cast["worker_user"]
    with django_assert_num_queries(1):
        reach = reach_of(user)
    assert reach.worker_id == cast["worker_a"].pk
    admin = cast["town_admin"]
    with django_assert_num_queries(1):
        reach = reach_of(admin)
    assert reach.edit_paths == (cast["town_a"].path,)
