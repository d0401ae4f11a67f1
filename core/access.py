"""View guards. Login is required everywhere by ``LoginRequiredMiddleware``; public pages opt out with
``@login_not_required``. Role guards answer 404, like scope (D14): a page outside your role does not exist for you.

A read-only role (``core.roles.READ_ONLY``: the supervisor) gets 404 for anything but GET and HEAD on every guarded
page, whatever roles the page admits: it never reaches a service.
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


def role_required(*roles: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            role = user_role(request.user)
            if role not in roles or (role in READ_ONLY and request.method not in SAFE_METHODS):
                raise Http404(gettext("不在您的权限范围内"))
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = roles
        return wrapped

    return decorator
