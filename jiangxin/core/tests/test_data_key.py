"""The data key: no start without a usable key that matches the data, and a rotation that
moves every value to a new key — resumable, with look-ups and imports working throughout."""

import base64
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from jiangxin import factories as f
from jiangxin.accounts.backends import find_user
from jiangxin.accounts.models import User
from jiangxin.accounts.services import approve_registration, register_worker
from jiangxin.audit.models import AuditEntry
from jiangxin.core import crypto, keys
from jiangxin.core.checks import data_key_is_usable, data_key_matches_data, guard_wsgi
from jiangxin.core.models import DataKeyState
from jiangxin.workers.importing import run_apply, start_import
from jiangxin.workers.models import ImportJob, Worker
from jiangxin.workers.services import create_worker, update_worker
from jiangxin.workers.tests.files import person_id, row, xlsx

ROOT = Path(__file__).resolve().parents[3]
KEY_A = base64.b64encode(b"A" * 32).decode()
KEY_B = base64.b64encode(b"B" * 32).decode()


def ids(messages) -> list[str]:
    return [m.id for m in messages]


# --- the key itself -------------------------------------------------------------------------


def test_production_refuses_a_missing_key(settings):
    settings.DEBUG, settings.DATA_KEY = False, ""
    assert ids(data_key_is_usable()) == ["jiangxin.E010"]


@pytest.mark.parametrize(
    "key",
    [
        "not a key",
        base64.b64encode(b"x" * 16).decode(),  # AES-128-sized
        base64.b64encode(b"x" * 33).decode(),
        KEY_A + " trailing",
    ],
)
def test_a_malformed_key_is_refused_in_production_and_development(settings, key):
    for debug in (False, True):
        settings.DEBUG, settings.DATA_KEY = debug, key
        assert ids(data_key_is_usable()) == ["jiangxin.E011"]


def test_a_malformed_old_key_is_refused(settings):
    settings.DATA_KEY, settings.DATA_KEY_OLD = KEY_B, [KEY_A, "AAAA"]
    assert ids(data_key_is_usable()) == ["jiangxin.E011"]


def test_the_development_key_is_refused_in_production_only(settings):
    settings.DATA_KEY = settings.DEV_DATA_KEY
    settings.DEBUG = False
    assert ids(data_key_is_usable()) == ["jiangxin.E001"]
    settings.DEBUG = True
    assert data_key_is_usable() == []
    settings.DEBUG, settings.DATA_KEY = False, KEY_A
    assert data_key_is_usable() == []


# --- the key against the data ---------------------------------------------------------------


@pytest.fixture
def under_a(settings):
    """DATA_KEY is A before any other fixture writes personal data."""
    settings.DATA_KEY, settings.DATA_KEY_OLD = KEY_A, []
    return settings


@pytest.fixture
def people(under_a, tree):
    """Under key A: three workers with ID numbers and mobiles (one without a mobile), and
    黄海峰 registering an account (its mobile on the user, his ID number on the registration)."""
    f.occupation()
    workers = [
        f.worker(tree["union_a"], "陈志伟", id_number=person_id(2), mobile="13800000002"),
        f.worker(tree["union_a"], "林丽娟", id_number=person_id(3, female=True), mobile=""),
        f.worker(tree["union_b"], "黄海峰", id_number=person_id(4), mobile="13800000004"),
    ]
    registration = register_worker(
        name="黄海峰",
        id_number=person_id(4),
        mobile="13900000004",
        enterprise=tree["ent_b"],
        password="Huang-haifeng-2025",
    )
    # Found by the mobile's hash, not by a username equal to the mobile.
    User.objects.filter(pk=registration.user_id).update(username="huanghaifeng")
    return {**tree, "workers": workers, "registration": registration}


def clear_values() -> dict:
    """Every encrypted value in clear, by table, row and column: what a rotation must keep."""
    out = {}
    for model, pairs in keys.encrypted_models():
        for obj in model._base_manager.order_by("pk"):
            for token_field, _hash in pairs:
                token = getattr(obj, token_field)
                out[(model._meta.label, obj.pk, token_field)] = token and crypto.decrypt(token)
    return out


