"""One pagination partial for every paged list: its links keep the list's filters and change only the page."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def render(query: str, number: int) -> str:
    request = RequestFactory().get(f"/ratings/{query}")
    page = Paginator(range(120), 50).get_page(number)
    return render_to_string("partials/pagination.html", {"page": page}, request=request)


def test_the_links_keep_the_filters_and_change_the_page():
    html = render("?state=closed&centre=12&page=2", 2)
    assert 'href="?state=closed&amp;centre=12&amp;page=1"' in html
    assert 'href="?state=closed&amp;centre=12&amp;page=3"' in html
    assert "2 / 3" in html


def test_the_first_page_has_no_previous_link_and_the_last_no_next():
    assert "上一页" not in render("", 1) and "下一页" in render("", 1)
    assert "下一页" not in render("?page=3", 3) and "上一页" in render("?page=3", 3)


def test_a_single_page_shows_no_pagination():
    request = RequestFactory().get("/ratings/")
    page = Paginator(range(10), 50).get_page(1)
    assert render_to_string("partials/pagination.html", {"page": page}, request=request).strip() == ""


def test_every_paged_list_uses_the_partial(settings):
    from pathlib import Path

    templates = Path(settings.BASE_DIR) / "templates"
    pagers = [p for p in templates.rglob("*.html") if "pagination" in p.read_text(encoding="utf-8")]
    copies = [p.name for p in pagers if "page.has_next" in p.read_text(encoding="utf-8") and p.parent.name != "partials"]
    assert copies == []


def test_a_select_box_up_to_the_pick_limit_then_a_typed_search_counting_places_together(world, monkeypatch,
                                                                                        django_assert_num_queries):
    """core.paging.too_many_to_pick: the one threshold of every "select box or typed search" choice (the library's
    owner counts centres and stations together). Past the limit it stops counting: the second queryset is not read."""
    from centers.models import ServiceCentre, Station
    from core.paging import too_many_to_pick

    centres, stations = ServiceCentre.objects.all(), Station.objects.all()  # the two counties: 2 centres, 2 stations
    monkeypatch.setattr("core.paging.PICK_LIMIT", 4)
    assert not too_many_to_pick(centres, stations)
    monkeypatch.setattr("core.paging.PICK_LIMIT", 3)
    assert too_many_to_pick(centres, stations)
    monkeypatch.setattr("core.paging.PICK_LIMIT", 1)
    with django_assert_num_queries(1):
        assert too_many_to_pick(centres, stations)
    assert not too_many_to_pick(centres.none())
