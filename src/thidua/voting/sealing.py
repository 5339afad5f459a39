"""Sealing ballots while a poll is open (voting.md "Sealed ballots"; docs/voting.md).

A cast ballot is stored as the canonical ballot object (tally.canonical_entry: receipt
and choices or answers), serialised like the published list, padded to a length that
depends only on the poll (so that the ciphertext's length says nothing about the
choices), and encrypted with AES-256-GCM under the poll's key:

    key = HKDF-SHA256(ikm=BALLOT_SEALING_SECRET, salt=poll.seal_salt, info=INFO)

with a random 96-bit nonce and the poll's id as associated data (a sealed ballot moved to
another poll does not open). The secret lives in the environment, never in the database:
whoever reads the database or a backup holds only ciphertexts. Closing opens them all."""

from __future__ import annotations

import functools
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

INFO = b"thidua ballot sealing v1"
SALT_BYTES = 16
NONCE_BYTES = 12
MIN_SECRET_LENGTH = 32


class SealBroken(Exception):
    """A sealed ballot did not open: the secret changed since the poll opened, or the row
    was altered or moved."""


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def _key(salt: bytes) -> bytes:
    secret = settings.BALLOT_SEALING_SECRET
    if not secret:
        raise SealBroken("BALLOT_SEALING_SECRET is not set")
    return _derive(secret, bytes(salt))


@functools.lru_cache(maxsize=64)
def _derive(secret: str, salt: bytes) -> bytes:
    """The poll's key, derived once per (secret, salt) in each process: every cast of a
    poll uses the same one, and a changed secret gives another entry, never a stale key."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=INFO).derive(secret.encode("utf-8"))


def _aad(poll_id: int) -> bytes:
    return f"thidua poll {poll_id}".encode()


def padded_length(candidates: int) -> int:
    """Longer than any canonical ballot of a poll with `candidates` candidates: the receipt
    and keys take under 64 bytes, each candidate at most 32 (a 19-digit id, quotes, a
    colon, "abstain" and a comma)."""
    return 64 + 32 * max(candidates, 1)


def seal(*, poll_id: int, salt: bytes, entry: dict, candidates: int) -> tuple[bytes, bytes]:
    """(nonce, ciphertext) of one canonical ballot object."""
    text = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    size = padded_length(candidates)
    plain = text.ljust(max(size, len(text)), b" ")  # trailing spaces: still the same JSON
    nonce = os.urandom(NONCE_BYTES)
    return nonce, AESGCM(_key(salt)).encrypt(nonce, plain, _aad(poll_id))


def unseal_all(*, poll_id: int, salt: bytes, rows) -> list[dict]:
    """The canonical ballot objects of [(nonce, ciphertext)]; SealBroken if any fails."""
    cipher = AESGCM(_key(salt))
    entries = []
    for nonce, ciphertext in rows:
        try:
            plain = cipher.decrypt(bytes(nonce), bytes(ciphertext), _aad(poll_id))
        except InvalidTag:
            raise SealBroken("a sealed ballot does not open with this secret") from None
        entries.append(json.loads(plain.decode("utf-8")))
    return entries
