"""Dynamic adjustment (动态调整): every change to a catalogue is stored with its date, reason and who, and audited."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.audit import history
from core.models import AuditEntry
from matters import services
from matters.choices import ChangeAction, ChangeList, Mode
from matters.models import CatalogueChange, CatalogueEntry, LifeService, Material, Matter, OneThing
from tests.matters import factories as mf

pytestmark = pytest.mark.django_db


def test_adding_a_matter_to_the_list_logs_date_reason_and_who_and_audits_it(world, catalogues):
    on = timezone.localdate() - timedelta(days=2)
    entry = services.entry_add(actor=world.a.director, owner=world.a.centre, matter=catalogues.land, mode=Mode.AUTHORISED,
                               window=world.a.window, on=on, reason="县自然资源局授权下放")
    assert entry.published is False
    change = CatalogueChange.objects.get(matter=catalogues.land)
    assert (change.on, change.reason, change.actor, change.action) == (on, "县自然资源局授权下放", world.a.director, ChangeAction.ADD)
    assert change.centre == world.a.centre and change.list_kind == ChangeList.CENTRE
    assert change.after == {"进驻方式": "授权办理", "办理窗口": str(world.a.window)}
    assert history(entry).get().reason == "县自然资源局授权下放"


def test_a_change_needs_a_reason_and_a_date_not_in_the_future(world, catalogues):
    with pytest.raises(ValidationError) as caught:
        services.entry_add(actor=world.a.director, owner=world.a.centre, matter=catalogues.land, mode=Mode.HANDLE,
                           on=timezone.localdate() + timedelta(days=1), reason="  ")
    assert caught.value.message_dict == {"on": ["调整日期不能晚于今天"], "reason": ["请填写调整理由"]}
    assert not CatalogueEntry.objects.filter(matter=catalogues.land).exists()


def test_adjusting_an_entry_logs_only_what_changed(world, catalogues):
    entry = CatalogueEntry.objects.get(centre=world.a.centre, matter=catalogues.low)
    services.entry_update(actor=world.a.director, entry=entry, mode=Mode.ENTRUSTED, window=world.a.window, reason="委托受理")
    change = CatalogueChange.objects.get(action=ChangeAction.CHANGE)
    assert change.before == {"进驻方式": "办理"} and change.after == {"进驻方式": "委托受理"}
    with pytest.raises(ValidationError, match="没有改动"):
        services.entry_update(actor=world.a.director, entry=entry, mode=Mode.ENTRUSTED, window=world.a.window, reason="再存一次")


def test_an_entry_cannot_use_another_centres_window(world, catalogues):
    with pytest.raises(ValidationError) as caught:
        services.entry_add(actor=world.a.director, owner=world.a.centre, matter=catalogues.land, mode=Mode.HANDLE,
                           window=world.b.window, reason="理由")
    assert caught.value.message_dict["window"] == ["窗口须属于本便民服务中心"]


def test_a_matter_is_listed_once_per_centre(world, catalogues):
    with pytest.raises(ValidationError, match="该事项已在本中心进驻目录中"):
        services.entry_add(actor=world.a.director, owner=world.a.centre, matter=catalogues.low, mode=Mode.HANDLE, reason="重复")


def test_removing_an_entry_keeps_the_record_and_a_matter_in_a_bundle_cannot_be_removed(world, catalogues):
    mf.bundle(world.a.centre, [catalogues.low, catalogues.pension])
    entry = CatalogueEntry.objects.get(centre=world.a.centre, matter=catalogues.low)
    with pytest.raises(ValidationError, match="新生儿出生一件事"):
        services.entry_remove(actor=world.a.director, entry=entry, reason="不再进驻")
    advice = CatalogueEntry.objects.get(centre=world.a.centre, matter=catalogues.advice)
    services.entry_remove(actor=world.a.director, entry=advice, reason="改由农业服务中心提供")
    change = CatalogueChange.objects.get(action=ChangeAction.REMOVE)
    assert change.matter_name == "农业生产技术咨询" and change.before["进驻方式"] == "办理"


def test_publishing_makes_drafts_and_bundles_public_in_one_logged_step(world, catalogues):
    bundle = mf.bundle(world.a.centre, [catalogues.low, catalogues.pension], published=False)
    count = services.catalogue_publish(actor=world.a.director, owner=world.a.centre, reason="按动态调整机制发布")
    assert count == 2
    assert CatalogueEntry.objects.get(centre=world.a.centre, matter=catalogues.advice).published
    bundle.refresh_from_db()
    assert bundle.published and bundle.published_at
    kinds = set(CatalogueChange.objects.filter(action=ChangeAction.PUBLISH).values_list("list_kind", flat=True))
    assert kinds == {ChangeList.CENTRE, ChangeList.ONE_THING}
    with pytest.raises(ValidationError, match="没有待发布"):
        services.catalogue_publish(actor=world.a.director, owner=world.a.centre, reason="再发布")


def test_editing_a_local_matter_logs_the_changed_disclosures_and_materials(world):
    matter = mf.matter("L-1", "镇级产业扶持项目申报", centre=world.a.centre, materials=("申报表",))
    matter.promised_days = 7
    added = Material(name="项目实施方案", position=2)
    services.matter_update(actor=world.a.director, matter=matter, materials=[added], on=date.today(), reason="压缩时限")
    change = CatalogueChange.objects.get(matter=matter)
    assert change.before == {"承诺时限（工作日）": 10, "申请材料": ["申报表（原件1份）"]}
    assert change.after == {"承诺时限（工作日）": 7, "申请材料": ["申报表（原件1份）", "项目实施方案（原件1份）"]}
    assert change.centre == world.a.centre
    matter.refresh_from_db()
    assert "项目实施方案" in matter.search_text
    assert services.matter_update(actor=world.a.director, matter=matter, reason="无改动") is False


def test_a_director_cannot_change_a_reference_matter_even_through_the_service(world, catalogues):
    catalogues.low.promised_days = 5
    with pytest.raises(ValidationError, match="由管理员维护"):
        services.matter_update(actor=world.a.director, matter=catalogues.low, reason="想改")
    services.matter_update(actor=world.admin, matter=catalogues.low, reason="省级目录调整")
    change = CatalogueChange.objects.get(matter=catalogues.low)
    assert change.centre is None and change.list_kind == ChangeList.MATTER


def test_a_local_matter_cannot_take_a_reference_code_and_goes_on_the_list_as_a_draft(world, catalogues):
    with pytest.raises(ValidationError) as caught:
        services.matter_create(actor=world.a.director, matter=Matter(centre=world.a.centre, **_fields("SC-MZ-001")), reason="新增")
    assert caught.value.message_dict["code"] == ["这个编码已被参考目录事项使用，请换一个"]
    matter = services.matter_create(actor=world.a.director, matter=Matter(centre=world.a.centre, **_fields("L-9")),
                                    mode=Mode.HANDLE, reason="本镇特色事项")
    assert CatalogueEntry.objects.get(matter=matter).published is False
    assert CatalogueChange.objects.filter(matter=matter).count() == 2  # the matter, then its entry


def _fields(code):
    return {"code": code, "name": "示例事项", "area": "乡村振兴", "department": "镇人民政府", "category": "public",
            "handling_type": "promised", "level": "town", "legal_basis": "依据", "conditions": "条件",
            "process": "申请\n办结", "promised_days": 5, "result": "结果"}


@pytest.mark.parametrize(("handling", "promised", "legal", "message"), [
    ("immediate", 3, None, "即办件应当场办结，承诺时限填 0"),
    ("promised", 0, None, "承诺件的承诺时限应至少 1 个工作日"),
    ("promised", 30, 20, "承诺时限不能超过法定时限"),
])
def test_time_limits_follow_the_handling_type(world, handling, promised, legal, message):
    matter = Matter(centre=world.a.centre, **{**_fields("L-T"), "handling_type": handling, "promised_days": promised,
                                              "legal_days": legal})
    with pytest.raises(ValidationError) as caught:
        services.matter_create(actor=world.a.director, matter=matter, reason="新增")
    assert caught.value.message_dict["promised_days"] == [message]


def test_a_bundle_needs_two_matters_stationed_at_the_centre(world, catalogues):
    bundle = OneThing(centre=world.a.centre, name="农村建房一件事", process="一窗受理")
    with pytest.raises(ValidationError, match="至少包含两个事项"):
        services.bundle_save(actor=world.a.director, bundle=bundle, matters=[catalogues.low], reason="新增")
    with pytest.raises(ValidationError, match="「农村宅基地使用审批」未进驻本中心"):
        services.bundle_save(actor=world.a.director, bundle=bundle, matters=[catalogues.low, catalogues.land], reason="新增")
    services.bundle_save(actor=world.a.director, bundle=bundle, matters=[catalogues.pension, catalogues.low], reason="新增")
    assert [m.matter for m in bundle.members.order_by("position")] == [catalogues.pension, catalogues.low]
    assert bundle.published is False
    services.bundle_save(actor=world.a.director, bundle=bundle, matters=[catalogues.low, catalogues.pension], reason="调整顺序")
    change = CatalogueChange.objects.filter(list_kind=ChangeList.ONE_THING).first()
    assert change.action == ChangeAction.CHANGE and change.after == {"包含事项": ["最低生活保障对象认定", "城乡居民基本养老保险参保登记"]}


def test_life_services_are_logged_when_added_changed_and_removed(world):
    service = LifeService(centre=world.a.centre, kind="power", provider="国网甲县供电公司甲镇供电所")
    services.life_service_save(actor=world.a.director, service=service, reason="引入供电服务")
    service.location = "生活服务区1号台"
    services.life_service_save(actor=world.a.director, service=service, reason="调整位置")
    services.life_service_remove(actor=world.a.director, service=service, reason="撤出")
    actions = list(CatalogueChange.objects.filter(list_kind=ChangeList.LIFE).order_by("pk").values_list("action", flat=True))
    assert actions == [ChangeAction.ADD, ChangeAction.CHANGE, ChangeAction.REMOVE]
    assert AuditEntry.objects.filter(action__startswith="事项目录").count() == 3


def test_reference_catalogues_are_written_by_the_admin_only(world, catalogues):
    with pytest.raises(ValidationError, match="由管理员维护"):
        services.reference_item_add(actor=world.a.director, catalogue=catalogues.centre_list, matter=mf.matter("X-1"), reason="r")
    item = catalogues.centre_list.items.get(matter=catalogues.land)
    services.reference_item_update(actor=world.admin, item=item, required=False, reason="改为可选")
    change = CatalogueChange.objects.get(catalogue=catalogues.centre_list)
    assert change.before == {"应进必进": "是"} and change.after == {"应进必进": "否"}
    services.reference_item_remove(actor=world.admin, item=item, reason="移出目录")
    assert not catalogues.centre_list.items.filter(matter=catalogues.land).exists()


def test_the_change_log_shows_each_lines_state_then_and_the_state_now(world, catalogues, login):
    services.entry_add(actor=world.a.director, owner=world.a.centre, matter=catalogues.land, mode=Mode.HANDLE,
                       window=world.a.window, reason="县自然资源局授权下放")
    url = reverse("matters:centre_changes", kwargs={"centre": world.a.centre.pk})
    client = login(world.a.director)
    before = client.get(url).content.decode()
    assert "当时：草稿" in before and "草稿（待发布）" in before
    services.catalogue_publish(actor=world.a.director, owner=world.a.centre, reason="按动态调整机制发布")
    after = client.get(url).content.decode()
    line = after[after.index("新增「" + catalogues.land.name):]
    line = line[:line.index("</tr>")]
    assert "当时：草稿" in line and "已发布" in line and "待发布" not in line
    entry = CatalogueEntry.objects.get(centre=world.a.centre, matter=catalogues.land)
    services.entry_remove(actor=world.a.director, entry=entry, reason="收回")
    gone = client.get(url).content.decode()
    assert "移除前已发布" in gone and "不在目录中" in gone
