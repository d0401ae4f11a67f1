"""Home page per role; login/logout/password pages are Django's own, with our templates."""

from axes.helpers import get_cool_off
from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from centers import selectors as centre_selectors
from core.access import user_role
from core.params import id_param

PAGE_SIZE = 50


def home(request):
    role = user_role(request.user)
    if role == "admin":
        return render(request, "accounts/home_admin.html", admin_summary(request))
    if role == "supervisor":
        return redirect("oversight:summary")
    if role == "inspector":
        return render(
            request,
            "accounts/home_inspector.html",
            {"county": request.user.region, "centres": centre_selectors.centres_for(request.user)},
        )
    if role == "director":
        return redirect("centers:centre_detail", centre=request.user.centre_id)
    if role == "staff":
        return render(request, "accounts/home_staff.html", {"person": request.user.staff})
    return render(request, "accounts/home_none.html")


def admin_summary(request) -> dict:
    """The admin's home: the organisation per county, then per town (``?region=``), then one town's centre (paged)
    — never a row per centre of a province."""
    place = centre_selectors.drill(request.user, id_param(request, "region", label="区划"))
    context = {"place": place, "rows": centre_selectors.organisation_summary(request.user, place)}
    if place.rows is None:
        centres = centre_selectors.centres_of_place(request.user, place)
        context["page"] = Paginator(centres, PAGE_SIZE).get_page(request.GET.get("page"))
        context["centres"] = context["page"].object_list
    return context


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout answer (AXES_LOCKOUT_CALLABLE): the login page's place, saying when to try again.

    The failure that led here has just been recorded, and the lock lifts once the cool-off has passed since the last
    failure: so now + cool-off, unless someone fails again meanwhile (the page says so)."""
    cool_off = get_cool_off(request)
    context = {"retry_at": timezone.localtime() + cool_off, "minutes": round(cool_off.total_seconds() / 60)}
    return render(request, "registration/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
