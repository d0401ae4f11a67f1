"""The catalogue workbook is read with one ``values_list`` per sheet (no model instances, issue #15 P4) and holds the
same cells as the instance path it replaced: the oracle below is that path, kept here."""

import pytest

from matters.choices import Mode
from matters.imports import LIST_COLUMNS, MATERIAL_COLUMNS, MATTER_COLUMNS, export_value, target_kind
from matters.models import CatalogueEntry, ReferenceItem
from matters.reports import catalogue_workbook
from tests.matters import factories as mf

pytestmark = pytest.mark.django_db


def instance_cells(target):
    """The cells as the instance path wrote them: each matter, its list values, its materials in order."""
    kind = target_kind(target)
    if kind == "reference":
        listed = [(i.matter, {"required": "是" if i.required else "否"})
                  for i in ReferenceItem.objects.filter(catalogue=target).order_by("position", "pk")]
    else:
        listed = [(e.matter, {"mode": e.get_mode_display(), "window": e.window.number if e.window_id else None})
                  for e in CatalogueEntry.objects.filter(**{kind: target}).order_by("position", "pk")]
    matters, materials = [], []
    for matter, values in listed:
        matters.append([export_value(matter, name, k) for name, _, k in MATTER_COLUMNS]
                       + [values.get(name) for name, _, _ in LIST_COLUMNS[kind]])
        materials += [[matter.code] + [export_value(m, name, k) for name, _, k in MATERIAL_COLUMNS[1:]]
                      for m in matter.materials.order_by("position", "pk")]
    return [matters, materials]


def test_each_catalogue_gives_the_cells_of_the_instance_path(world, catalogues, django_assert_max_num_queries):
    local = mf.matter("L-1", "镇级产业扶持项目申报", centre=world.a.centre, legal_days=None, online=True,
                      materials=("申报表", "营业执照", "项目方案"))
    local.materials.filter(position=2).update(form="copy", copies=2, required=False, note="加盖公章")
    local.materials.filter(position=1).update(position=9)  # materials follow their positions, not their creation
    mf.entry(world.a.centre, local, mode=Mode.HANDLE)  # no window
    for target in (world.a.centre, world.a.station, catalogues.centre_list, catalogues.village_list):
        with django_assert_max_num_queries(2):
            made = [[list(row) for row in sheet.rows] for sheet in catalogue_workbook(target).sheets()]
        assert made == instance_cells(target) and made[0] and made[1]
