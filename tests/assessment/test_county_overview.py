"""The county view: every centre and station with the latest self-assessment and inspection scores, band, change
since last time; filtering and sorting; the rubric's ranking rule applied (at most 30% excellent); XLSX export."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from assessment import services
from centers.choices import RegionLevel
from tests import factories as f
from tests.assessment import factories

pytestmark = pytest.mark.django_db

RANKED = """
code: ranked-demo
version: 1
title: 排名演示细则
subject: centre
source: 演示
points: 10
ranking:
  excellent: 优秀
  max_share: 0.3
sections:
  - title: 综合评定
    points: 10
    source: "成都细则 第八条(一)"
    items:
      - title: 综合
        points: 10
        source: "成都细则 第八条(一)"
        criteria:
          - rule: judged
            text: 综合评定
            points: 10
"""


def inspect(county, centre, version, points, *, period=2025, kind="acceptance"):
    return factories.evaluation(county, kind=kind, subject=centre, version=version, period=period,
                                answers={"1.1.1": Decimal(points)}, state="finalised")


@pytest.fixture
def towns(world):
    """Three more centres in county a (four in all)."""
    centres = [world.a.centre]
    for name in ("东镇", "西镇", "南镇"):
        town = f.region(world.a.county, RegionLevel.TOWN, name)
        centres.append(f.centre(town))
    return centres


def test_each_subject_shows_its_latest_scores_and_the_change_since_the_last_inspection(world, login, towns):
    version = factories.publish_text(RANKED)
    a, b = towns[0], towns[1]
    inspect(world.a, a, version, 6, period=2024)
    inspect(world.a, a, version, "8.5", period=2025, kind="spot")
    factories.evaluation(world.a, kind="self", subject=a, version=version, answers={"1.1.1": Decimal(9)},
                         state="finalised", actor=world.a.director)
    factories.evaluation(world.a, kind="acceptance", subject=b, version=version, answers={"1.1.1": Decimal(10)})
    text = login(world.a.inspector).get("/evaluations/county/").content.decode()
    row = text[text.index(f'data-subject="centre:{a.pk}"'):]
    row = row[:row.index("</tr>")]
    assert ">9</a>" in row and ">8.5</a>" in row and "+2.5" in row
    row_b = text[text.index(f'data-subject="centre:{b.pk}"'):]
    assert "—" in row_b[:row_b.index("</tr>")]  # a draft is not a score yet
    assert world.a.station.name in text and world.b.centre.name not in text


def test_the_ranking_rule_gives_excellent_to_at_most_30_percent(world, login, towns):
    version = factories.publish_text(RANKED)
    for centre, points in zip(towns, (10, 9, 8, 7), strict=True):
        inspect(world.a, centre, version, points)
    rows = {r.key: r for r in factories.county_rows(world.a.inspector, world.a.county)}
    ranked = sorted((r for r in rows.values() if r.rank), key=lambda r: r.rank)
    assert [r.rank for r in ranked] == [1, 2, 3, 4]
    assert [r.excellent for r in ranked] == [True, False, False, False]  # floor(0.3 × 4) = 1
    assert ranked[0].band == "优秀" and "名额 1 个" in ranked[0].rank_note


def test_subjects_are_ranked_only_against_inspections_of_the_same_year(world, login, towns):
    version = factories.publish_text(RANKED)
    old, east, west = towns[0], towns[1], towns[2]
    inspect(world.a, old, version, 9, period=2025)  # its latest inspection is last year's acceptance
    inspect(world.a, east, version, 7, period=2026, kind="spot")
    inspect(world.a, west, version, 8, period=2026, kind="spot")
    rows = {r.subject_id: r for r in factories.county_rows(world.a.inspector, world.a.county) if r.kind == "centre"}
    assert (rows[old.pk].rank, rows[west.pk].rank, rows[east.pk].rank) == (1, 1, 2)
    assert rows[old.pk].rank_scope.startswith("2025年") and rows[east.pk].rank_scope.startswith("2026年")
    text = login(world.a.inspector).get("/evaluations/county/").content.decode()
    row = text[text.index(f'data-subject="centre:{east.pk}"'):]
    rank = row[row.index('data-testid="rank"'):row.index("</td>", row.index('data-testid="rank"'))]
    assert ">2 <" in rank and "2026年内" in rank
    response = login(world.a.inspector).get("/evaluations/county/ranking.xlsx?sort=rank")
    exported = {r[1]: r for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)}
    assert exported[old.name][11] == 1 and exported[old.name][13].startswith("2025年")
    assert exported[east.name][11] == 2 and exported[east.name][13].startswith("2026年")


def test_a_correction_replaces_the_score_it_corrects(world, login, towns):
    version = factories.publish_text(RANKED)
    first = inspect(world.a, towns[0], version, 6)
    correction = services.evaluation_correct(actor=world.a.inspector, evaluation=first)
    services.evaluation_save(actor=world.a.inspector, evaluation=correction, revision=correction.revision,
                             data=factories.form_for(correction, {"1.1.1": Decimal(7)}))
    correction.refresh_from_db()
    services.evaluation_move(actor=world.a.inspector, evaluation=correction, action="submit")
    services.evaluation_move(actor=world.a.inspector, evaluation=correction, action="finalise")
    row = next(r for r in factories.county_rows(world.a.inspector, world.a.county) if r.subject_id == towns[0].pk
               and r.kind == "centre")
    assert row.inspection.pk == correction.pk and row.previous is None


@pytest.mark.parametrize(("query", "expected"), [
    ("sort=-inspection", ["甲镇", "东镇", "西镇"]),
    ("sort=inspection", ["西镇", "东镇", "甲镇"]),
    ("type=station", []),
    ("q=东", ["东镇"]),
])
def test_the_table_sorts_and_filters(world, login, towns, query, expected):
    version = factories.publish_text(RANKED)
    for centre, points in zip(towns[:3], (9, 8, 7), strict=True):
        inspect(world.a, centre, version, points)
    text = login(world.a.inspector).get(f"/evaluations/county/?{query}").content.decode()
    names = [c.name[:2] for c in towns[:3]]
    positions = {name: text.find(f"{name}人民政府便民服务中心</td>") for name in names}
    shown = [name for name in sorted(positions, key=positions.get) if positions[name] >= 0]
    assert shown == expected
    if query == "type=station":
        assert world.a.station.name in text


def test_the_ranking_exports_to_xlsx(world, login, towns):
    version = factories.publish_text(RANKED)
    inspect(world.a, towns[0], version, 9)
    response = login(world.a.inspector).get("/evaluations/county/ranking.xlsx?sort=-inspection")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0].startswith(world.a.county.name)
    first = rows[2]
    assert first[1] == towns[0].name and Decimal(str(first[5])) == 9 and first[11] == 1
    assert all(world.b.centre.name not in (r[1] or "") for r in rows[2:])


def test_the_county_view_is_for_the_county_only(world, login):
    assert login(world.a.director).get("/evaluations/county/").status_code == 404
    assert login(world.a.staff_user).get("/evaluations/county/").status_code == 404
    admin = login(world.admin).get(f"/evaluations/county/?county={world.b.county.pk}").content.decode()
    assert world.b.centre.name in admin


def test_the_ranking_pages_in_its_sort_order_and_the_export_keeps_every_row(world, login, towns, monkeypatch):
    from assessment.views import county

    monkeypatch.setattr(county, "COUNTY_PAGE", 2)
    version = factories.publish_text(RANKED)
    for centre, points in zip(towns[:3], (9, 8, 7), strict=True):
        inspect(world.a, centre, version, points)
    client = login(world.a.inspector)
    first = client.get("/evaluations/county/?sort=-inspection&page=1").content.decode()
    second = client.get("/evaluations/county/?sort=-inspection&page=2").content.decode()
    assert "甲镇人民政府便民服务中心</td>" in first and "东镇人民政府便民服务中心</td>" in first
    assert "西镇人民政府便民服务中心</td>" not in first and "西镇人民政府便民服务中心</td>" in second
    assert "共 5 个中心和站点" in first and "下一页" in first  # four centres and the station, 2 a page
    assert "sort=-inspection" in first.split("下一页")[0].rsplit("href=", 1)[1]  # the next page keeps the sort
    rows = list(load_workbook(io.BytesIO(client.get("/evaluations/county/ranking.xlsx").content)).active.iter_rows(
        values_only=True))
    assert sum(1 for r in rows[2:] if r[1]) == 5


def test_the_admin_picks_a_county_from_a_select_box_or_by_typed_search_beyond_a_hundred(world, login, monkeypatch):

    client = login(world.admin)
    page = client.get(f"/evaluations/county/?county={world.b.county.pk}").content.decode()
    select = page.split('name="county"')[1].split("</select>")[0]
    assert f'value="{world.a.county.pk}"' in select and f'value="{world.b.county.pk}" selected' in select
    assert "county_q" not in page  # two counties: a plain select box
    monkeypatch.setattr("core.paging.PICK_LIMIT", 1)
    page = client.get(f"/evaluations/county/?county={world.b.county.pk}").content.decode()
    select = page.split('name="county"')[1].split("</select>")[0]
    assert 'hx-get="/counties/search/"' in page and "htmx.min.js" in page
    assert select.count("<option") == 1 and f'value="{world.b.county.pk}" selected' in select  # only the one shown
    found = client.get("/counties/search/", {"county_q": world.b.county.name}).content.decode()
    assert f'value="{world.b.county.pk}"' in found and f'value="{world.a.county.pk}"' not in found
    assert "没有名称含有该文字的县/区" in client.get("/counties/search/", {"q": "不存在的县"}).content.decode()
    for hostile in ("\x00", "x" * 5000, "%", "１"):
        assert client.get("/counties/search/", {"q": hostile}).status_code == 200


def test_the_county_search_is_for_those_above_a_county_and_keeps_to_their_scope(world, login):
    for user in (world.a.inspector, world.a.director, world.a.staff_user):
        assert login(user).get("/counties/search/").status_code in (403, 404)
    assert "county_q" not in login(world.a.inspector).get("/evaluations/county/").content.decode()
    city = login(world.supervisor)  # the home city's supervisor: county a, not county b
    assert f'value="{world.a.county.pk}"' in city.get("/counties/search/", {"q": world.a.county.name}).text
    found = city.get("/counties/search/", {"q": world.b.county.name}).text
    assert f'value="{world.b.county.pk}"' not in found and "没有名称含有该文字的县/区" in found
    everything = city.get("/counties/search/").text  # no text: the first counties in scope only
    assert f'value="{world.a.county.pk}"' in everything and f'value="{world.b.county.pk}"' not in everything
