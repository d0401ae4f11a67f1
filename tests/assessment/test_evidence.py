"""Photo and file evidence: images and PDFs only (by content, not by name), size-limited, stored under a safe name,
served only inside the scope."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessment.models import Evidence
from tests.assessment import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(world, station_rubric):
    return factories.evaluation(world.a, kind="spot", subject=world.a.station, version=station_rubric)


def upload(client, evaluation, name, content, code="1.1.1", **headers):
    return client.post(f"/evaluations/{evaluation.pk}/evidence/",
                       {"code": code, "file": SimpleUploadedFile(name, content)}, **headers)


@pytest.mark.parametrize(("name", "content", "kind"), [
    ("现场照片.png", factories.png_bytes(), "image/png"),
    ("scan.pdf", factories.pdf_bytes(), "application/pdf"),
    ("photo.JPG", None, "image/jpeg"),
])
def test_images_and_pdfs_are_stored_under_a_safe_name(world, login, draft, settings, name, content, kind):
    if content is None:
        from io import BytesIO

        from PIL import Image

        buffer = BytesIO()
        Image.new("RGB", (8, 8)).save(buffer, format="JPEG")
        content = buffer.getvalue()
    response = upload(login(world.a.inspector), draft, name, content)
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.content_type == kind and evidence.original_name == name and evidence.code == "1.1.1"
    stored = Path(evidence.file.name)
    assert stored.parts[:2] == ("evidence", str(draft.pk)) and name not in evidence.file.name
    assert (Path(settings.MEDIA_ROOT) / evidence.file.name).read_bytes() == content


@pytest.mark.parametrize(("name", "content"), [
    ("photo.jpg", b"this is not an image at all"),
    ("virus.png", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),
    ("page.html", b"<html><script>alert(1)</script></html>"),
    ("broken.png", factories.png_bytes()[:20]),
    ("fake.pdf", b"%PDF-1.4 no end"),
])
def test_a_file_that_is_not_really_an_image_or_pdf_is_refused(world, login, draft, name, content):
    client = login(world.a.inspector)
    response = upload(client, draft, name, content, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "只接受图片" in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_file_too_large_is_refused(world, login, draft, settings):
    settings.EVIDENCE_MAX_BYTES = 1000
    response = upload(login(world.a.inspector), draft, "big.png", factories.png_bytes((300, 300)) + b"\x00" * 2000,
                      HTTP_HX_REQUEST="true")
    assert "文件过大" in response.content.decode()
    assert not Evidence.objects.exists()


def test_evidence_must_name_a_criterion_of_the_rubric(world, login, draft):
    upload(login(world.a.inspector), draft, "a.png", factories.png_bytes(), code="99.9.9")
    assert not Evidence.objects.exists()


def test_the_htmx_upload_answers_with_the_criterions_evidence_list(world, login, draft):
    response = upload(login(world.a.inspector), draft, "门牌.png", factories.png_bytes(), HTTP_HX_REQUEST="true")
    evidence = Evidence.objects.get()
    text = response.content.decode()
    assert f"/evaluations/{draft.pk}/evidence/{evidence.pk}/" in text and 'alt="门牌.png"' in text


def test_evidence_is_served_inside_the_scope_only(world, login, draft):
    upload(login(world.a.inspector), draft, "a.png", factories.png_bytes())
    evidence = Evidence.objects.get()
    url = f"/evaluations/{draft.pk}/evidence/{evidence.pk}/"
    response = login(world.a.inspector).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == factories.png_bytes()
    assert login(world.b.inspector).get(url).status_code == 404
    assert login(world.a.staff_user).get(url).status_code == 404


def test_evidence_can_be_deleted_from_a_draft(world, login, draft, settings, django_capture_on_commit_callbacks):
    client = login(world.a.inspector)
    upload(client, draft, "a.png", factories.png_bytes())
    evidence = Evidence.objects.get()
    path = Path(settings.MEDIA_ROOT) / evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/evaluations/{draft.pk}/evidence/{evidence.pk}/delete/")
    assert response.status_code == 302 and not Evidence.objects.exists()
    assert not path.exists()
