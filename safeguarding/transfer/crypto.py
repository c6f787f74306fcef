"""Encryption at rest of the safeguarding files sent on when a child leaves.

AES-256-GCM, with a key derived (HKDF-SHA256) from the ``EYFS_FILE_KEY`` setting. A stored
file is ``MAGIC + nonce + ciphertext``: authenticated, so a changed byte is refused rather
than read, and never readable as a PDF by anyone who copies the database.
"""

import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

MAGIC = b"EYFSSG1"
NONCE_BYTES = 12
# Binds the ciphertext to its use: a file encrypted for another purpose does not decrypt.
ASSOCIATED = b"eyfs-portal safeguarding file"


class UnreadableFile(Exception):
    """The stored bytes are not a file this key encrypted (changed, or another key's)."""


def _key() -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"eyfs-portal transfer files",
        info=b"safeguarding file encryption v1",
    ).derive(settings.EYFS_FILE_KEY.encode())


def encrypt(plain: bytes) -> bytes:
    """Return the bytes to store for ``plain``."""
    nonce = os.urandom(NONCE_BYTES)
    return MAGIC + nonce + AESGCM(_key()).encrypt(nonce, plain, ASSOCIATED)


def decrypt(stored: bytes) -> bytes:
    """Return the file ``encrypt`` stored, or raise ``UnreadableFile``."""
    stored = bytes(stored)
    if not stored.startswith(MAGIC):
        raise UnreadableFile("Not an encrypted safeguarding file")
    body = stored[len(MAGIC) :]
    nonce, ciphertext = body[:NONCE_BYTES], body[NONCE_BYTES:]
    try:
        return AESGCM(_key()).decrypt(nonce, ciphertext, ASSOCIATED)
    except InvalidTag as error:
        raise UnreadableFile("The file does not decrypt with this key") from error


def checksum(plain: bytes) -> str:
    """Return the SHA-256 of the file, in hex: what the receiving DSL can check."""
    return hashlib.sha256(plain).hexdigest()
