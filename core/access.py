"""View guards. Login is required everywhere by ``LoginRequiredMiddleware``; public pages opt out with
``@login_not_required``. Role guards answer 404, like scope (D14): a page outside your role does not exist for you.
"""

from functools import wraps

from django.http import Http404
from django.utils.translation import gettext


def user_role(user) -> str:
    if not user.is_authenticated:
        return ""
    return "admin" if user.is_superuser else (user.role or "")


def role_required(*roles: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if user_role(request.user) not in roles:
                raise Http404(gettext("不在您的权限范围内"))
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = roles
        return wrapped

    return decorator
