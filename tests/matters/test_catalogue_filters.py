"""The internal catalogues (a centre's 进驻事项目录, a station's 代办事项目录) can be searched like the public catalogue
and filtered by area and state."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def table(html: str) -> str:
    body = html[html.index("<tbody>", html.index("catalogue-filter")):]
    return body[:body.index("</tbody>")]


def test_a_centres_catalogue_is_searched_with_the_public_words_and_filtered_by_area_and_state(world, catalogues,
                                                                                                login):
    client = login(world.a.director)
    url = reverse("matters:centre_catalogue", kwargs={"centre": world.a.centre.pk})
    everything = table(client.get(url).content.decode())
    assert all(m.name in everything for m in (catalogues.low, catalogues.pension, catalogues.land, catalogues.advice))

    found = client.get(url, {"q": "低保"}).content.decode()
    assert catalogues.low.name in table(found) and catalogues.pension.name not in table(found)
    assert "显示 1 / 4 项" in found
    # the same matching as the public search: a material's name finds its matter
    by_material = table(client.get(url, {"q": "宅基地 申请表"}).content.decode())
    assert catalogues.land.name in by_material and catalogues.low.name not in by_material

    by_area = table(client.get(url, {"area": "社会保障"}).content.decode())
    assert catalogues.pension.name in by_area and catalogues.low.name not in by_area
    missing = table(client.get(url, {"state": "required_missing"}).content.decode())
    assert catalogues.land.name in missing and catalogues.low.name not in missing
    drafts = table(client.get(url, {"state": "draft"}).content.decode())
    assert catalogues.advice.name in drafts and catalogues.pension.name not in drafts
    nothing = client.get(url, {"q": "不存在的事项"}).content.decode()
    assert "没有符合条件的事项" in nothing


def test_a_stations_proxy_list_has_the_same_filters(world, catalogues, login):
    client = login(world.a.director)
    url = reverse("matters:station_catalogue", kwargs={"station": world.a.station.pk})
    found = table(client.get(url, {"q": "养老"}).content.decode())
    assert catalogues.pension.name in found and catalogues.low.name not in found
    published = table(client.get(url, {"state": "missing"}).content.decode())
    assert catalogues.pension.name in published and catalogues.low.name not in published


@pytest.mark.parametrize("query", [{"q": "低\x00保"}, {"area": "不存在"}, {"state": "x"}, {"q": "字" * 300}])
def test_odd_filter_input_is_a_page_not_a_crash(world, catalogues, login, query):
    url = reverse("matters:centre_catalogue", kwargs={"centre": world.a.centre.pk})
    assert login(world.a.inspector).get(url, query).status_code == 200


def test_a_centres_catalogue_is_paged_and_the_pages_keep_the_filters(world, catalogues, login, monkeypatch):
    monkeypatch.setattr("matters.views.catalogues.CATALOGUE_PAGE", 2)
    client = login(world.a.director)
    url = reverse("matters:centre_catalogue", kwargs={"centre": world.a.centre.pk})
    names = [m.name for m in (catalogues.low, catalogues.pension, catalogues.land, catalogues.advice)]
    first, second = (table(client.get(url, {"page": n}).content.decode()) for n in (1, 2))
    assert {n for n in names if n in first} | {n for n in names if n in second} == set(names)
    assert not {n for n in names if n in first} & {n for n in names if n in second}
    page = client.get(url, {"state": "", "page": "1"}).content.decode()
    assert "1 / 2" in page and 'href="?state=&amp;page=2"' in page
    assert table(client.get(url, {"page": "²"}).content.decode()) == first  # a bad page number: the first page
    # the count of a filter is of every row it keeps, not of the page's rows
    monkeypatch.setattr("matters.views.catalogues.CATALOGUE_PAGE", 1)
    kept = client.get(url, {"state": "published"})
    assert "显示 2 / 4 项" in kept.content.decode() and len(kept.context["rows"]) == 1
