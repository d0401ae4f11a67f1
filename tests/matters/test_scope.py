"""D14 for the catalogues: reference data for every role, a centre's own data inside its region only."""

import pytest
from django.urls import reverse

from core.scope import scope_of
from matters import services
from matters.models import CatalogueChange, Matter, ReferenceCatalogue
from tests.matters import factories as mf

pytestmark = pytest.mark.django_db


def test_reference_matters_are_readable_by_every_role_and_local_ones_stay_in_their_region(world, catalogues):
    local_a = mf.matter("L-A", centre=world.a.centre)
    local_b = mf.matter("L-B", centre=world.b.centre)
    for role, user in world.users_by_role().items():
        visible = set(Matter.objects.visible_to(user).values_list("code", flat=True))
        if role == "outsider":
            assert visible == set()
            continue
        assert {"SC-MZ-001", "SC-RS-001"} <= visible
        assert (local_b.code in visible) is (role == "admin")
        assert (local_a.code in visible) is (role in ("admin", "supervisor", "inspector", "director"))
    assert scope_of(world.nobody).nothing


def test_the_change_log_shows_shared_changes_and_those_of_the_users_region(world, catalogues):
    services.reference_item_update(actor=world.admin, item=catalogues.centre_list.items.get(matter=catalogues.land),
                                   required=False, reason="改为可选")
    services.entry_add(actor=world.b.director, owner=world.b.centre, matter=catalogues.land, mode="handle", reason="进驻")
    seen = set(CatalogueChange.objects.visible_to(world.a.director).values_list("list_kind", flat=True))
    assert seen == {"reference"}
    assert CatalogueChange.objects.visible_to(world.b.inspector).count() == 2


def test_a_county_catalogue_is_not_shown_to_another_county(world):
    mf.catalogue(name="乙县目录", region=world.b.county)
    mf.catalogue(name="全省目录")
    assert set(ReferenceCatalogue.objects.visible_to(world.a.inspector).values_list("name", flat=True)) == {"全省目录"}


def test_staff_read_the_reference_catalogues_but_no_director_pages(login, world, catalogues):
    client = login(world.a.staff_user)
    assert client.get(reverse("matters:reference_detail", kwargs={"catalogue": catalogues.centre_list.pk})).status_code == 200
    assert client.get(reverse("matters:matter_detail", kwargs={"matter": catalogues.low.pk})).status_code == 200
    assert client.get(reverse("matters:centre_catalogue", kwargs={"centre": world.a.centre.pk})).status_code == 404
    assert client.get(reverse("matters:reference_item_create", kwargs={"catalogue": catalogues.centre_list.pk})).status_code == 404


def test_the_matter_page_shows_only_the_entries_and_changes_of_the_users_region(login, world, catalogues):
    services.entry_add(actor=world.b.director, owner=world.b.centre, matter=catalogues.low, mode="handle", reason="乙县进驻理由")
    html = login(world.a.inspector).get(reverse("matters:matter_detail", kwargs={"matter": catalogues.low.pk})).content.decode()
    assert world.a.centre.name in html
    assert world.b.centre.name not in html and "乙县进驻理由" not in html
