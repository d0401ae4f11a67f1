import pytest

pytestmark = pytest.mark.django_db


def test_anyone_can_read_a_window_post_card_with_the_party_badge(world, client):
    person = world.a.window_staff
    person.party_member = True
    person.position = "综合窗口受理员"
    person.save()
    page = client.get(f"/p/windows/{world.a.window.pk}/").content.decode()
    assert person.name in page and "综合窗口受理员" in page and "共产党员" in page
    assert "1号窗口 · 综合受理" in page


def test_an_inactive_window_has_no_public_card(world, client):
    world.a.window.active = False
    world.a.window.save()
    assert client.get(f"/p/windows/{world.a.window.pk}/").status_code == 404


def test_people_who_left_are_not_on_the_card(world, client):
    import datetime

    person = world.a.window_staff
    person.active_to = datetime.date(2025, 1, 1)
    person.save()
    assert person.name not in client.get(f"/p/windows/{world.a.window.pk}/").content.decode()


def test_staff_without_a_photo_get_a_drawn_placeholder_not_a_broken_image(world, client):
    page = client.get(f"/p/windows/{world.a.window.pk}/").content.decode()
    assert 'class="photo-placeholder"' in page and "暂无照片" in page
    assert "data:image/gif" not in page


def test_the_card_leads_back_to_the_centre_catalogue_and_to_rating_the_window(world, client):
    from tests.matters import factories as matters_factories

    centre, window = world.a.centre, world.a.window
    page = client.get(f"/p/windows/{window.pk}/").content.decode()
    assert centre.name in page[:page.index("<main")]  # the public header names the centre
    assert f'href="/p/centres/{centre.pk}/matters/"' in page
    assert f'href="/p/rate/w/{window.pk}/"' in page
    assert f'href="/p/windows/{window.pk}/matters/"' not in page  # nothing published at this window yet
    matters_factories.entry(centre, matters_factories.matter("T-1", centre=centre), window=window)
    page = client.get(f"/p/windows/{window.pk}/").content.decode()
    assert f'href="/p/windows/{window.pk}/matters/"' in page
