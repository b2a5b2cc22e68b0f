"""Which data key the encrypted data is under, and moving it to a new one.

The rule: a process reads and writes personal data only with the keys the data is under. The
database keeps their fingerprints (``DataKeyState``, one row, never the keys); ``status()``
compares them with ``DATA_KEY`` and ``DATA_KEY_OLD`` at every start (``core/checks.py`` for
every command, ``jiangxin/wsgi.py`` for the app servers). A stored fingerprint that no
configured key has means the data would not decrypt, and its look-up hashes would not match:
the process refuses to start. The first start on a database records DATA_KEY's fingerprint; on
a database that already holds encrypted data but no fingerprint, a sample value of every
encrypted column must open under a configured key first.

Rotation: models list their encrypted columns in ``ENCRYPTED_FIELDS`` (token column → the
column holding the keyed hash of the same value), and in ``DERIVED_HASHES`` a keyed hash whose
value is encrypted on another row (hash column → that token, through a relation): it is
re-hashed with its own row's tokens, so such a model needs a token column that is never blank.
``rotate()`` walks each table by primary key
in batches, one transaction each, and re-encrypts and re-hashes every value whose token is not
under DATA_KEY — the token's key id says so, which is what makes it resumable: a second run
skips what the first moved. Until it has finished, the earlier keys decrypt, and look-ups match
a value's hash under every configured key (``crypto.lookup_hashes``); bulk writers that match by
hash bring the rows they touch forward first (``bring_forward``). When no value is left under
another key, the stored fingerprints narrow to DATA_KEY's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import DatabaseError, IntegrityError, connection, models, transaction

from jiangxin.core import crypto
from jiangxin.core.models import DataKeyState

Pairs = tuple[tuple[str, str], ...]
Derived = tuple[tuple[str, str], ...]


def encrypted_models() -> list[tuple[type[models.Model], Pairs]]:
    """Every model with encrypted columns, and its (token column, hash column) pairs."""
    return [(m, m.ENCRYPTED_FIELDS) for m in apps.get_models() if hasattr(m, "ENCRYPTED_FIELDS")]


# --- checking the key against the data ------------------------------------------------------


@dataclass
class KeyStatus:
    # ok | no_database | mismatch (data under keys not configured, DATA_KEY not among them)
    # | unfinished (a rotation to DATA_KEY still needs a key that is not configured)
    outcome: str
    missing: list[str] = field(default_factory=list)  # key ids the data needs, not configured
    retired: list[str] = field(default_factory=list)  # DATA_KEY_OLD key ids no data is under


def status() -> KeyStatus:
    """Compare the configured keys with the data's; record DATA_KEY's fingerprint with them
    (the first start, or the first start of a rotation). Never raises for the database."""
    try:
        return _status()
    except DatabaseError:
        return KeyStatus("no_database")


def _status() -> KeyStatus:
    ring = crypto.keyring()
    current = ring.current.fingerprint
    configured = {k.fingerprint: k.kid for k in ring.all}
    tables = set(connection.introspection.table_names())
    recorded = DataKeyState._meta.db_table in tables
    state = DataKeyState.objects.filter(pk=1).first() if recorded else None
    if state is not None:
        stored = state.fingerprint_set
    else:
        sampled = _sample_keys(tables)
        if isinstance(sampled, list):  # a value no configured key opens
            return KeyStatus("mismatch", missing=sampled)
        stored = sampled
    missing = stored - configured.keys()
    if missing:
        kids = sorted(fp[:8] for fp in missing)
        return KeyStatus("unfinished" if current in stored else "mismatch", missing=kids)
    if recorded and (state is None or current not in stored):
        _record(stored | {current})
    retired = sorted(kid for fp, kid in configured.items() if fp not in stored | {current})
    return KeyStatus("ok", retired=retired)


def _sample_keys(tables: set[str]) -> set[str] | list[str]:
    """Fingerprints of the keys the first value of each encrypted column is under; or, if one
    opens under no configured key, the list of what it names (its key id, or "?")."""
    found = set()
    for model, pairs in encrypted_models():
        if model._meta.db_table not in tables:
            continue
        for token_field, _hash in pairs:
            token = (
                model._base_manager.exclude(**{token_field: ""})
                .order_by("pk")
                .values_list(token_field, flat=True)
                .first()
            )
            if token is None:
                continue
            key = crypto.key_of(token)
            if key is None:
                return [token.split(":")[1] if token.startswith("v2:") else "?"]
            found.add(key.fingerprint)
    return found


def _record(fingerprints: set[str]) -> None:
    current = crypto.keyring().current.fingerprint
    ordered = sorted(fingerprints, key=lambda fp: (fp != current, fp))  # DATA_KEY's first
    try:
        with transaction.atomic():
            DataKeyState.objects.update_or_create(
                pk=1, defaults={"fingerprints": " ".join(ordered)}
            )
    except IntegrityError:  # another process recorded it at the same moment
        pass


# --- rotation -------------------------------------------------------------------------------


def _rekey(model: type[models.Model], pairs: Pairs, rows: models.QuerySet) -> int:
    """Re-encrypt and re-hash under DATA_KEY every value of ``rows`` that is not under it
    already, and the row's ``DERIVED_HASHES`` with it; the caller locks the rows. Returns how
    many rows changed."""
    ring = crypto.keyring()
    key = ring.current
    columns = _columns(pairs)
    derived = derived_hashes(model)
    # (position of the token, position of its hash or None) in a row of ``columns``
    slots = [(columns.index(t), columns.index(h) if h else None) for t, h in pairs]
    written = columns + [h for h, _source in derived]
    sources = [source for _h, source in derived]
    changed = []
    for pk, *values in rows.values_list("pk", *written, *sources):
        source_tokens = values[len(written) :]
        values = values[: len(written)]
        dirty = False
        for token_at, hash_at in slots:
            token = values[token_at]
            if token and not token.startswith(key.prefix):
                plain = ring.open(token)[1]
                values[token_at] = key.encrypt(plain)
                if hash_at is not None and values[hash_at]:
                    # A blank hash stays blank: a pending applicant's mobile is held, but it
                    # becomes a login (its hash set) only when the union approves.
                    values[hash_at] = key.hash(plain)
                dirty = True
        if dirty:
            # A hash of a value kept encrypted on another row moves with this row's tokens
            # (the row's progress marker); blank stays blank, as above.
            for at, source in enumerate(source_tokens, start=len(columns)):
                if values[at] and source:
                    values[at] = key.hash(ring.open(source)[1])
            changed.append((*values, pk))
    if changed:
        # One UPDATE by primary key per row, sent as a batch (bulk_update's CASE per column is
        # quadratic in the batch on SQLite: ~400 rows/s at 1,000 a batch).
        quote = connection.ops.quote_name
        sets = ", ".join(f"{quote(_column(model, c))} = %s" for c in written)
        table, pk = quote(model._meta.db_table), quote(_column(model, "pk"))
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {table} SET {sets} WHERE {pk} = %s", changed)
    return len(changed)


def derived_hashes(model: type[models.Model]) -> Derived:
    """The model's ``DERIVED_HASHES``: (hash column, the token it hashes the value of, through
    a relation) — a keyed hash kept on a row that does not hold the value encrypted itself
    (``Registration.mobile_hash``: the mobile is on the account). Re-hashed with the row."""
    return getattr(model, "DERIVED_HASHES", ())


def _stale(pairs: Pairs) -> models.Q:
    prefix = crypto.keyring().current.prefix
    q = models.Q(pk__in=[])
    for token_field, _hash in pairs:
        q |= ~models.Q(**{token_field: ""}) & ~models.Q(**{f"{token_field}__startswith": prefix})
    return q


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    assert field is not None and field.column is not None
    return field.column


def _columns(pairs: Pairs) -> list[str]:
    return [name for pair in pairs for name in pair if name]


def _rotate_batch(model, pairs: Pairs, after, size: int) -> tuple[object, int] | None:
    """The next ``size`` rows after primary key ``after`` that hold a value under another key,
    moved in one transaction: (last primary key, rows changed), or None when none are left."""
    with transaction.atomic():
        rows = model._base_manager.filter(_stale(pairs))
        if after is not None:
            rows = rows.filter(pk__gt=after)
        pks = list(rows.order_by("pk").values_list("pk", flat=True)[:size])
        if not pks:
            return None
        locked = (
            model._base_manager.select_for_update(of=("self",)).filter(pk__in=pks).order_by("pk")
        )
        return pks[-1], _rekey(model, pairs, locked)


@dataclass
class Rotation:
    rows: int = 0  # rows re-encrypted by this run
    batches: int = 0
    finished: bool = False  # nothing left under another key; the fingerprints narrowed
    remaining: int = 0  # values still under another key when the run stopped early


def rotate(
    *,
    batch_size: int,
    max_batches: int | None = None,
    on_batch: Callable[[type[models.Model], int], None] = lambda model, rows: None,
) -> Rotation:
    """Move every encrypted value to DATA_KEY; see the module's docstring. ``max_batches``
    stops the run early (resume by running again)."""
    result = Rotation()
    ring = crypto.keyring()
    _record(_stored() | {ring.current.fingerprint})
    for model, pairs in encrypted_models():
        after = None
        while max_batches is None or result.batches < max_batches:
            moved = _rotate_batch(model, pairs, after, batch_size)
            if moved is None:
                break
            after, rows = moved
            result.rows += rows
            result.batches += 1
            on_batch(model, rows)
    result.remaining = sum(
        model._base_manager.filter(_stale(pairs)).count() for model, pairs in encrypted_models()
    )
    if result.remaining == 0:
        _record({ring.current.fingerprint})
        result.finished = True
    return result


def _stored() -> set[str]:
    state = DataKeyState.objects.filter(pk=1).first()
    return state.fingerprint_set if state is not None else set()


def bring_forward(model: type[models.Model], token_field: str, values: Iterable[str]) -> int:
    """During a rotation: move now the rows whose ``token_field`` holds one of ``values``
    under an earlier key, so a writer that matches rows by DATA_KEY's hash (the importer's
    upsert) finds them. Nothing to do, and no query, when no earlier key is configured."""
    old = crypto.keyring().old
    if not old:
        return 0
    pairs: Pairs = model.ENCRYPTED_FIELDS  # type: ignore[attr-defined]
    hash_field = dict(pairs)[token_field]
    hashes = [key.hash(v) for key in old for v in {*values}]
    moved = 0
    for start in range(0, len(hashes), 900):  # SQLite's limit on parameters
        with transaction.atomic():
            rows = model._base_manager.select_for_update(of=("self",)).filter(
                **{f"{hash_field}__in": hashes[start : start + 900]}
            )
            moved += _rekey(model, pairs, rows.order_by("pk"))
    return moved
