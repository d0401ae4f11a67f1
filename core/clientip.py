"""The client's address, for login throttling (django-axes' AXES_CLIENT_IP_CALLABLE) and the rating limits alike.

`X-Forwarded-For` is believed only from the proxies `settings.TRUSTED_PROXIES` names: a request whose connection comes
from one of them is attributed to the right-most address of the header that is not itself a trusted proxy (each proxy
appends the address it received the request from; what lies left of that was written by the client and may be
forged). Any other request — and every request while TRUSTED_PROXIES is empty — is the connection's own address.
"""

import ipaddress

from django.conf import settings


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address, proxies) -> bool:
    return address is not None and any(address in network for network in proxies)


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TRUSTED_PROXIES
    if not proxies or not _trusted(_address(remote or ""), proxies):
        return remote
    hops = [_address(part) for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed(hops):
        if hop is None:
            return remote  # garbled by someone before our proxies: nothing left of it can be believed
        if not _trusted(hop, proxies):
            return str(hop)
    return remote
