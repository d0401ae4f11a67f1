"""Home page per role; login/logout/password pages are Django's own, with our templates."""

from django.shortcuts import redirect, render

from centers import selectors as centre_selectors
from core.access import user_role


def home(request):
    role = user_role(request.user)
    if role == "admin":
        return render(request, "accounts/home_admin.html", {"centres": centre_selectors.centres_for(request.user)})
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
