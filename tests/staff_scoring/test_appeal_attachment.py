"""An appeal may carry an image or PDF: checked by its content (as evaluation evidence is), stored under a safe
name, and served only to the people who see the appeal (the staff member, their director, the county's inspector)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import audit
from staff_scoring.models import Appeal
from tests import factories
from tests.assessment.factories import pdf_bytes, png_bytes
from tests.staff_scoring.factories import event

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(scored_world):
    return event(scored_world.a.window_staff, "1", "2025-10-09", actor=scored_world.a.director)


def appeal_with(client, saved, name, content):
    return client.post(reverse("staff_scoring:appeal_create", kwargs={"event": saved.pk}),
                       {"reason": "当天在窗口外帮办，见考勤截图", "attachment": SimpleUploadedFile(name, content)})


def test_a_pdf_is_accepted_stored_under_a_safe_name_and_shown_on_the_event(scored_world, login, recorded, settings):
    a = scored_world.a
    response = appeal_with(login(a.staff_user), recorded, "考勤截图 ../../证明.pdf", pdf_bytes())
    assert response.status_code == 302
    appeal = Appeal.objects.get()
    assert (appeal.attachment_name, appeal.attachment_type) == ("证明.pdf", "application/pdf")
    stored = Path(appeal.attachment.name)
    assert stored.parent == Path("appeals") and stored.suffix == ".pdf" and "证明" not in stored.name
    assert (Path(settings.MEDIA_ROOT) / appeal.attachment.name).read_bytes() == pdf_bytes()
    assert audit.history(recorded).get(action="提出申诉").after["attachment"] == "证明.pdf"
    page = login(a.director).get(reverse("staff_scoring:event_detail", kwargs={"event": recorded.pk}))
    assert reverse("staff_scoring:appeal_attachment", kwargs={"appeal": appeal.pk}) in page.content.decode()


@pytest.mark.parametrize(("name", "content"), [
    ("证明.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200),  # a renamed .exe
    ("截图.png", b"<html><script>alert(1)</script></html>"),
    ("截图.png", png_bytes()[:20]),  # cut short
])
def test_a_file_that_is_not_really_an_image_or_pdf_is_refused_in_chinese_and_no_appeal_is_filed(
        scored_world, login, recorded, name, content):
    response = appeal_with(login(scored_world.a.staff_user), recorded, name, content)
    assert response.status_code == 200
    assert "只接受图片（JPG、PNG、WebP、GIF）或 PDF 文件" in " ".join(response.context["form"].errors["attachment"])
    assert not Appeal.objects.exists()


def test_an_appeal_without_a_file_is_still_filed(scored_world, login, recorded):
    response = login(scored_world.a.staff_user).post(
        reverse("staff_scoring:appeal_create", kwargs={"event": recorded.pk}), {"reason": "不属实"})
    assert response.status_code == 302
    assert not Appeal.objects.get().attachment


def test_the_file_is_served_to_the_staff_member_their_director_and_the_county_inspector_only(
        scored_world, login, recorded):
    a, b = scored_world.a, scored_world.b
    appeal_with(login(a.staff_user), recorded, "截图.png", png_bytes())
    url = reverse("staff_scoring:appeal_attachment", kwargs={"appeal": Appeal.objects.get().pk})
    for user in (a.staff_user, a.director, a.inspector, scored_world.admin):
        response = login(user).get(url)
        assert response.status_code == 200, user
        assert response["Content-Type"] == "image/png" and b"".join(response.streaming_content) == png_bytes()
    colleague = factories.user("colleague", "staff", staff=a.station_staff)
    for user in (colleague, b.director, b.inspector, b.staff_user):
        assert login(user).get(url).status_code == 404, user
