"""A director keeps the centre's catalogue: adds, adjusts and publishes matters and sees the change log."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from matters.choices import ChangeAction
from matters.models import CatalogueChange, CatalogueEntry, LifeService, Matter, OneThing
from tests.matters import factories as mf

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate().isoformat()


def test_the_centre_page_highlights_the_missing_required_matters(login, world, catalogues):
    response = login(world.a.director).get(reverse("matters:centre_catalogue", kwargs={"centre": world.a.centre.pk}))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-fact="required_missing">1 项' in html
    row = html.split("农村宅基地使用审批")[0].rsplit("<tr", 1)[1]
    assert "table-danger" in row
    assert "发布（1）" in html  # the optional matter is a draft


def test_a_director_adds_a_reference_matter_and_publishes_it(login, world, catalogues):
    client = login(world.a.director)
    url = reverse("matters:entry_create", kwargs={"centre": world.a.centre.pk})
    assert f'value="{catalogues.land.pk}" selected' in client.get(url, {"matter": catalogues.land.pk}).content.decode()
    response = client.post(url, {"matter": catalogues.land.pk, "mode": "authorised", "window": world.a.window.pk,
                                 "on": TODAY, "reason": "县自然资源局授权下放"})
    assert response.status_code == 302
    entry = CatalogueEntry.objects.get(centre=world.a.centre, matter=catalogues.land)
    assert not entry.published
    response = client.post(reverse("matters:catalogue_publish", kwargs={"centre": world.a.centre.pk}),
                           {"on": TODAY, "reason": "按动态调整机制发布"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.published
    public = client.get(reverse("matters:public_guide", kwargs={"entry": entry.pk}))
    assert public.status_code == 200 and "农村宅基地使用审批" in public.content.decode()


def test_adjusting_an_entry_is_shown_on_the_matter_page_with_its_reason(login, world, catalogues):
    client = login(world.a.director)
    entry = CatalogueEntry.objects.get(centre=world.a.centre, matter=catalogues.low)
    response = client.post(reverse("matters:entry_edit", kwargs={"entry": entry.pk}),
                           {"mode": "entrusted", "window": world.a.window.pk, "on": TODAY, "reason": "县民政局委托受理"})
    assert response.status_code == 302
    page = client.get(reverse("matters:matter_detail", kwargs={"matter": catalogues.low.pk})).content.decode()
    assert "县民政局委托受理" in page and "调整" in page


def test_bad_input_is_answered_in_chinese_on_the_form(login, world, catalogues):
    client = login(world.a.director)
    entry = CatalogueEntry.objects.get(centre=world.a.centre, matter=catalogues.low)
    url = reverse("matters:entry_edit", kwargs={"entry": entry.pk})
    response = client.post(url, {"mode": "nonsense", "window": world.b.window.pk, "on": "2999-01-01", "reason": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "请填写调整理由" in html and "调整日期不能晚于今天" in html and "选择一个有效的选项" in html
    response = client.post(url, {"mode": "handle", "window": world.a.window.pk, "on": TODAY, "reason": "没改"})
    assert "没有改动，无需保存" in response.content.decode()


def test_removing_needs_a_reason_and_shows_why_a_bundled_matter_stays(login, world, catalogues):
    client = login(world.a.director)
    mf.bundle(world.a.centre, [catalogues.low, catalogues.pension])
    entry = CatalogueEntry.objects.get(centre=world.a.centre, matter=catalogues.low)
    response = client.post(reverse("matters:entry_remove", kwargs={"entry": entry.pk}), {"on": TODAY, "reason": "不再进驻"})
    assert response.status_code == 200 and "请先从一件事中移出" in response.content.decode()
    assert CatalogueEntry.objects.filter(pk=entry.pk).exists()


def test_a_director_creates_a_local_matter_with_materials_and_attachments(login, world):
    client = login(world.a.director)
    data = {
        "code": "L-BL-01", "name": "镇级产业扶持项目申报", "area": "乡村振兴", "department": "甲镇人民政府",
        "category": "public", "handling_type": "promised", "level": "town", "legal_basis": "《中华人民共和国乡村振兴促进法》",
        "conditions": "本镇农户", "process": "申报\n审核\n公示", "legal_days": "", "promised_days": "15",
        "fee_standard": "不收费", "fee_basis": "", "result": "立项通知", "mode": "handle", "window": world.a.window.pk,
        "on": TODAY, "reason": "本镇产业扶持政策",
        "materials-TOTAL_FORMS": "2", "materials-INITIAL_FORMS": "0", "materials-MIN_NUM_FORMS": "0", "materials-MAX_NUM_FORMS": "1000",
        "materials-0-position": "1", "materials-0-name": "产业扶持项目申报表", "materials-0-form": "original",
        "materials-0-copies": "1", "materials-0-required": "on", "materials-0-note": "",
        "materials-0-blank_form": SimpleUploadedFile("表.pdf", b"%PDF-1.4 blank", content_type="application/pdf"),
        "materials-1-position": "1", "materials-1-form": "original", "materials-1-copies": "1", "materials-1-required": "on",
    }
    response = client.post(reverse("matters:matter_create", kwargs={"centre": world.a.centre.pk}), data)
    matter = Matter.objects.get(code="L-BL-01")
    assert response.status_code == 302 and matter.centre == world.a.centre
    material = matter.materials.get()
    assert material.blank_form.name.startswith("matters/materials/") and material.blank_form.name.endswith(".pdf")
    download = client.get(reverse("matters:material_blank_form", kwargs={"material": material.pk}))
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert CatalogueEntry.objects.get(matter=matter).published is False


def test_an_attachment_of_a_forbidden_type_is_refused_in_chinese(login, world):
    client = login(world.a.director)
    matter = mf.matter("L-2", centre=world.a.centre, materials=("申报表",))
    material = matter.materials.get()
    data = {name: getattr(matter, name) if getattr(matter, name) is not None else "" for name in (
        "code", "name", "area", "department", "category", "handling_type", "level", "legal_basis", "conditions",
        "process", "legal_days", "promised_days", "fee_standard", "fee_basis", "result")}
    data.update({
        "on": TODAY, "reason": "上传样表",
        "materials-TOTAL_FORMS": "1", "materials-INITIAL_FORMS": "1", "materials-MIN_NUM_FORMS": "0", "materials-MAX_NUM_FORMS": "1000",
        "materials-0-id": material.pk, "materials-0-matter": matter.pk, "materials-0-position": "1", "materials-0-name": "申报表",
        "materials-0-form": "original", "materials-0-copies": "1", "materials-0-required": "on",
        "materials-0-sample": SimpleUploadedFile("evil.exe", b"MZ", content_type="application/octet-stream"),
    })
    response = client.post(reverse("matters:matter_edit", kwargs={"matter": matter.pk}), data)
    assert response.status_code == 200
    assert "“exe”" in response.content.decode()
    assert not CatalogueChange.objects.filter(matter=matter).exists()


def test_a_director_cannot_edit_a_reference_matter_or_another_centres_list(login, world, catalogues):
    client = login(world.a.director)
    assert client.get(reverse("matters:matter_edit", kwargs={"matter": catalogues.low.pk})).status_code == 404
    assert client.get(reverse("matters:matter_detail", kwargs={"matter": catalogues.low.pk})).status_code == 200
    assert client.get(reverse("matters:entry_create", kwargs={"centre": world.b.centre.pk})).status_code == 404


def test_an_inspector_reads_the_catalogue_but_cannot_change_it(login, world, catalogues):
    client = login(world.a.inspector)
    page = client.get(reverse("matters:centre_catalogue", kwargs={"centre": world.a.centre.pk})).content.decode()
    assert "添加事项" not in page
    assert client.get(reverse("matters:entry_create", kwargs={"centre": world.a.centre.pk})).status_code == 404
    overview = client.get(reverse("matters:overview")).content.decode()
    assert world.a.centre.name in overview and world.b.centre.name not in overview


def test_one_thing_bundles_and_life_services_are_kept_on_real_pages(login, world, catalogues):
    client = login(world.a.director)
    response = client.post(reverse("matters:bundle_create", kwargs={"centre": world.a.centre.pk}), {
        "name": "参保一件事", "description": "", "matters": [catalogues.low.pk, catalogues.pension.pk],
        "process": "一窗受理\n一次办结", "promised_days": "5", "window": world.a.window.pk, "on": TODAY, "reason": "整合关联事项",
    })
    assert response.status_code == 302
    bundle = OneThing.objects.get(name="参保一件事")
    page = client.get(reverse("matters:bundle_edit", kwargs={"bundle": bundle.pk})).content.decode()
    assert "2项共用" in page  # 居民身份证 and 户口簿 are asked once
    response = client.post(reverse("matters:life_service_create", kwargs={"centre": world.a.centre.pk}), {
        "kind": "post", "provider": "中国邮政甲镇邮政所", "location": "大厅入口", "phone": "", "hours": "", "on": TODAY,
        "reason": "引入邮政快递",
    })
    assert response.status_code == 302 and LifeService.objects.filter(centre=world.a.centre).count() == 1


def test_the_change_log_page_and_export_show_every_change(login, world, catalogues):
    client = login(world.a.director)
    entry = CatalogueEntry.objects.get(centre=world.a.centre, matter=catalogues.low)
    client.post(reverse("matters:entry_edit", kwargs={"entry": entry.pk}),
                {"mode": "entrusted", "window": "", "on": TODAY, "reason": "委托受理"})
    page = client.get(reverse("matters:centre_changes", kwargs={"centre": world.a.centre.pk})).content.decode()
    assert "委托受理" in page
    response = client.get(reverse("matters:centre_changes_export", kwargs={"centre": world.a.centre.pk}))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("调整日期", "目录", "操作")
    assert rows[1][2] == "调整" and rows[1][6] == "委托受理"
    matter_export = client.get(reverse("matters:matter_changes_export", kwargs={"matter": catalogues.low.pk}))
    assert matter_export.status_code == 200
    assert CatalogueChange.objects.filter(action=ChangeAction.CHANGE).count() == 1
