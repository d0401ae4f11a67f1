"""Each role's home page and the centre's page: the places where every app's facts meet.

The views read through each app's selectors (scoped to the user) and pass the rows to the templates; the
inclusion tags that draw the cards (``assessment_tags``, ``staff_scoring``) only render what they are given.
"""

from django.shortcuts import redirect, render

from assessment import selectors as assessment_selectors
from centers import selectors as centre_selectors
from core.access import role_required, user_role
from core.paging import capped_page
from core.params import id_param
from core.roles import READERS
from staff_scoring import selectors as staff_selectors

PAGE_SIZE = 50


def home(request):
    role = user_role(request.user)
    if role == "admin":
        return render(request, "accounts/home_admin.html", admin_summary(request))
    if role == "supervisor":
        return redirect("oversight:summary")
    if role == "inspector":
        context = {
            "county": request.user.region,
            "centres": centre_selectors.centres_for(request.user),
            "evaluation_summary": assessment_selectors.inspector_summary(request.user),
        }
        return render(request, "accounts/home_inspector.html", context)
    if role == "director":
        return redirect("centers:centre_detail", centre=request.user.centre_id)
    if role == "staff":
        person = request.user.staff
        context = {"person": person, "score_card": staff_selectors.home_scores(request.user, person)}
        return render(request, "accounts/home_staff.html", context)
    return render(request, "accounts/home_none.html")


def admin_summary(request) -> dict:
    """The admin's home: the organisation per county, then per town (``?region=``), then one town's centre (paged)
    — never a row per centre of a province."""
    place = centre_selectors.drill(request.user, id_param(request, "region", label="区划"))
    context = {"place": place, "rows": centre_selectors.organisation_summary(request.user, place)}
    if place.rows is None:
        centres = centre_selectors.centres_of_place(request.user, place)
        context["page"] = capped_page(centres, request.GET.get("page"), PAGE_SIZE)
        context["centres"] = context["page"].object_list
    return context


@role_required(*READERS)
def centre_detail(request, centre: int):
    obj = centre_selectors.get_centre(request.user, centre)
    return render(
        request,
        "centers/centre_detail.html",
        {
            "centre": obj,
            "windows": centre_selectors.windows_of_centre(obj),
            "stations": obj.stations.select_related("region").order_by("region__path"),
            "staff": centre_selectors.staff_of_centre(obj),
            "evaluation_summary": assessment_selectors.centre_summary(request.user, obj),
        },
    )
