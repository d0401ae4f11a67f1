"""The error pages, in the UI's language: Django's own (with DEBUG off) are English.

404 and 403 are pages of the site (its bar, a way back); they show the exception's message when it was written for
the user — ours are Chinese (``Http404(gettext("没有可查看的县/区"))``) — and never Django's own English ones
("No Staff matches the given query.", a URL resolver's details). 400, 500 and a failed CSRF check are rendered by
Django without a request (templates/400.html, 500.html, 403_csrf.html: plain pages that need no context).
"""

from __future__ import annotations

import re

from django.shortcuts import render

_USERS_LANGUAGE = re.compile(r"[\u3400-\u9fff]")  # a message with Chinese in it was written for the user


def user_message(exception: BaseException | None) -> str:
    message = exception.args[0] if exception is not None and exception.args else ""
    return message if isinstance(message, str) and _USERS_LANGUAGE.search(message) else ""


def page_not_found(request, exception=None):
    return render(request, "404.html", {"message": user_message(exception)}, status=404)


def permission_denied(request, exception=None):
    return render(request, "403.html", {"message": user_message(exception)}, status=403)