def test_the_first_start_records_the_key_and_a_different_key_is_refused(people, settings):
    assert not DataKeyState.objects.exists()
    assert data_key_matches_data() == []
    fingerprint = DataKeyState.objects.get().fingerprints
    assert fingerprint == crypto.load_key(KEY_A).fingerprint
    assert KEY_A not in fingerprint and base64.b64decode(KEY_A).hex() not in fingerprint
    settings.DATA_KEY = KEY_B  # the data was written under A
    [error] = data_key_matches_data()
    assert error.id == "jiangxin.E012"
    assert "DATA_KEY_OLD" in error.hint and "rotate_data_key" in error.hint
    assert crypto.load_key(KEY_A).kid in error.msg


def test_without_a_stored_fingerprint_the_data_itself_is_tried(people, settings):
    """A database that held encrypted data before fingerprints existed."""
    settings.DATA_KEY = KEY_B
    assert ids(data_key_matches_data()) == ["jiangxin.E012"]
    assert not DataKeyState.objects.exists()  # nothing recorded for the wrong key
    settings.DATA_KEY = KEY_A
    assert data_key_matches_data() == []
    assert DataKeyState.objects.get().fingerprint_set == {crypto.load_key(KEY_A).fingerprint}


def to_legacy_tokens(key) -> None:
    """Rewrite every value as this code's predecessor wrote it: ``v1:`` and no key id."""
    for model, pairs in keys.encrypted_models():
        for obj in model._base_manager.all():
            for token_field, _hash in pairs:
                token = getattr(obj, token_field)
                if token:
                    nonce = os.urandom(12)
                    blob = nonce + key.aes.encrypt(nonce, crypto.decrypt(token).encode(), None)
                    setattr(obj, token_field, "v1:" + base64.b64encode(blob).decode())
            model._base_manager.filter(pk=obj.pk).update(**{t: getattr(obj, t) for t, _h in pairs})


def test_values_written_before_key_ids_are_checked_read_and_rotated(people, settings):
    """A database from before key ids: its ``v1:`` values are tried under each configured key
    — refused under the wrong one, recorded under the right one, moved by a rotation."""
    before = clear_values()
    to_legacy_tokens(crypto.load_key(KEY_A))
    assert Worker.objects.filter(id_number_enc__startswith="v1:").count() == 3
    settings.DATA_KEY = KEY_B
    [error] = data_key_matches_data()
    assert error.id == "jiangxin.E012" and "?" in error.msg  # no key id to name
    settings.DATA_KEY = KEY_A
    assert data_key_matches_data() == [] and clear_values() == before
    rotate_to_b(settings)  # the old key decrypts them by trial
    assert_all_under_b_alone(settings, before)


def test_an_empty_database_records_the_key_without_a_sample(under_a, db):
    assert data_key_matches_data() == []
    assert DataKeyState.objects.get().fingerprints == crypto.load_key(KEY_A).fingerprint


def test_an_app_server_that_found_no_database_checks_at_each_request(people, settings):
    """The database was down when the server started (``guard_wsgi`` could not check): the
    first request that reaches it checks, and a wrong key answers 503, never the data."""
    data_key_matches_data()  # A recorded
    settings.DATA_KEY = KEY_B
    from jiangxin.core.checks import _CheckWhenReachable

    served = []
    guarded = _CheckWhenReachable(lambda environ, start: served.append(1) or [b"page"])
    statuses = []
    body = guarded({}, lambda status, headers: statuses.append(status))
    assert statuses == ["503 Service Unavailable"] and served == []
    assert b"jiangxin.E012" in b"".join(body)
    with pytest.raises(Exception, match="jiangxin.E012"):
        guard_wsgi(lambda environ, start: [b"page"])
    settings.DATA_KEY = KEY_A
    assert guarded({}, lambda status, headers: None) == [b"page"] and served == [1]


# --- rotation -------------------------------------------------------------------------------


