"""What a page loads from elsewhere: government intranets have no internet, so every asset must be local."""

import re

_LOADS = re.compile(r"""<(?:script|link|img|iframe|source)\b[^>]*?\b(?:src|href)\s*=\s*["']([^"']+)["']""", re.I)
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)""", re.I)


def external_loads(html: str) -> list[str]:
    """Every script, stylesheet, image or frame address (and CSS ``url()``) of ``html`` that leaves this server."""
    addresses = _LOADS.findall(html) + _CSS_URL.findall(html)
    return [a for a in addresses if re.match(r"(?:[a-z][a-z0-9+.-]*:)?//", a.strip(), re.I)]
