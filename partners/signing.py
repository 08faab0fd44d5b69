"""Webhook signatures: `X-Signature: t=<unix ts>,v1=<hex HMAC-SHA256(secret, "<ts>.<body>")>`."""

from __future__ import annotations

import hashlib
import hmac


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(*, secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={signature(secret=secret, timestamp=timestamp, body=body)}"
