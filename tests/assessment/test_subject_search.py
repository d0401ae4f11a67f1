"""Starting an evaluation or a guidance record where a select box would list too many places: a typed search
offers at most 20, in the user's scope, and the form takes a found place (and refuses one out of scope)."""

import pytest
from django.urls import reverse

from assessment import forms

pytestmark = pytest.mark.django_db


def test_the_subject_search_finds_places_in_scope_only(world, login):
    url = reverse("assessment:subject_search")
    own = login(world.a.inspector).get(url, {"q": world.a.centre.name})
    assert own.status_code == 200 and f'value="centre:{world.a.centre.pk}"' in own.text
    assert f'value="centre:{world.b.centre.pk}"' not in login(world.a.inspector).get(url, {"q": world.b.centre.name}).text
    units = login(world.a.inspector).get(url, {"q": world.a.centre.name, "units": "1"})
    assert "window:" not in units.text
    for hostile in ("\x00", "x" * 5000, "１２", "%", ""):
        assert login(world.admin).get(url, {"q": hostile}).status_code == 200


def test_past_the_limit_the_start_form_lists_no_places_but_takes_a_found_one(world, login, monkeypatch):
    monkeypatch.setattr("core.paging.PICK_LIMIT", 0)
    client = login(world.a.inspector)
    page = client.get(reverse("assessment:evaluation_start"))
    assert 'id="id_subject_q"' in page.text and f"centre:{world.a.centre.pk}" not in page.text
    form = forms.EvaluationStartForm({"subject": f"centre:{world.b.centre.pk}"}, user=world.a.inspector)
    assert not form.is_valid() and "subject" in form.errors  # out of scope: refused by resolve_subject
    form = forms.EvaluationStartForm({"subject": f"centre:{world.a.centre.pk}"}, user=world.a.inspector)
    form.is_valid()
    assert "subject" not in form.errors and form.cleaned_data["subject"] == world.a.centre
