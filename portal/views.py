"""Each role's home page and the centre's page: the places where every app's facts meet.

The views read through each app's selectors (scoped to the user) and pass the rows to the templates; the
inclusion tags that draw the cards (``assessment_tags``, ``staff_scoring``) only render what they are given.
"""

from django.shortcuts import redirect, render

from assessment import selectors as assessment_selectors
from centers import selectors as centre_selectors
from core.access import role_required, user_role
from core.roles import READERS
from staff_scoring import selectors as staff_selectors


def home(request):
    role = user_role(request.user)
    if role == "admin":
        return render(request, "accounts/home_admin.html", {"centres": centre_selectors.centres_for(request.user)})
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