def rotate_to_b(settings, **options):
    settings.DATA_KEY, settings.DATA_KEY_OLD = KEY_B, [KEY_A]
    call_command("rotate_data_key", stdout=io.StringIO(), **options)


def assert_all_under_b_alone(settings, before: dict):
    settings.DATA_KEY, settings.DATA_KEY_OLD = KEY_B, []
    b = crypto.load_key(KEY_B)
    assert clear_values() == before  # every value decrypts under B alone, unchanged
    for model, pairs in keys.encrypted_models():
        for obj in model._base_manager.all():
            for token_field, hash_field in pairs:
                token = getattr(obj, token_field)
                if token:
                    assert token.startswith(b.prefix)
                    # A blank hash (a pending applicant's mobile, not yet a login) stays blank.
                    assert getattr(obj, hash_field) in (b.hash(crypto.decrypt(token)), None, "")
    assert DataKeyState.objects.get().fingerprints == b.fingerprint
    assert data_key_matches_data() == []


def test_rotation_round_trip(people, settings, django_capture_on_commit_callbacks):
    data_key_matches_data()
    before = clear_values()
    counts = {m._meta.label: m._base_manager.count() for m, _p in keys.encrypted_models()}
    holding = rows_under(crypto.load_key(KEY_A))
    assert holding == 5  # 3 workers, 1 registration, 1 user with a mobile
    rotate_to_b(settings)
    assert_all_under_b_alone(settings, before)
    assert {m._meta.label: m._base_manager.count() for m, _p in keys.encrypted_models()} == counts
    entry = AuditEntry.objects.get(object_type="core.datakeystate")
    assert entry.changes["finished"] is True and entry.changes["rows"] == holding

    # Look-ups find the same people under B alone.
    chen, lin, huang = people["workers"]
    assert list(Worker.objects.search(person_id(2))) == [chen]
    assert list(Worker.objects.search(person_id(3, female=True))) == [lin]
    assert list(Worker.objects.search("13800000004")) == [huang]
    # Still pending: the mobile becomes a login only on approval, and rotating must not make it one.
    assert find_user("13900000004") is None
    assert_duplicate_refused(people, person_id(2))

    # An import of an ID number on the roster updates the person, no second record.
    total = Worker.objects.count()
    job = import_rows(
        people, [row(2, job_post="班组长"), row(9)], django_capture_on_commit_callbacks
    )
    assert (job.status, job.new_count, job.update_count) == (ImportJob.Status.DONE, 1, 1)
    assert Worker.objects.count() == total + 1
    chen.refresh_from_db()
    assert chen.job_post == "班组长" and chen.id_number() == person_id(2)

    # And the key the data was under before is refused now.
    settings.DATA_KEY = KEY_A
    assert ids(data_key_matches_data()) == ["jiangxin.E012"]


def assert_duplicate_refused(people, id_number):
    with pytest.raises(ValidationError, match="已在职工名册中"):
        create_worker(
            by=f.root_user(), organisation=people["union_a"], name="重复", id_number=id_number
        )


def import_rows(people, rows, capture):
    admin = f.user("rotation-admin", node=people["county"])
    with capture(execute=True):
        job = start_import(by=admin, name="名册.xlsx", content=xlsx(rows))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY, job.errors or job.message
    run_apply(job.pk)
    job.refresh_from_db()
    return job


def test_a_resumed_rotation_ends_in_the_same_state(people, settings):
    data_key_matches_data()
    before = clear_values()
    rotate_to_b(settings, batch_size=1, max_batches=1)  # stopped after the first batch
    a, b = crypto.load_key(KEY_A), crypto.load_key(KEY_B)
    assert DataKeyState.objects.get().fingerprint_set == {a.fingerprint, b.fingerprint}
    assert rows_under(b) == 1 and rows_under(a) == len(people["workers"]) + 2 - 1
    assert AuditEntry.objects.get(object_type="core.datakeystate").changes["finished"] is False

    # Half-way: every process needs A as well — without it the start is refused.
    settings.DATA_KEY_OLD = []
    assert ids(data_key_matches_data()) == ["jiangxin.E013"]
    settings.DATA_KEY_OLD = [KEY_A]
    assert data_key_matches_data() == []

    rotate_to_b(settings, batch_size=2)  # run again: continues
    assert_all_under_b_alone(settings, before)


