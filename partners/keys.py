"""The API key format: `fck_<prefix>_<secret>`. The prefix finds the key; only the whole key's SHA-256 is stored."""

from __future__ import annotations

import hashlib

KEY_PREFIX = "fck"


def hash_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


def split_key(raw_key: str) -> tuple[str, str] | None:
    """Return (prefix, secret) of a well-formed key, else None."""
    parts = raw_key.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]
