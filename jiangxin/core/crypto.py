"""Encryption at rest for personal data, and keyed hashes for uniqueness and look-up.

One 32-byte master key (``settings.DATA_KEY``) is split by HKDF into an AES-256-GCM key and an
HMAC-SHA256 key, so the hash of an ID number reveals nothing about the ciphertext key. A token is
``v1:`` + base64(nonce ‖ ciphertext ‖ tag); the version prefix leaves room for key rotation.
"""

import base64
import hmac
import os
from functools import cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_PREFIX = "v1:"


@cache
def _keys(master_b64: str) -> tuple[AESGCM, bytes]:
    master = base64.b64decode(master_b64)
    if len(master) != 32:
        raise ValueError("DATA_KEY must be 32 bytes, base64-encoded")
    derived = HKDF(algorithm=hashes.SHA256(), length=64, salt=None, info=b"jiangxin-v1").derive(
        master
    )
    return AESGCM(derived[:32]), derived[32:]


def _current() -> tuple[AESGCM, bytes]:
    from django.conf import settings

    return _keys(settings.DATA_KEY)


def encrypt(plaintext: str) -> str:
    """Return a token that only ``decrypt`` with the same master key turns back into text."""
    aes, _ = _current()
    nonce = os.urandom(12)
    blob = nonce + aes.encrypt(nonce, plaintext.encode(), None)
    return _PREFIX + base64.b64encode(blob).decode()


def decrypt(token: str) -> str:
    aes, _ = _current()
    if not token.startswith(_PREFIX):
        raise ValueError("unknown ciphertext version")
    blob = base64.b64decode(token[len(_PREFIX) :])
    return aes.decrypt(blob[:12], blob[12:], None).decode()


def keyed_hash(value: str) -> str:
    """A stable, keyed digest of a normalised value: equal inputs give equal digests."""
    _, mac_key = _current()
    return hmac.digest(mac_key, value.strip().upper().encode(), "sha256").hex()


def make_encryptor():
    """Bulk helpers for importers: (encrypt, keyed_hash) bound to the current key, no lookups."""
    aes, mac_key = _current()
    urandom, b64 = os.urandom, base64.b64encode
    one_shot = hmac.digest  # C one-shot HMAC: no object per call

    def enc(plaintext: str) -> str:
        nonce = urandom(12)
        return _PREFIX + b64(nonce + aes.encrypt(nonce, plaintext.encode(), None)).decode()

    def digest(value: str) -> str:
        return one_shot(mac_key, value.strip().upper().encode(), "sha256").hex()

    return enc, digest
