"""How receivers verify that a webhook came from Folio.

The signature covers the timestamp and the body (``"<timestamp>.<body>"``) so a captured
request cannot be replayed later with a new timestamp.
"""

import hashlib
import hmac

SIGNATURE_HEADER = "X-Folio-Signature"
TIMESTAMP_HEADER = "X-Folio-Timestamp"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    message = timestamp.encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def is_valid_signature(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(secret, timestamp, body), signature)