def rows_under(key) -> int:
    """Rows with at least one value under ``key``."""
    total = 0
    for model, pairs in keys.encrypted_models():
        rows = model._base_manager.all()
        for obj in rows:
            tokens = [getattr(obj, t) for t, _h in pairs]
            total += any(t.startswith(key.prefix) for t in tokens if t)
    return total


def test_mid_rotation_lookups_writes_and_imports_find_rows_under_either_key(
    people, settings, django_capture_on_commit_callbacks
):
    data_key_matches_data()
    settings.DATA_KEY, settings.DATA_KEY_OLD = KEY_B, [KEY_A]
    a, b = crypto.load_key(KEY_A), crypto.load_key(KEY_B)
    chen, lin, huang = people["workers"]
    assert keys.bring_forward(Worker, "id_number_enc", [person_id(4)]) == 1  # 黄海峰 only
    huang.refresh_from_db()
    chen.refresh_from_db()
    assert huang.id_number_enc.startswith(b.prefix) and huang.mobile_enc.startswith(b.prefix)
    assert chen.id_number_enc.startswith(a.prefix)
    # Search, login by mobile and the duplicate check see a value's hash under either key.
    assert list(Worker.objects.search(person_id(2))) == [chen]
    assert list(Worker.objects.search(person_id(4))) == [huang]
    assert list(Worker.objects.search("13800000002")) == [chen]
    assert list(Worker.objects.search("13800000004")) == [huang]
    assert find_user("13900000004") is None  # pending: a login only once approved
    assert_duplicate_refused(people, person_id(2))
    assert_duplicate_refused(people, person_id(4))
    # The importer brings 陈志伟's row forward and updates it: no second 陈志伟.
    total = Worker.objects.count()
    job = import_rows(people, [row(2, job_post="质检员")], django_capture_on_commit_callbacks)
    assert (job.status, job.new_count, job.update_count) == (ImportJob.Status.DONE, 0, 1)
    assert Worker.objects.count() == total
    chen.refresh_from_db()
    assert chen.job_post == "质检员" and chen.id_number_hash == b.hash(person_id(2))
    # Saving 林丽娟 (under A) with her ID number unchanged is no duplicate, nor a change.
    update_worker(by=f.root_user(), worker=lin, id_number=person_id(3, female=True))
    entry = AuditEntry.objects.filter(object_id=str(lin.pk)).latest("pk")
    assert entry.action == AuditEntry.Action.UPDATE and "id_number" not in entry.changes
    # 黄海峰's registration (under A) is approved onto his roster record (under B).
    admin = f.user("county-approver", node=people["county"])
    assert approve_registration(by=admin, registration=people["registration"]) == huang
    assert Worker.objects.count() == total
    assert find_user("13900000004") == people["registration"].user  # its login, under B
    rotate_to_b(settings)
    assert DataKeyState.objects.get().fingerprints == b.fingerprint


def test_an_import_previewed_before_the_switch_and_confirmed_during_it_updates(
    people, settings, django_capture_on_commit_callbacks
):
    """Validated under A; the servers restart with B (A in DATA_KEY_OLD); then confirmed."""
    admin = f.user("rotation-admin", node=people["county"])
    with django_capture_on_commit_callbacks(execute=True):
        job = start_import(by=admin, name="名册.xlsx", content=xlsx([row(3, job_post="出纳")]))
    job.refresh_from_db()
    assert (job.status, job.update_count) == (ImportJob.Status.READY, 1)
    settings.DATA_KEY, settings.DATA_KEY_OLD = KEY_B, [KEY_A]
    total = Worker.objects.count()
    run_apply(job.pk)
    job.refresh_from_db()
    assert (job.status, job.new_count, job.update_count) == (ImportJob.Status.DONE, 0, 1)
    assert Worker.objects.count() == total
    lin = Worker.objects.get(pk=people["workers"][1].pk)
    assert lin.job_post == "出纳" and lin.id_number_enc.startswith(crypto.load_key(KEY_B).prefix)


