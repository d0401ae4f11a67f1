"""What the navigation needs beyond the role (``accounts.context_processors.role``): whether the user declares a
window's 附加分, so that the nav offers 附加分申报. Read here once per page, not by a template filter."""

from redflags.selectors import own_window_id


def nav(request) -> dict:
    """``declares_bonus``: a staff member on the post at a window (one query, their staff record); False for station
    staff, staff without a window and every other role (no query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"declares_bonus": own_window_id(user) is not None}
