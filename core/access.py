"""View guards. Login is required everywhere by ``LoginRequiredMiddleware``; public pages opt out with
``@login_not_required``. Role guards answer 404, like scope (D14): a page outside your role does not exist for you.

A read-only role (``core.roles.READ_ONLY``: the supervisor) gets 404 for anything but GET and HEAD on every guarded
page, whatever roles the page admits: it never reaches a service. The one exception is an export declared with
``role_required(..., export=True)``: its POST only queues the background job that makes the file (``jobs.views.offer``:
a big export is started by a button), which reads and writes none of the domain's records.
"""

from functools import wraps

from django.http import Http404
from django.utils.translation import gettext

from core.roles import READ_ONLY

SAFE_METHODS = ("GET", "HEAD")


def user_role(user) -> str:
    if not user.is_authenticated:
        return ""
    return "admin" if user.is_superuser else (user.role or "")


def role_required(*roles: str, export: bool = False):
    """Only ``roles`` reach the view (404 otherwise); a read-only role only with GET or HEAD — or, on an ``export``
    (a view answering through ``jobs.views.offer``), with the POST that starts its background job."""
    read_only_methods = (*SAFE_METHODS, "POST") if export else SAFE_METHODS

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            role = user_role(request.user)
            if role not in roles or (role in READ_ONLY and request.method not in read_only_methods):
                raise Http404(gettext("不在您的权限范围内"))
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = roles
        wrapped.export = export
        return wrapped

    return decorator


def may_open(user, url: str) -> bool:
    """Whether ``user``'s role passes the guard of the page at ``url`` (a path, query string allowed): a link to a
    page the role may not open (it would answer 404) is left out or shown as text. Scope is not looked at."""
    from django.urls import Resolver404, resolve

    try:
        view = resolve(url.split("?", 1)[0]).func
    except Resolver404:
        return False
    roles = getattr(view, "allowed_roles", None)
    return roles is None or user_role(user) in roles
