"""One-time rating tokens (see docs/feedback.md, "Defending against ballot stuffing").

Two kinds, both ``django.core.signing`` values with a max age, both carrying a random nonce:

* ``T…`` per-service token: names a ``ServiceTicket`` issued by the window staff or director after one service
  (一事一评). Max age ``FEEDBACK_TICKET_MAX_AGE`` (default 2 hours).
* ``S…`` per-scan token: issued by the public page behind the static window/station QR, for one scan, bound to the
  device cookie of the phone that scanned. Max age ``FEEDBACK_SCAN_MAX_AGE`` (default 30 minutes).

A token is used once: the rating stores the nonce under a unique constraint, so a second use fails in the database
even when two submissions race. A token cannot be forged or altered without ``SECRET_KEY``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils.crypto import salted_hmac

SCAN_SALT = "feedback.rating.scan"
TICKET_SALT = "feedback.rating.ticket"
DEVICE_COOKIE = "bm_rater"
DEVICE_COOKIE_SALT = "feedback.device"


def setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def scan_max_age() -> int:
    return setting("FEEDBACK_SCAN_MAX_AGE", 30 * 60)


def ticket_max_age() -> int:
    return setting("FEEDBACK_TICKET_MAX_AGE", 2 * 60 * 60)


class TokenError(Exception):
    """An unusable token. ``code``: ``invalid`` (tampered or garbled) or ``expired``."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Claim:
    kind: str  # "scan" or "ticket"
    nonce: str
    window_id: int | None = None
    station_id: int | None = None
    ticket_id: int | None = None
    device_tag: str = ""


def new_nonce() -> str:
    return secrets.token_urlsafe(12)  # 16 characters, 96 bits


def new_device_id() -> str:
    return secrets.token_hex(16)


def keyed_hash(kind: str, value: str | None) -> str:
    """A keyed hash (32 hex) of a device id or an IP address: comparable for rate limits, not reversible."""
    if not value:
        return ""
    return salted_hmac(f"feedback.{kind}", value).hexdigest()[:32]


def scan_token(*, device_id: str, window_id: int | None = None, station_id: int | None = None) -> str:
    payload = {"n": new_nonce(), "d": keyed_hash("device", device_id)[:16]}
    if window_id:
        payload["w"] = window_id
    else:
        payload["s"] = station_id
    return "S" + signing.dumps(payload, salt=SCAN_SALT)


def ticket_token(*, ticket_id: int, nonce: str) -> str:
    return "T" + signing.dumps({"t": ticket_id, "n": nonce}, salt=TICKET_SALT)


def read(token: str) -> Claim:
    """The claim of a token, or TokenError (in Chinese) when it is garbled, tampered with or too old."""
    kind, body = (token[:1], token[1:]) if token else ("", "")
    salt, max_age = {"S": (SCAN_SALT, scan_max_age()), "T": (TICKET_SALT, ticket_max_age())}.get(kind, (None, 0))
    if salt is None or len(token) > 400:
        raise TokenError("invalid", "评价二维码无效，请重新扫描窗口上的二维码。")
    try:
        data = signing.loads(body, salt=salt, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise TokenError("expired", "评价二维码已过期，请重新扫码。") from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise TokenError("invalid", "评价二维码无效，请重新扫描窗口上的二维码。") from exc
    try:
        if kind == "T":
            return Claim(kind="ticket", nonce=str(data["n"]), ticket_id=int(data["t"]))
        return Claim(
            kind="scan", nonce=str(data["n"]), window_id=int(data["w"]) if data.get("w") else None,
            station_id=int(data["s"]) if data.get("s") else None, device_tag=str(data.get("d", "")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise TokenError("invalid", "评价二维码无效，请重新扫描窗口上的二维码。") from exc
