"""The admin shows evaluations, guidance records and rectification items read-only: scores change only through
the services (engine + audit)."""

import pytest

from assessment import services
from tests.assessment import factories

pytestmark = pytest.mark.django_db


def test_the_admin_lists_and_shows_but_never_edits(world, login, station_rubric):
    evaluation = factories.evaluation(world.a, kind="spot", subject=world.a.station, version=station_rubric)
    record = factories.guidance(world.a)
    item = services.rectification_add(actor=world.a.inspector, record=record, problem="p", measure="", owner="o",
                                      limit_days=3)
    world.admin.is_superuser = True
    world.admin.save()
    client = login(world.admin)
    for name, pk in (("evaluation", evaluation.pk), ("guidancerecord", record.pk), ("rectificationitem", item.pk),
                     ("rubricversion", station_rubric.pk)):
        assert client.get(f"/admin/assessment/{name}/").status_code == 200
        page = client.get(f"/admin/assessment/{name}/{pk}/change/")
        assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
        assert client.get(f"/admin/assessment/{name}/add/").status_code == 403
