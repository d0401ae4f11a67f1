"""Reading settings from the environment: small helpers that fail loudly (after healthchecks' settings.py)."""

import ipaddress
import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set the environment variable {name}.")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.strip().lower() in _TRUE:
        return True
    if raw.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0/true/false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}.") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def env_networks(name: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Comma-separated IP addresses or networks (``10.0.0.1``, ``10.0.0.0/8``, ``::1``)."""
    try:
        return [ipaddress.ip_network(part, strict=False) for part in env_list(name)]
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must list IP addresses or networks: {exc}") from exc


def env_base_url(name: str, default: str | None = None) -> str:
    """An absolute http(s) address without a trailing slash, e.g. ``https://bm.example.gov.cn`` (a path prefix is
    allowed: ``https://gov.example.cn/bianmin``)."""
    from urllib.parse import urlsplit

    value = env_str(name, default).strip().rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ImproperlyConfigured(f"{name} must be an address like https://bm.example.gov.cn, not {value!r}.")
    return value
