"""The document library: who may upload and read, bad uploads refused with nothing written, tags by stable key,
validity by year and supersession, built-in 上级文件 entries, the service language standard."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from core.models import AuditEntry
from library import selectors, services
from library.models import Document, DocumentKind, DocumentTag
from library.references import service_language
from tests.library.factories import document, item_key, office_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db


def post_upload(client, owner: str, name: str, data: bytes, **extra):
    return client.post(reverse("library:document_upload"), {
        "owner": owner, "title": "礼仪培训记录", "kind": "training", "year_from": "2025",
        "file": upload(name, data), **extra})


def test_the_director_uploads_a_pdf_and_readers_of_the_county_open_it_in_place(world, client):
    client.force_login(world.a.director)
    response = post_upload(client, f"centre:{world.a.centre.pk}", "evil/../../x.pdf", pdf_bytes())
    doc = Document.objects.get()
    assert response.status_code == 302 and doc.centre == world.a.centre and doc.content_type == "application/pdf"
    assert doc.file.name.startswith("library/") and ".." not in doc.file.name and "x.pdf" not in doc.file.name
    assert AuditEntry.objects.filter(action="上传资料", object_id=str(doc.pk)).exists()
    client.force_login(world.a.inspector)
    shown = client.get(reverse("library:document_file", kwargs={"document": doc.pk}))
    assert shown.status_code == 200 and shown["Content-Disposition"].startswith("inline")
    assert shown["X-Frame-Options"] == "SAMEORIGIN" and "frame-ancestors 'self'" in shown["Content-Security-Policy"]
    assert b"".join(shown.streaming_content) == pdf_bytes()
    page = client.get(reverse("library:document_detail", kwargs={"document": doc.pk})).content.decode()
    assert "<iframe" in page and "上传新版本" not in page  # the inspector reads only
    client.force_login(world.b.director)
    assert client.get(reverse("library:document_file", kwargs={"document": doc.pk})).status_code == 404


@pytest.mark.parametrize(("name", "data", "message"), [
    ("记录.pdf", b"%PDF-1.4 cut short", "只接受 PDF、图片"),
    ("记录.pdf", b"MZ\x90\x00 an executable", "只接受 PDF、图片"),
    ("表.xlsx", office_bytes("xl/other.xml"), "只接受 PDF、图片"),
    ("表.docx", b"PK\x03\x04 not a zip at all", "只接受 PDF、图片"),
    ("大.pdf", b"%PDF-" + b"0" * 2048 + b"%%EOF", "文件过大"),
])
def test_a_bad_upload_is_refused_in_chinese_and_nothing_is_written(world, client, settings, name, data, message):
    settings.EVIDENCE_MAX_BYTES = 1024 if name == "大.pdf" else 10 * 1024 * 1024
    client.force_login(world.a.director)
    response = post_upload(client, f"centre:{world.a.centre.pk}", name, data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Document.objects.exists() and not AuditEntry.objects.filter(action="上传资料").exists()
    media = settings.MEDIA_ROOT / "library"
    assert not media.exists() or not any(media.rglob("*.*"))


def test_word_and_excel_files_are_stored_for_download_only(world, client):
    client.force_login(world.a.director)
    post_upload(client, f"station:{world.a.station.pk}", "台账.xlsx", office_bytes("xl/workbook.xml"))
    doc = Document.objects.get()
    assert doc.station == world.a.station and doc.extension == "xlsx" and not doc.preview
    response = client.get(reverse("library:document_file", kwargs={"document": doc.pk}))
    assert response["Content-Disposition"].startswith("attachment")


def test_inspectors_and_staff_cannot_upload_and_a_director_cannot_upload_for_another_county(world, client):
    for user in (world.a.inspector, world.a.staff_user):
        client.force_login(user)
        assert client.get(reverse("library:document_upload")).status_code == 404
    client.force_login(world.a.director)
    response = post_upload(client, f"centre:{world.b.centre.pk}", "a.pdf", pdf_bytes())
    assert response.status_code == 400 and not Document.objects.exists()


def test_a_tag_finds_its_item_in_the_next_year_and_a_newer_version_replaces_the_old_from_its_year(world):
    key = item_key("baolin-centre", "5.2")
    old = document(world.a, title="2025年培训计划", year_from=2025)
    services.tag_document(actor=world.a.director, document=old, subject=world.a.centre, item_key=key)
    assert selectors.documents_for_item(world.a.centre, key, 2025) == [old]
    assert selectors.documents_for_item(world.a.centre, key, 2026) == [old]  # open-ended: still valid
    assert selectors.documents_for_item(world.a.centre, key, 2024) == []
    new = document(world.a, title="2026年培训计划", year_from=2026, supersedes=old)
    assert selectors.documents_for_item(world.a.centre, key, 2025) == [old]
    assert selectors.documents_for_item(world.a.centre, key, 2026) == [new]  # the tag came with the new version
    assert selectors.tagged_item_keys(world.a.centre) == {key}
    assert selectors.tagged_item_keys(world.a.county) == {key} and selectors.tagged_item_keys(world.b.county) == set()
    assert selectors.document_counts(world.a.centre, rubric_code="baolin-centre") == {key: 2}
    assert selectors.documents_for_item(world.a.station, key, 2026) == []  # the station has its own tags


def test_a_superseded_document_or_a_tag_to_an_unknown_item_is_refused(world):
    old = document(world.a)
    document(world.a, supersedes=old, title="新版")
    with pytest.raises(services.ValidationError, match="已被新版本替代"):
        document(world.a, supersedes=old, title="再一版")
    with pytest.raises(services.ValidationError, match="已被新版本替代"):
        services.remove_document(actor=world.a.director, document=old)
    with pytest.raises(services.ValidationError, match="评估项目"):
        services.tag_document(actor=world.a.director, document=old, subject=world.a.centre, item_key="baolin-centre:无")
    with pytest.raises(services.ValidationError, match="主任或管理员"):
        services.tag_document(actor=world.b.director, document=old, subject=world.a.centre, item_key=item_key())


def test_tag_changes_and_removals_are_audited_through_the_pages(world, client):
    doc = document(world.a)
    key = item_key()
    client.force_login(world.a.director)
    client.post(reverse("library:document_tag", kwargs={"document": doc.pk}), {"item_key": key})
    tag = DocumentTag.objects.get()
    assert tag.item_key == key and AuditEntry.objects.filter(action="标注资料").count() == 1
    page = client.get(reverse("library:document_detail", kwargs={"document": doc.pk})).content.decode()
    assert "宝林镇“示范便民服务中心”评估验收标准 人员管理·人员培训" in page and "baolin" not in page.split("<select")[0]
    client.force_login(world.b.director)
    assert client.post(reverse("library:tag_delete", kwargs={"tag": tag.pk})).status_code == 404
    client.force_login(world.a.director)
    client.post(reverse("library:tag_delete", kwargs={"tag": tag.pk}))
    assert not DocumentTag.objects.exists() and AuditEntry.objects.filter(action="取消标注").count() == 1
    client.post(reverse("library:document_delete", kwargs={"document": doc.pk}))
    assert not Document.objects.exists() and AuditEntry.objects.filter(action="删除资料").count() == 1


def test_deleting_a_document_or_a_tag_asks_first_and_a_document_that_must_stay_offers_no_delete(world, client):
    """删除 and 取消标注 are one tap: the page asks first (data-confirm, static/js/site.js). An old version a newer one
    replaces cannot be deleted: its page says why instead of showing a button the service would refuse."""
    doc = document(world.a)
    services.tag_document(actor=world.a.director, document=doc, subject=world.a.centre, item_key=item_key())
    client.force_login(world.a.director)
    detail = reverse("library:document_detail", kwargs={"document": doc.pk})
    page = client.get(detail).content.decode()
    delete = reverse("library:document_delete", kwargs={"document": doc.pk})
    tag = reverse("library:tag_delete", kwargs={"tag": DocumentTag.objects.get().pk})
    assert f'action="{delete}" data-confirm="删除这份资料？删除后不能恢复。"' in page
    assert f'action="{tag}" data-confirm="取消这项标注？' in page and 'data-testid="no-delete"' not in page
    assert services.removal_refusal(doc) is None

    document(world.a, supersedes=doc, title="新版")
    page = client.get(detail).content.decode()
    assert delete not in page and 'data-testid="no-delete">这份资料已被新版本替代' in page
    assert client.post(delete).status_code == 302 and Document.objects.filter(pk=doc.pk).exists()
    client.force_login(world.a.inspector)  # reads only: neither the button nor the reason
    page = client.get(detail).content.decode()
    assert delete not in page and 'data-testid="no-delete"' not in page


def test_builtin_official_texts_are_tagged_by_each_centre_without_uploading(world, client):
    services.ensure_builtins()
    official = Document.objects.get(builtin_key="gf-2022-5")
    assert official.kind == DocumentKind.OFFICIAL and not official.file and "国发〔2022〕5号" in official.title
    key = item_key("baolin-centre", "1.3")
    client.force_login(world.a.director)
    client.post(reverse("library:document_tag", kwargs={"document": official.pk}),
                {"subject": f"centre:{world.a.centre.pk}", "item_key": key})
    assert selectors.documents_for_item(world.a.centre, key, 2026) == [official]
    assert selectors.documents_for_item(world.b.centre, key, 2026) == []
    client.force_login(world.b.inspector)
    page = client.get(reverse("library:document_detail", kwargs={"document": official.pk})).content.decode()
    assert world.a.centre.name not in page  # another county's tag is not shown


def test_the_list_searches_by_title_kind_and_year_in_constant_queries(world, client, django_assert_max_num_queries):
    document(world.a, title="窗口服务制度", kind=DocumentKind.REGULATION, year_from=2024, year_to=2024)
    document(world.a, title="礼仪培训记录", year_from=2025)
    document(world.b, title="乙县的培训记录")
    client.force_login(world.a.inspector)
    url = reverse("library:document_list")

    def titles(**query):
        page = client.get(url, query).content.decode()
        return [t for t in ("窗口服务制度", "礼仪培训记录", "乙县的培训记录") if t in page]

    assert titles() == ["窗口服务制度", "礼仪培训记录"]
    assert titles(q="制度") == ["窗口服务制度"]
    assert titles(kind="training") == ["礼仪培训记录"]
    assert titles(year="2025") == ["礼仪培训记录"]
    assert "无效" in client.get(url, {"year": "２０２５"}).content.decode()
    for _ in range(20):
        document(world.a, title="台账")
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_the_service_language_standard_is_a_page_for_every_user_and_a_poster_pdf(world, client):
    standard = service_language()
    assert [s.situation for s in standard.situations][:2] == ["接听电话时", "接待服务对象时"]
    client.force_login(world.a.staff_user)
    page = client.get(reverse("library:service_language")).content.decode()
    assert "你这人真笨" in page and "您慢走，再见" in page
    response = client.get(reverse("library:service_language_pdf"))
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert response["Content-Type"] == "application/pdf" and "服务忌语" in text and "请稍候" in text


def test_office_files_are_recognised_by_their_zip_directory_only():
    import zipfile

    from core.attachments import DOCX, MAX_OFFICE_ENTRIES, XLSX, office_type

    assert office_type(office_bytes("word/document.xml")) == DOCX
    assert office_type(office_bytes("xl/workbook.xml")) == XLSX
    assert office_type(office_bytes("xl/workbook.xml")[:-30]) is None  # cut short: no directory
    crowded = io.BytesIO()
    with zipfile.ZipFile(crowded, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        for n in range(MAX_OFFICE_ENTRIES):
            archive.writestr(f"word/media/{n}.bin", b"")
    assert office_type(crowded.getvalue()) is None


def test_with_more_places_than_a_select_box_holds_the_owner_is_found_by_typing_and_still_checked(world, client,
                                                                                                 monkeypatch):

    client.force_login(world.admin)
    monkeypatch.setattr("core.paging.PICK_LIMIT", 1)  # the two counties' centres and stations are more than one
    page = client.get(reverse("library:document_upload")).content.decode()
    assert 'id="id_owner_q"' in page and f'value="centre:{world.a.centre.pk}"' not in page  # no list of every place
    found = client.get(reverse("library:owner_search"), {"q": world.a.centre.name}).content.decode()
    assert f'value="centre:{world.a.centre.pk}"' in found and f'value="centre:{world.b.centre.pk}"' not in found
    assert "没有名称含有该文字" in client.get(reverse("library:owner_search"), {"q": "不存在的名称"}).content.decode()
    response = post_upload(client, f"centre:{world.a.centre.pk}", "制度.pdf", pdf_bytes())
    assert response.status_code == 302 and Document.objects.filter(centre=world.a.centre).count() == 1
    client.force_login(world.a.director)  # a director finds only the own centre and its stations
    assert f'value="centre:{world.b.centre.pk}"' not in client.get(
        reverse("library:owner_search"), {"q": world.b.centre.name}).content.decode()
    assert post_upload(client, f"centre:{world.b.centre.pk}", "制度.pdf", pdf_bytes()).status_code == 400
    assert not Document.objects.filter(centre=world.b.centre).exists()


def test_the_supervisor_reads_a_document_of_its_city_its_file_and_thumbnail_but_changes_nothing(world, client):
    """The documents are evidence on the evaluations the supervisor reads: their pages and thumbnails open (read
    only); another city's document, the list and every write still answer 404."""
    from tests.assessment.factories import png_bytes

    doc = services.upload_document(actor=world.a.director, owner=world.a.centre, title="2025年礼仪培训记录",
                                   kind=DocumentKind.TRAINING, upload=upload(), year_from=2025,
                                   preview=png_bytes())
    services.tag_document(actor=world.a.director, document=doc, subject=world.a.centre, item_key=item_key())
    outside = document(world.b)
    client.force_login(world.supervisor)
    urls = {name: reverse(f"library:{name}", kwargs={"document": doc.pk})
            for name in ("document_detail", "document_file", "document_preview")}
    for name, url in urls.items():
        assert client.get(url).status_code == 200, name
        assert client.get(url.replace(f"/{doc.pk}/", f"/{outside.pk}/")).status_code == 404, name
    preview = client.get(urls["document_preview"])
    assert preview["Content-Type"] == "image/png" and b"".join(preview.streaming_content) == png_bytes()
    page = client.get(urls["document_detail"]).content.decode()
    assert "<iframe" in page and "2025年礼仪培训记录" in page
    for control in ("上传新版本", "取消标注", "标注为佐证", "删除", 'method="post" action="/library'):
        assert control not in page, control
    assert f'href="{reverse("library:document_list")}"' not in page  # the list is not the supervisor's
    assert client.get(reverse("library:document_list")).status_code == 404
    for name in ("document_tag", "document_delete", "document_supersede"):
        assert client.post(reverse(f"library:{name}", kwargs={"document": doc.pk}), {}).status_code == 404
    assert Document.objects.filter(pk=doc.pk).exists() and DocumentTag.objects.filter(document=doc).count() == 1
