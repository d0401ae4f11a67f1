"""Matter forms with ids that are not ids: a form error in Chinese, nothing saved, never a 500."""

import pytest

from matters.models import CatalogueEntry, Material, OneThing

pytestmark = pytest.mark.django_db

NOT_IDS = ["²", "①", "１２", "99999999999999999999", "9223372036854775808", "-1", "abc"]


@pytest.mark.parametrize("value", NOT_IDS)
def test_a_one_thing_with_a_matter_id_that_is_not_an_id_is_refused(world, login, value):
    response = login(world.a.director).post(f"/matters/centres/{world.a.centre.pk}/one-things/new/", {
        "name": "新生儿出生一件事", "matters": [value, "1"], "process": "一次办", "promised_days": "3", "on": "2025-10-01",
    })
    assert response.status_code == 200
    assert response.context["form"].errors["matters"]
    assert not OneThing.objects.exists()


@pytest.mark.parametrize("value", NOT_IDS)
def test_putting_a_matter_that_is_not_an_id_on_a_list_is_refused(world, login, value):
    for url in (f"/matters/centres/{world.a.centre.pk}/entries/new/",
                f"/matters/stations/{world.a.station.pk}/entries/new/"):
        response = login(world.a.director).post(url, {"matter": value, "mode": "handle", "on": "2025-10-01"})
        assert response.status_code == 200
        assert response.context["form"].errors["matter"]
    assert not CatalogueEntry.objects.exists()


def test_a_posted_material_count_of_ten_to_the_twentieth_builds_at_most_forty_forms(world, login):
    response = login(world.a.director).post(f"/matters/centres/{world.a.centre.pk}/matters/new/", {
        "materials-TOTAL_FORMS": "99999999999999999999", "materials-INITIAL_FORMS": "0", "name": "某事项",
    })
    assert response.status_code == 200
    assert len(response.context["formset"].forms) <= 40
    assert not Material.objects.exists()
