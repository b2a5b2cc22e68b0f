"""Encryption at rest for personal data, and keyed hashes for uniqueness and look-up.

One 32-byte master key (``settings.DATA_KEY``) is split by HKDF into an AES-256-GCM key and an
HMAC-SHA256 key, so the hash of an ID number reveals nothing about the ciphertext key. A third
derivation gives the key's *fingerprint* (an HMAC of a fixed label): the database stores it to
notice a wrong key at start, and its first 8 hex digits are the key id written in every token.

A token is ``v2:<key id>:`` + base64(nonce ‖ ciphertext ‖ tag), so each value says which key
encrypted it; tokens written before key ids (``v1:``) are tried under each configured key.
During a rotation (``manage.py rotate_data_key``) the earlier keys sit in ``DATA_KEY_OLD``:
they decrypt and hash for look-ups, never encrypt.
"""

import base64
import binascii
import hmac
import os
from dataclasses import dataclass
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_LEGACY = "v1:"
_FINGERPRINT_LABEL = b"jiangxin DATA_KEY fingerprint"


class DataKeyError(ValueError):
    """A token that no configured key can open (unknown key id, or the wrong key)."""


def key_problem(master_b64: str) -> str | None:
    """Why a configured key cannot be used: ``"missing"``, ``"malformed"``, or None."""
    if not master_b64:
        return "missing"
    try:
        raw = base64.b64decode(master_b64, validate=True)
    except (binascii.Error, ValueError):
        return "malformed"
    return None if len(raw) == 32 else "malformed"


@dataclass(frozen=True, eq=False)
class DataKey:
    aes: AESGCM
    mac_key: bytes
    fingerprint: str  # 64 hex digits; reveals nothing of the key
    kid: str  # key id: the fingerprint's first 8 hex digits

    @property
    def prefix(self) -> str:
        return f"v2:{self.kid}:"

    def encrypt(self, plaintext: str) -> str:
        nonce = os.urandom(12)
        blob = nonce + self.aes.encrypt(nonce, plaintext.encode(), None)
        return self.prefix + base64.b64encode(blob).decode()

    def open(self, b64: str) -> str:
        blob = base64.b64decode(b64)
        return self.aes.decrypt(blob[:12], blob[12:], None).decode()

    def hash(self, value: str) -> str:
        return hmac.digest(self.mac_key, value.strip().upper().encode(), "sha256").hex()


@cache
def load_key(master_b64: str) -> DataKey:
    if key_problem(master_b64):
        raise ValueError("DATA_KEY must be 32 bytes, base64-encoded")
    master = base64.b64decode(master_b64)
    derived = HKDF(algorithm=hashes.SHA256(), length=64, salt=None, info=b"jiangxin-v1").derive(
        master
    )
    check_key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"jiangxin-fingerprint"
    ).derive(master)
    fingerprint = hmac.digest(check_key, _FINGERPRINT_LABEL, "sha256").hex()
    return DataKey(AESGCM(derived[:32]), derived[32:], fingerprint, fingerprint[:8])


@dataclass(frozen=True, eq=False)
class Keyring:
    current: DataKey  # encrypts and hashes everything written
    old: tuple[DataKey, ...]  # read and looked up with, during a rotation

    @property
    def all(self) -> tuple[DataKey, ...]:
        return (self.current, *self.old)

    def by_kid(self, kid: str) -> DataKey | None:
        return next((k for k in self.all if k.kid == kid), None)

    def open(self, token: str) -> tuple[DataKey, str]:
        """(the key that encrypted it, the clear text)."""
        if token.startswith("v2:"):
            kid, _sep, b64 = token[3:].partition(":")
            key = self.by_kid(kid)
            if key is None:
                raise DataKeyError(f"encrypted under key id {kid}, which is not configured")
            return key, key.open(b64)
        if not token.startswith(_LEGACY):
            raise ValueError("unknown ciphertext version")
        for key in self.all:
            try:
                return key, key.open(token[len(_LEGACY) :])
            except InvalidTag:
                continue
        raise DataKeyError("no configured key opens this value")


@cache
def _keyring(current: str, old: tuple[str, ...]) -> Keyring:
    key = load_key(current)
    olds = {k.fingerprint: k for k in map(load_key, old) if k.fingerprint != key.fingerprint}
    return Keyring(key, tuple(olds.values()))


def keyring() -> Keyring:
    from django.conf import settings

    return _keyring(settings.DATA_KEY, tuple(getattr(settings, "DATA_KEY_OLD", ())))


def encrypt(plaintext: str) -> str:
    """Return a token that only ``decrypt`` with the same master key turns back into text."""
    return keyring().current.encrypt(plaintext)


def decrypt(token: str) -> str:
    return keyring().open(token)[1]


def key_of(token: str) -> DataKey | None:
    """The configured key that opens the token, or None when none does."""
    try:
        return keyring().open(token)[0]
    except (ValueError, InvalidTag):  # DataKeyError, or not a token at all
        return None


def is_current(token: str) -> bool:
    """The token is under DATA_KEY (a rotation leaves it alone)."""
    return token.startswith(keyring().current.prefix)


def keyed_hash(value: str) -> str:
    """A stable, keyed digest of a normalised value: equal inputs give equal digests."""
    return keyring().current.hash(value)


def lookup_hashes(value: str) -> list[str]:
    """The value's digest under DATA_KEY, then under each key of ``DATA_KEY_OLD``: look-ups
    match any of them, so rows not yet rotated are found during a rotation."""
    return [key.hash(value) for key in keyring().all]


def make_encryptor():
    """Bulk helpers for importers: (encrypt, keyed_hash) bound to the current key, no lookups."""
    key = keyring().current
    aes, mac_key, prefix = key.aes, key.mac_key, key.prefix
    urandom, b64 = os.urandom, base64.b64encode
    one_shot = hmac.digest  # C one-shot HMAC: no object per call

    def nonces():
        # 12 random bytes per value, drawn from the OS 4,096 nonces at a time: the same CSPRNG
        # as one urandom(12) per value, without a system call for each of 200,000 values.
        while True:
            block = urandom(12 * 4096)
            for i in range(0, len(block), 12):
                yield block[i : i + 12]

    next_nonce = nonces().__next__

    def enc(plaintext: str) -> str:
        nonce = next_nonce()
        return prefix + b64(nonce + aes.encrypt(nonce, plaintext.encode(), None)).decode()

    def digest(value: str) -> str:
        return one_shot(mac_key, value.strip().upper().encode(), "sha256").hex()

    return enc, digest
