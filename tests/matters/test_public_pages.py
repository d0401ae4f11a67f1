"""The public catalogue, service guides and one-thing bundles: no login, published data only, constant queries."""

import io

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from matters.choices import ChangeAction, ChangeList
from matters.models import CatalogueChange, CatalogueEntry
from tests.matters import factories as mf

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous():
    return Client()


def _guide(entry):
    return reverse("matters:public_guide", kwargs={"entry": entry.pk})


def test_a_citizen_reads_the_catalogue_of_a_centre_without_logging_in(anonymous, world, catalogues):
    response = anonymous.get(reverse("matters:public_centre", kwargs={"centre": world.a.centre.pk}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "最低生活保障对象认定" in html and "城乡居民基本养老保险参保登记" in html
    assert "农业生产技术咨询" not in html  # a draft


def test_a_draft_or_another_regions_unpublished_entry_is_not_found(anonymous, world, catalogues):
    draft = CatalogueEntry.objects.get(centre=world.a.centre, matter=catalogues.advice)
    assert anonymous.get(_guide(draft)).status_code == 404
    other = mf.entry(world.b.centre, catalogues.land, published=False)
    assert anonymous.get(_guide(other)).status_code == 404
    assert catalogues.land.name not in anonymous.get(
        reverse("matters:public_centre", kwargs={"centre": world.b.centre.pk})).content.decode()


def test_the_search_finds_matters_by_words_of_their_name_area_or_materials(anonymous, world, catalogues):
    url = reverse("matters:public_centre", kwargs={"centre": world.a.centre.pk})
    assert "最低生活保障对象认定" in anonymous.get(url, {"q": "低保"}).content.decode()  # area and material
    html = anonymous.get(url, {"q": "养老 户口簿"}).content.decode()
    assert "城乡居民基本养老保险参保登记" in html and "最低生活保障对象认定" not in html
    html = anonymous.get(url, {"q": "宅基地"}).content.decode()
    assert "没有找到相关事项" in html  # land is not stationed at a
    assert anonymous.get(url, {"q": "%' OR 1=1 --" + "长" * 100}).status_code == 200
    assert anonymous.get(url, {"q": "低\x00保"}).status_code == 200


def test_the_service_guide_shows_the_nine_disclosures_where_to_go_and_a_qr_code(anonymous, world, catalogues):
    entry = CatalogueEntry.objects.get(centre=world.a.centre, matter=catalogues.low)
    html = anonymous.get(_guide(entry)).content.decode()
    for heading in ("一、事项名称", "二、设定依据", "三、受理条件", "四、办理流程", "五、申请材料", "六、办理时限",
                    "七、收费标准", "八、收费依据", "九、办理结果"):
        assert heading in html
    assert "1号窗口" in html and "低保申请书" in html and "一次性告知" in html and "首问负责" in html
    assert '<svg' in html and 'class="qr-code"' in html


def test_large_text_mode_is_remembered_by_a_cookie(anonymous, world, catalogues):
    url = reverse("matters:public_centre", kwargs={"centre": world.a.centre.pk})
    assert 'class="public-page"' in anonymous.get(url).content.decode()
    anonymous.cookies["large_text"] = "1"
    assert 'class="public-page large-text"' in anonymous.get(url).content.decode()


def test_the_printable_guide_is_a_pdf_in_the_uniform_template(anonymous, world, catalogues):
    entry = CatalogueEntry.objects.get(centre=world.a.centre, matter=catalogues.low)
    response = anonymous.get(reverse("matters:public_guide_pdf", kwargs={"entry": entry.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 2  # the cover, then the guide
    text = "".join(page.extract_text() for page in reader.pages)
    assert "办事指南" in text and "最低生活保障对象认定" in text and "设定依据" in text


def test_attachments_are_served_only_through_a_published_guide_of_the_same_matter(anonymous, world, catalogues):
    material = catalogues.low.materials.get(name="低保申请书")
    material.sample.save("s.pdf", ContentFile(b"%PDF-1.4 sample"))
    published = CatalogueEntry.objects.get(centre=world.a.centre, matter=catalogues.low)
    url = reverse("matters:public_sample", kwargs={"entry": published.pk, "material": material.pk})
    response = anonymous.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 sample"
    other = CatalogueEntry.objects.get(centre=world.a.centre, matter=catalogues.pension)
    assert anonymous.get(reverse("matters:public_sample", kwargs={"entry": other.pk, "material": material.pk})).status_code == 404
    assert anonymous.get(reverse("matters:public_blank_form", kwargs={"entry": published.pk, "material": material.pk})).status_code == 404


def test_the_one_thing_page_merges_the_materials(anonymous, world, catalogues):
    bundle = mf.bundle(world.a.centre, [catalogues.low, catalogues.pension])
    listing = anonymous.get(reverse("matters:public_bundles", kwargs={"centre": world.a.centre.pk})).content.decode()
    assert "新生儿出生一件事" in listing
    html = anonymous.get(reverse("matters:public_bundle", kwargs={"bundle": bundle.pk})).content.decode()
    assert html.count("居民身份证") == 1 and "2个事项共用，只需提交一次" in html
    bundle.published = False
    bundle.save()
    assert anonymous.get(reverse("matters:public_bundle", kwargs={"bundle": bundle.pk})).status_code == 404


def test_a_windows_qr_page_lists_what_it_handles(anonymous, world, catalogues):
    html = anonymous.get(reverse("matters:public_window", kwargs={"window": world.a.window.pk})).content.decode()
    assert "最低生活保障对象认定" in html and "农业生产技术咨询" not in html


def test_the_director_prints_qr_cards_for_windows_and_guides(login, world, catalogues):
    html = login(world.a.director).get(reverse("matters:qr_cards", kwargs={"centre": world.a.centre.pk})).content.decode()
    assert html.count('class="qr-code"') == 1 + 2  # one window, two published guides


def _grow(world, n):
    """``n`` more matters on county a's centre list, each with its logged change (by a station's director too)."""
    on = timezone.localdate()
    for i in range(n):
        matter = mf.matter(f"G-{i:03d}", f"增长事项{i}", materials=("居民身份证", "户口簿", "申请表"))
        mf.entry(world.a.centre, matter, window=world.a.window)
        CatalogueChange.objects.create(
            on=on, action=ChangeAction.ADD, list_kind=ChangeList.CENTRE, centre=world.a.centre,
            station=world.a.station if i % 2 else None, actor=world.a.director, matter=matter,
            matter_name=matter.name, summary=f"新增「{matter.name}」", reason=f"增长理由{i}")


@pytest.mark.parametrize("size", [3, 40])
def test_the_public_catalogue_keeps_a_constant_number_of_queries(anonymous, world, catalogues, size,
                                                                 django_assert_max_num_queries):
    _grow(world, size)
    url = reverse("matters:public_centre", kwargs={"centre": world.a.centre.pk})
    with django_assert_max_num_queries(6):
        html = anonymous.get(url).content.decode()
    assert all(f"增长事项{i}" in html for i in range(size))
    with django_assert_max_num_queries(6):
        html = anonymous.get(url, {"q": "增长"}).content.decode()
    assert all(f"增长事项{i}" in html for i in range(size)) and "最低生活保障对象认定" not in html


@pytest.mark.parametrize("size", [3, 40])
def test_the_director_pages_keep_a_constant_number_of_queries(login, world, catalogues, size,
                                                              django_assert_max_num_queries):
    _grow(world, size)
    client = login(world.a.director)
    with django_assert_max_num_queries(20):
        html = client.get(reverse("matters:centre_catalogue", kwargs={"centre": world.a.centre.pk})).content.decode()
    assert all(f"增长事项{i}" in html for i in range(size))
    with django_assert_max_num_queries(12):
        html = client.get(reverse("matters:centre_changes", kwargs={"centre": world.a.centre.pk})).content.decode()
    assert all(f"增长理由{i}" in html for i in range(size))


@pytest.mark.parametrize("size", [1, 30])
def test_a_guide_and_a_bundle_keep_a_constant_number_of_queries(anonymous, world, catalogues, size,
                                                                django_assert_max_num_queries):
    for i in range(size):
        catalogues.low.materials.create(name=f"附加材料{i}", position=10 + i)
    bundle = mf.bundle(world.a.centre, [catalogues.low, catalogues.pension])
    entry = CatalogueEntry.objects.get(centre=world.a.centre, matter=catalogues.low)
    with django_assert_max_num_queries(4):
        html = anonymous.get(_guide(entry)).content.decode()
    assert all(f"附加材料{i}" in html for i in range(size))
    with django_assert_max_num_queries(6):
        html = anonymous.get(reverse("matters:public_bundle", kwargs={"bundle": bundle.pk})).content.decode()
    assert all(f"附加材料{i}" in html for i in range(size))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram search needs PostgreSQL with pg_trgm")
def test_on_postgresql_a_near_spelling_is_found_by_trigram_similarity(anonymous, world, catalogues):
    url = reverse("matters:public_centre", kwargs={"centre": world.a.centre.pk})
    html = anonymous.get(url, {"q": "最低生活保障认定"}).content.decode()  # "对象" left out
    assert "最低生活保障对象认定" in html
