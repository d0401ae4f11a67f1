"""Library documents as evidence on the evaluation form (issue #16 item 4): the director tags while self-assessing,
the inspector sees the documents on the inspection form and marks them 采信 / 不足, the sheet lists them, and a
finalised evaluation keeps the documents it saw."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from assessment.models import EvaluationDocument, EvaluationKind
from assessment.rubrics import rubric_of
from core.models import AuditEntry
from library import selectors as library_selectors
from library import services as library_services
from library.keys import keys_of
from library.models import Document, DocumentKind, DocumentTag
from tests.assessment.factories import evaluation, full_answers, published
from tests.library.factories import document, item_key

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def version(db):
    return published("baolin-centre")


def judge(client, obj, doc, verdict="accepted", note="", code="5.2"):
    return client.post(reverse("assessment:document_judge", kwargs={"evaluation": obj.pk}),
                       {"item": code, "document": str(doc.pk), "verdict": verdict,
                        f"docnote-{doc.pk}-{code.replace('.', '-')}": note}, **HX)


def test_the_director_tags_while_self_assessing_and_the_inspector_accepts_and_the_sheet_lists_it(
        world, client, version):
    record = document(world.a, title="2025年窗口人员礼仪培训记录", year_from=2025)
    own = evaluation(world.a, version=version, period=2025)
    client.force_login(world.a.director)
    pick = reverse("assessment:document_pick", kwargs={"evaluation": own.pk})
    assert record.title in client.get(pick, {"item": "5.2"}).content.decode()
    client.post(pick, {"item": "5.2", "document": str(record.pk)})
    assert library_selectors.documents_for_item(world.a.centre, item_key("baolin-centre", "5.2"), 2025) == [record]
    form = client.get(reverse("assessment:evaluation_edit", kwargs={"evaluation": own.pk})).content.decode()
    assert record.title in form and "采信" not in form  # the director sees it, does not judge it

    inspection = evaluation(world.a, version=version, kind=EvaluationKind.ACCEPTANCE, period=2025,
                            answers=full_answers(version))
    client.force_login(world.a.inspector)
    page = client.get(reverse("assessment:evaluation_edit", kwargs={"evaluation": inspection.pk})).content.decode()
    assert record.title in page and f'data-testid="accept-{record.pk}"' in page
    answer = judge(client, inspection, record, note="签到表齐全").content.decode()
    assert "采信" in answer and "签到表齐全" in answer
    assert AuditEntry.objects.filter(action="佐证认定：采信").exists()
    assert "不是该评估项目" in judge(client, inspection, record, code="1.1").content.decode()

    from assessment import services

    services.evaluation_move(actor=world.a.inspector, evaluation=inspection, action="submit")
    services.evaluation_move(actor=world.a.inspector, evaluation=inspection, action="finalise")
    sheet = client.get(reverse("assessment:evaluation_sheet", kwargs={"evaluation": inspection.pk, "fmt": "pdf"}))
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(sheet.content)).pages)
    assert "2025年窗口人员礼仪培训记录（采信）" in text.replace("\n", "") and "佐证资料清单" in text
    xlsx = client.get(reverse("assessment:evaluation_sheet", kwargs={"evaluation": inspection.pk, "fmt": "xlsx"}))
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx.content), read_only=True)
    assert book.sheetnames == ["评分表", "佐证资料"]
    assert any(record.title in str(cell) for row in book["佐证资料"].iter_rows(values_only=True) for cell in row)


def test_a_finalised_evaluation_keeps_the_documents_it_saw(world, client, version):
    key = item_key("baolin-centre", "5.2")
    record = document(world.a, title="培训记录（旧）", year_from=2025)
    library_services.tag_document(actor=world.a.director, document=record, subject=world.a.centre, item_key=key)
    done = evaluation(world.a, version=version, period=2025, answers=full_answers(version), state="finalised")
    assert list(EvaluationDocument.objects.filter(evaluation=done).values_list("document", flat=True)) == [record.pk]
    DocumentTag.objects.all().delete()
    later = document(world.a, title="培训记录（新）", year_from=2025)
    library_services.tag_document(actor=world.a.director, document=later, subject=world.a.centre, item_key=key)
    client.force_login(world.a.inspector)
    page = client.get(reverse("assessment:evaluation_detail", kwargs={"evaluation": done.pk})).content.decode()
    assert "培训记录（旧）" in page and "培训记录（新）" not in page
    with pytest.raises(library_services.ValidationError, match="已被考核评分引用"):
        library_services.remove_document(actor=world.a.director, document=record)
    assert Document.objects.filter(pk=record.pk).exists()
    # its library page says so instead of offering a 删除 the service would refuse
    client.force_login(world.a.director)
    shown = client.get(reverse("library:document_detail", kwargs={"document": record.pk})).content.decode()
    delete = reverse("library:document_delete", kwargs={"document": record.pk})
    assert delete not in shown and 'data-testid="no-delete">这份资料已被考核评分引用，不能删除' in shown
    assert "上传新版本" in shown
    fresh = client.get(reverse("library:document_detail", kwargs={"document": later.pk})).content.decode()
    assert reverse("library:document_delete", kwargs={"document": later.pk}) in fresh  # nothing cites the new one


def test_a_document_outside_its_years_or_of_another_subject_is_not_shown(world, client, version):
    key = item_key("baolin-centre", "5.2")
    old = document(world.a, title="2023年培训记录", year_from=2023, year_to=2023)
    station_doc = document(world.a, owner=world.a.station, title="站点培训记录")
    library_services.tag_document(actor=world.a.director, document=old, subject=world.a.centre, item_key=key)
    library_services.tag_document(actor=world.a.director, document=station_doc, subject=world.a.station,
                                  item_key=item_key("baolin-station", "4.2"))
    own = evaluation(world.a, version=version, period=2025)
    client.force_login(world.a.director)
    page = client.get(reverse("assessment:evaluation_edit", kwargs={"evaluation": own.pk})).content.decode()
    assert "2023年培训记录" not in page and "站点培训记录" not in page


def test_the_form_takes_the_same_queries_with_a_thousand_documents_in_the_library(
        world, client, version, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    own = evaluation(world.a, version=version, period=2025)
    url = reverse("assessment:evaluation_edit", kwargs={"evaluation": own.pk})
    keys = list(keys_of(rubric_of(version)).values())
    client.force_login(world.a.director)

    def add(n: int, start: int) -> None:
        docs = Document.objects.bulk_create(
            Document(centre=world.a.centre, title=f"制度{start + i}", kind=DocumentKind.REGULATION, year_from=2024)
            for i in range(n))
        DocumentTag.objects.bulk_create(
            DocumentTag(document=d, centre=world.a.centre, item_key=keys[i % len(keys)], rubric_code="baolin-centre")
            for i, d in enumerate(docs))

    add(1, 0)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(999, 1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "制度999" in page


def test_on_site_items_show_the_photos_of_the_last_finalised_evaluation(world, client, version):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assessment import services
    from tests.assessment.factories import png_bytes

    last = evaluation(world.a, version=version, period=2024, answers=full_answers(version))
    photo = services.evidence_add(actor=world.a.director, evaluation=last, code="2.1.1",
                                  upload=SimpleUploadedFile("大厅.png", png_bytes()))
    services.evaluation_move(actor=world.a.director, evaluation=last, action="submit")
    services.evaluation_move(actor=world.a.director, evaluation=last, action="finalise")
    now = evaluation(world.a, version=version, period=2025)
    client.force_login(world.a.director)
    page = client.get(reverse("assessment:evaluation_edit", kwargs={"evaluation": now.pk})).content.decode()
    url = reverse("assessment:evidence_file", kwargs={"evaluation": last.pk, "evidence": photo.pk})
    assert "上次考核的现场照片" in page and url in page
    client.force_login(world.b.director)
    assert client.get(url).status_code == 404


def test_picking_from_the_library_saves_the_typed_answers_first_and_opens_the_picker(world, client, version):
    """从资料库选择 is a submit button of the form: what the director typed is saved, then the picker opens for the
    item, and tagging there comes back to the form with the answers kept."""
    from tests.assessment.factories import form_data

    record = document(world.a, title="2025年业务培训记录", year_from=2025)
    own = evaluation(world.a, version=version, period=2025)
    client.force_login(world.a.director)
    edit = reverse("assessment:evaluation_edit", kwargs={"evaluation": own.pk})
    form = client.get(edit).content.decode()
    assert 'form="evaluation-form" name="pick" value="5.2"' in form
    answers = full_answers(version)
    response = client.post(edit, form_data(version, answers, own.revision, pick="5.2"))
    pick = reverse("assessment:document_pick", kwargs={"evaluation": own.pk})
    assert response.status_code == 302 and response["Location"] == f"{pick}?item=5.2"
    own.refresh_from_db()
    assert own.revision == 2 and own.answers and own.unanswered == 0
    back = client.post(pick, {"item": "5.2", "document": str(record.pk)})
    assert back["Location"].startswith(edit)
    own.refresh_from_db()
    assert own.revision == 2 and own.unanswered == 0
    assert library_selectors.documents_for_item(world.a.centre, item_key("baolin-centre", "5.2"), 2025) == [record]
    bad = client.post(edit, form_data(version, answers, own.revision, pick="no-such-item"))
    assert bad["Location"] == edit  # an unknown item: saved as a plain save, with a message


def test_a_window_evaluation_shows_its_centres_documents_tagged_to_its_items(world, client):
    """A window keeps no library: its centre's documents tagged to a 五星级窗口 item appear on the window's form (and
    a station's or another county's do not); the director picks them from the form as for the centre."""
    from library.catalogue import items_for

    window_rubric = published("meishan-window")
    key = item_key("meishan-window", "1.10")
    assert key in {choice.key for choice in items_for(world.a.centre)}  # a centre tags window items
    assert key not in {choice.key for choice in items_for(world.a.station)}
    ledger = document(world.a, title="窗口投诉处理台账", kind=DocumentKind.LEDGER, year_from=2025)
    station_doc = document(world.a, owner=world.a.station, title="站点台账", kind=DocumentKind.LEDGER, year_from=2025)
    other = document(world.b, title="外县台账", kind=DocumentKind.LEDGER, year_from=2025)
    library_services.tag_document(actor=world.a.director, document=ledger, subject=world.a.centre, item_key=key)
    library_services.tag_document(actor=world.a.director, document=station_doc, subject=world.a.station,
                                  item_key=item_key("baolin-station", next(iter(keys_of(rubric_of(
                                      published("baolin-station")))))))
    library_services.tag_document(actor=world.b.director, document=other, subject=world.b.centre, item_key=key)
    own = evaluation(world.a, subject=world.a.window, version=window_rubric, period=2025)
    client.force_login(world.a.director)
    form = client.get(reverse("assessment:evaluation_edit", kwargs={"evaluation": own.pk})).content.decode()
    assert ledger.title in form and station_doc.title not in form and other.title not in form
    assert 'name="pick" value="1.10"' in form
    pick = reverse("assessment:document_pick", kwargs={"evaluation": own.pk})
    assert ledger.title in client.get(pick, {"item": "1.2"}).content.decode()
    client.post(pick, {"item": "1.2", "document": str(ledger.pk)})
    assert library_selectors.documents_for_item(world.a.centre, item_key("meishan-window", "1.2"), 2025) == [ledger]