def test_a_finished_rotation_asks_to_remove_the_old_key(people, settings):
    data_key_matches_data()
    rotate_to_b(settings)
    assert ids(data_key_matches_data()) == ["jiangxin.W010"]  # DATA_KEY_OLD still set
    settings.DATA_KEY_OLD = []
    assert data_key_matches_data() == []


def test_rotation_refuses_to_start_without_the_key_the_data_is_under(people, settings):
    data_key_matches_data()
    settings.DATA_KEY, settings.DATA_KEY_OLD = KEY_B, []
    with pytest.raises(CommandError, match="E012|DATA_KEY"):
        call_command("rotate_data_key")
    assert (
        Worker.objects.filter(id_number_enc__startswith=crypto.load_key(KEY_B).prefix).count() == 0
    )


def test_every_encrypted_column_is_listed_for_rotation():
    """A new ``*_enc`` column must be named in its model's ENCRYPTED_FIELDS (with the column
    holding its hash), or a rotation would leave it under the old key."""
    unlisted = []
    for model in apps.get_models():
        listed = dict(getattr(model, "ENCRYPTED_FIELDS", ()))
        for field in model._meta.concrete_fields:
            if field.name.endswith("_enc") and field.name not in listed:
                unlisted.append(f"{model._meta.label}.{field.name}")
        for token_field, hash_field in listed.items():
            model._meta.get_field(token_field)
            if hash_field:
                model._meta.get_field(hash_field)
    assert unlisted == []


# --- in a fresh process, as an operator would meet it ----------------------------------------


def _run(tmp_path, *args, **env) -> subprocess.CompletedProcess:
    production = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "jiangxin.settings",
        "DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "production-secret-with-enough-entropy-0123456789",
        "ALLOWED_HOSTS": "jiangxin.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "LOCAL_ENV_FILE": str(tmp_path / "no-local.env"),
    }
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**production, **env}, capture_output=True, text=True
    )


MAKE_DATA = """
from jiangxin import factories as f
from jiangxin.organisations.models import Organisation
union = f.org(None, "福建省总工会", Organisation.Kind.PROVINCE)
f.worker(union, "陈志伟")
"""


def test_every_command_and_the_app_server_refuse_a_key_that_does_not_match(tmp_path):
    # A new production database: migrate runs (nothing to check yet), data is written under A.
    migrate = _run(tmp_path, "manage.py", "migrate", "-v0", DATA_KEY=KEY_A)
    assert migrate.returncode == 0, migrate.stderr
    assert _run(tmp_path, "manage.py", "shell", "-c", MAKE_DATA, DATA_KEY=KEY_A).returncode == 0
    ok = _run(tmp_path, "manage.py", "check", DATA_KEY=KEY_A)
    assert ok.returncode == 0, ok.stderr

    for command in (
        ["manage.py", "check"],
        ["manage.py", "migrate"],
        ["-c", "import jiangxin.wsgi"],
    ):
        refused = _run(tmp_path, *command, DATA_KEY=KEY_B)
        assert refused.returncode != 0, command
        assert "jiangxin.E012" in refused.stderr and "rotate_data_key" in refused.stderr

    missing = _run(tmp_path, "-c", "import jiangxin.wsgi")  # no DATA_KEY at all
    assert missing.returncode != 0 and "jiangxin.E010" in missing.stderr
    served = _run(tmp_path, "-c", "import jiangxin.wsgi", DATA_KEY=KEY_A)
    assert served.returncode == 0, served.stderr


def test_a_database_that_cannot_be_reached_refuses_commands_in_production(tmp_path):
    down = {"DATA_KEY": KEY_A, "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none"}
    refused = _run(tmp_path, "manage.py", "check", **down)
    assert refused.returncode != 0 and "jiangxin.E014" in refused.stderr
    # The app server still starts (its outage page answers) and checks at the first request.
    assert _run(tmp_path, "-c", "import jiangxin.wsgi", **down).returncode == 0
