"""The lockout page; login/logout/password pages are Django's own, with our templates (each role's home page is
portal.views.home)."""

from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout answer (AXES_LOCKOUT_CALLABLE): the login page's place, saying when to try again.

    The failure that led here has just been recorded, and the lock lifts once the cool-off has passed since the last
    failure: so now + cool-off, unless someone fails again meanwhile (the page says so)."""
    cool_off = get_cool_off(request)
    context = {"retry_at": timezone.localtime() + cool_off, "minutes": round(cool_off.total_seconds() / 60)}
    return render(request, "registration/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
