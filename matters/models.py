"""Matters (事项) and their catalogues (docs/domain.md §3).

A matter carries the nine disclosures (九公开, 眉山意见 附件1 第41项) and its materials. Reference matters
(``centre`` empty) are kept by the admin and listed in the reference catalogues (the provincial list of matters to
station in a town centre, the village proxy list); a director may add the centre's own local matters. A centre's
stationed list and a station's proxy list are ``CatalogueEntry`` rows pointing at matters; only published entries
reach the public pages. Every change to any catalogue is a ``CatalogueChange`` (动态调整), written by the services.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy

from centers.models import Region, ServiceCentre, Station, Window
from core.models import (
    CentreScopedModel,
    ScopedModel,
    SharedOrScopedModel,
    actor_field,
    exactly_one_of,
    extension_of,
    lines_of,
    unguessable_name,
)
from matters.choices import (
    Category,
    ChangeAction,
    ChangeList,
    HandlingType,
    LifeKind,
    MaterialForm,
    Mode,
    ReferenceKind,
)
from matters.choices import Level as MatterLevel

ATTACHMENT_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "doc", "docx", "xls", "xlsx", "wps"]


def attachment_path(instance: Material, filename: str) -> str:
    """A safe, unguessable name: the uploaded name is never used on disk."""
    return unguessable_name("matters/materials", extension_of(filename, ATTACHMENT_EXTENSIONS, "bin"))


class Matter(SharedOrScopedModel, CentreScopedModel):
    """A matter (事项) with its nine disclosures: name, legal basis, acceptance conditions, process, materials,
    promised time limit, fee standard, fee basis and result (九公开), plus how it is classified and handled.

    A reference matter has no ``centre`` and is written only by the admin; a local matter belongs to one centre.
    ``search_text`` is kept by the services (name, code, area, department, result and material names).
    """

    centre = models.ForeignKey(
        ServiceCentre, verbose_name="本地事项所属中心", null=True, blank=True, on_delete=models.CASCADE,
        related_name="local_matters", help_text="留空为参考目录事项（由管理员维护）",
    )
    code = models.CharField("事项编码", max_length=40)
    name = models.CharField("事项名称", max_length=100)
    area = models.CharField("所属领域", max_length=30, help_text=gettext_lazy("如：城乡低保、社会保障、卫生计生、医疗、土地流转、就业培训"))
    department = models.CharField("实施主体", max_length=60)
    category = models.CharField("事项类别", max_length=12, choices=Category.choices)
    handling_type = models.CharField("办件类型", max_length=10, choices=HandlingType.choices)
    level = models.CharField("行使层级", max_length=10, choices=MatterLevel.choices)
    legal_basis = models.TextField("设定依据")
    conditions = models.TextField("受理条件")
    process = models.TextField("办理流程", help_text=gettext_lazy("每行一个步骤"))
    legal_days = models.PositiveSmallIntegerField("法定时限（工作日）", null=True, blank=True, help_text=gettext_lazy("法律法规未规定的留空"))
    promised_days = models.PositiveSmallIntegerField("承诺时限（工作日）", help_text=gettext_lazy("即办件填 0（当场办结）"))
    fee_standard = models.CharField("收费标准", max_length=200, default="不收费")
    fee_basis = models.TextField("收费依据", blank=True)
    result = models.CharField("办理结果", max_length=200, help_text=gettext_lazy("如：《残疾人证》、审批决定书"))
    online = models.BooleanField("网上可办", default=False)
    proxy_eligible = models.BooleanField("可村级代办", default=False)
    search_text = models.TextField(editable=False, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    shared_when_null = ("centre",)

    class Meta:
        ordering = ["code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(centre__isnull=True), name="matter_reference_code_unique",
                violation_error_message="参考目录中已有这个事项编码",
            ),
            models.UniqueConstraint(
                fields=["centre", "code"], condition=Q(centre__isnull=False), name="matter_local_code_unique",
                violation_error_message="本中心已有这个事项编码",
            ),
        ]
        verbose_name = verbose_name_plural = "事项"

    def __str__(self) -> str:
        return self.name

    @property
    def is_reference(self) -> bool:
        return self.centre_id is None

    @property
    def steps(self) -> list[str]:
        return lines_of(self.process)

    @property
    def promised_text(self) -> str:
        return "当场办结" if self.promised_days == 0 else f"{self.promised_days}个工作日"

    @property
    def legal_text(self) -> str:
        if self.legal_days is None:
            return "法律法规未作规定"
        return "当场办结" if self.legal_days == 0 else f"{self.legal_days}个工作日"

    def clean(self) -> None:
        errors = {}
        if self.handling_type == HandlingType.IMMEDIATE and self.promised_days not in (None, 0):
            errors["promised_days"] = "即办件应当场办结，承诺时限填 0"
        if self.handling_type and self.handling_type != HandlingType.IMMEDIATE and self.promised_days == 0:
            errors["promised_days"] = f"{self.get_handling_type_display()}的承诺时限应至少 1 个工作日"
        if self.legal_days is not None and self.promised_days is not None and self.promised_days > self.legal_days:
            errors["promised_days"] = "承诺时限不能超过法定时限"
        if self.centre_id and self.code and Matter.objects.filter(centre__isnull=True, code=self.code).exists():
            errors["code"] = "这个编码已被参考目录事项使用，请换一个"
        if self.pk and not self.proxy_eligible:
            stations = list(
                CatalogueEntry.objects.filter(matter_id=self.pk, station__isnull=False)
                .order_by("station__region__path", "pk").values_list("station__name", flat=True)
            )
            if stations:
                more = f"等{len(stations)}个便民服务站" if len(stations) > 3 else ""
                errors["proxy_eligible"] = (
                    f"该事项已列入{'、'.join(stations[:3])}{more}的代办事项目录，不能取消“可村级代办”；"
                    "请先从这些代办目录中移除"
                )
            elif ReferenceItem.objects.filter(matter_id=self.pk, catalogue__kind=ReferenceKind.STATION).exists():
                errors["proxy_eligible"] = "该事项已列入村级代办事项参考目录，不能取消“可村级代办”；请先从参考目录中移除"
        if errors:
            raise ValidationError(errors)


class Material(SharedOrScopedModel):
    """One required material of a matter, in order, with an optional filled-in sample and a blank form."""

    matter = models.ForeignKey(Matter, verbose_name="事项", on_delete=models.CASCADE, related_name="materials")
    position = models.PositiveSmallIntegerField("序号", default=1)
    name = models.CharField("材料名称", max_length=200)
    form = models.CharField("材料形式", max_length=12, choices=MaterialForm.choices, default=MaterialForm.ORIGINAL)
    copies = models.PositiveSmallIntegerField("份数", default=1)
    required = models.BooleanField("必要材料", default=True, help_text=gettext_lazy("不勾选表示非必要（可容缺）材料"))
    note = models.CharField("要求说明", max_length=200, blank=True)
    sample = models.FileField(
        "示范样本", upload_to=attachment_path, blank=True, validators=[FileExtensionValidator(ATTACHMENT_EXTENSIONS)]
    )
    blank_form = models.FileField(
        "空白表格", upload_to=attachment_path, blank=True, validators=[FileExtensionValidator(ATTACHMENT_EXTENSIONS)]
    )

    scope_region_lookups = ("matter__centre__region__path",)
    shared_when_null = ("matter__centre",)

    class Meta:
        ordering = ["matter", "position", "pk"]
        verbose_name = verbose_name_plural = "申请材料"

    def __str__(self) -> str:
        return self.name

    @property
    def requirement(self) -> str:
        copies = f"{self.copies}份" if self.form != MaterialForm.ELECTRONIC else ""
        return f"{self.get_form_display()}{copies}"


class ReferenceCatalogue(SharedOrScopedModel):
    """A reference catalogue kept by the admin: the provincial list of matters to station in a town centre, or the
    village proxy list. ``region`` empty: it applies everywhere; otherwise to that region's subtree, and the most
    specific active catalogue of a kind applies to a centre or station."""

    kind = models.CharField("类型", max_length=10, choices=ReferenceKind.choices)
    name = models.CharField("目录名称", max_length=120)
    issued_by = models.CharField("印发机关", max_length=100, blank=True)
    document_no = models.CharField("文号", max_length=60, blank=True)
    issued_on = models.DateField("印发日期", null=True, blank=True)
    region = models.ForeignKey(
        Region, verbose_name="适用区划", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="留空表示全省通用",
    )
    active = models.BooleanField("现行有效", default=True)

    scope_region_lookups = ("region__path",)
    shared_when_null = ("region",)

    class Meta:
        ordering = ["kind", "name", "pk"]
        verbose_name = verbose_name_plural = "参考目录"

    def __str__(self) -> str:
        return self.name


class ReferenceItem(models.Model):
    """A reference matter listed in a reference catalogue; ``required`` marks a matter that must be stationed
    (应进必进, 宝林镇方案 附件1)."""

    catalogue = models.ForeignKey(ReferenceCatalogue, verbose_name="参考目录", on_delete=models.CASCADE, related_name="items")
    matter = models.ForeignKey(
        Matter, verbose_name="事项", on_delete=models.PROTECT, related_name="reference_items",
        limit_choices_to={"centre__isnull": True},
    )
    required = models.BooleanField("应进必进", default=True)
    position = models.PositiveIntegerField("序号", default=0)

    class Meta:
        ordering = ["catalogue", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["catalogue", "matter"], name="reference_item_unique",
                violation_error_message="该事项已在这个参考目录中",
            )
        ]
        verbose_name = verbose_name_plural = "参考目录事项"

    def __str__(self) -> str:
        return f"{self.catalogue} · {self.matter}"

    def clean(self) -> None:
        if self.matter_id and self.matter.centre_id:
            raise ValidationError({"matter": gettext("参考目录只能收录参考事项，不能收录中心的本地事项")})
        if self.matter_id and self.catalogue_id and self.catalogue.kind == ReferenceKind.STATION \
                and not self.matter.proxy_eligible:
            raise ValidationError({"matter": gettext("「%(name)s」未标注“可村级代办”，不能列入村级代办事项参考目录") % {"name": self.matter.name}})


def not_proxy_eligible_message(matter: Matter) -> str:
    """Why a matter cannot go on a station's proxy list (代办事项目录): it is not marked 可村级代办."""
    return f"「{matter.name}」未标注“可村级代办”，不能列入便民服务站的代办事项目录"


class CatalogueEntry(ScopedModel):
    """A matter on a centre's stationed list (进驻事项目录) or on a station's proxy list (代办事项目录), with how it is
    handled there and, at a centre, at which window. A station lists only matters marked 可村级代办
    (``Matter.proxy_eligible``). Drafts become public when the director publishes."""

    centre = models.ForeignKey(
        ServiceCentre, verbose_name="便民服务中心", null=True, blank=True, on_delete=models.CASCADE, related_name="entries"
    )
    station = models.ForeignKey(
        Station, verbose_name="便民服务站", null=True, blank=True, on_delete=models.CASCADE, related_name="entries"
    )
    matter = models.ForeignKey(Matter, verbose_name="事项", on_delete=models.PROTECT, related_name="entries")
    mode = models.CharField("进驻方式", max_length=12, choices=Mode.choices)
    window = models.ForeignKey(
        Window, verbose_name="办理窗口", null=True, blank=True, on_delete=models.SET_NULL, related_name="entries"
    )
    position = models.PositiveIntegerField("序号", default=0)
    published = models.BooleanField("已发布", default=False)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    scope_region_lookups = ("centre__region__path", "station__region__path")

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            exactly_one_of("centre", "station", name="entry_on_exactly_one_list",
                           message="目录条目须属于一个便民服务中心或一个便民服务站（二者选一）"),
            models.UniqueConstraint(
                fields=["centre", "matter"], condition=Q(centre__isnull=False), name="entry_unique_in_centre",
                violation_error_message="该事项已在本中心进驻目录中",
            ),
            models.UniqueConstraint(
                fields=["station", "matter"], condition=Q(station__isnull=False), name="entry_unique_in_station",
                violation_error_message="该事项已在本站代办目录中",
            ),
        ]
        verbose_name = verbose_name_plural = "目录事项"

    def __str__(self) -> str:
        return f"{self.owner} · {self.matter}"

    @property
    def owner(self):
        return self.centre if self.centre_id else self.station

    @property
    def home_centre_id(self) -> int | None:
        return self.centre_id or (self.station.centre_id if self.station_id else None)

    def clean(self) -> None:
        errors = {}
        if bool(self.centre_id) == bool(self.station_id):
            errors["centre"] = "目录条目须属于一个便民服务中心或一个便民服务站（二者选一）"
        if self.window_id and (not self.centre_id or self.window.centre_id != self.centre_id):
            errors["window"] = "窗口须属于本便民服务中心" if self.centre_id else "便民服务站不设窗口"
        if self.matter_id and self.matter.centre_id and self.home_centre_id and self.matter.centre_id != self.home_centre_id:
            errors["matter"] = "不能进驻其他中心的本地事项"
        elif self.station_id and self.matter_id and not self.matter.proxy_eligible:
            errors["matter"] = not_proxy_eligible_message(self.matter)
        if errors:
            raise ValidationError(errors)


class OneThing(CentreScopedModel):
    """A "one thing, one visit" bundle (一件事一次办): related matters done together, with one merged materials
    list (computed from the members, each material once) and one process."""

    centre = models.ForeignKey(ServiceCentre, verbose_name="便民服务中心", on_delete=models.CASCADE, related_name="one_things")
    name = models.CharField("一件事名称", max_length=100, help_text=gettext_lazy("如：新生儿出生一件事"))
    description = models.TextField("适用情形", blank=True)
    process = models.TextField("办理流程", help_text=gettext_lazy("每行一个步骤：一次告知、一表申请、一窗受理、一次办结"))
    promised_days = models.PositiveSmallIntegerField("承诺时限（工作日）", default=0)
    window = models.ForeignKey(
        Window, verbose_name="受理窗口", null=True, blank=True, on_delete=models.SET_NULL, related_name="one_things"
    )
    matters = models.ManyToManyField(Matter, verbose_name=gettext_lazy("包含事项"), through="OneThingMember", related_name="one_things")
    position = models.PositiveIntegerField("序号", default=0)
    published = models.BooleanField("已发布", default=False)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        ordering = ["centre", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "name"], name="one_thing_name_unique_in_centre",
                violation_error_message="本中心已有同名的一件事",
            )
        ]
        verbose_name = verbose_name_plural = "一件事一次办"

    def __str__(self) -> str:
        return self.name

    @property
    def steps(self) -> list[str]:
        return lines_of(self.process)

    def clean(self) -> None:
        if self.window_id and self.window.centre_id != self.centre_id:
            raise ValidationError({"window": gettext("窗口须属于本便民服务中心")})


class OneThingMember(models.Model):
    bundle = models.ForeignKey(OneThing, on_delete=models.CASCADE, related_name="members")
    matter = models.ForeignKey(Matter, verbose_name="事项", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField("序号", default=0)

    class Meta:
        ordering = ["bundle", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["bundle", "matter"], name="one_thing_member_unique")]
        verbose_name = verbose_name_plural = "一件事包含事项"

    def __str__(self) -> str:
        return f"{self.bundle_id}·{self.matter_id}"


class LifeService(CentreScopedModel):
    """A life service stationed in the centre's hall (水、电、气、电视、通信、金融、邮政快递)."""

    centre = models.ForeignKey(ServiceCentre, verbose_name="便民服务中心", on_delete=models.CASCADE, related_name="life_services")
    kind = models.CharField("服务类别", max_length=10, choices=LifeKind.choices)
    provider = models.CharField("服务单位", max_length=100, help_text=gettext_lazy("如：国网乐至县供电公司宝林供电所"))
    location = models.CharField("大厅位置", max_length=60, blank=True, help_text=gettext_lazy("如：自助服务区、8号窗口"))
    phone = models.CharField("电话", max_length=40, blank=True)
    hours = models.CharField("服务时间", max_length=100, blank=True)

    class Meta:
        ordering = ["centre", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "kind", "provider"], name="life_service_unique_in_centre",
                violation_error_message="本中心已登记这个服务单位",
            )
        ]
        verbose_name = verbose_name_plural = "生活服务"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.provider}"


class CatalogueChange(SharedOrScopedModel):
    """One change to a catalogue (动态调整): when, what, why and who. Written only by the services, never edited.

    A change to a reference catalogue or a reference matter has neither centre nor station and is shared; the rest
    follow scope (D14). ``matter_name`` keeps the name after a matter is gone.
    """

    on = models.DateField("调整日期", db_index=True)
    at = models.DateTimeField("记录时间", auto_now_add=True)
    actor = actor_field("调整人")
    action = models.CharField("操作", max_length=10, choices=ChangeAction.choices)
    list_kind = models.CharField("目录", max_length=12, choices=ChangeList.choices)
    catalogue = models.ForeignKey(
        ReferenceCatalogue, verbose_name="参考目录", null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    centre = models.ForeignKey(
        ServiceCentre, verbose_name="便民服务中心", null=True, blank=True, on_delete=models.CASCADE, related_name="catalogue_changes"
    )
    station = models.ForeignKey(
        Station, verbose_name="便民服务站", null=True, blank=True, on_delete=models.CASCADE, related_name="catalogue_changes"
    )
    matter = models.ForeignKey(
        Matter, verbose_name="事项", null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    matter_name = models.CharField("事项名称", max_length=100, blank=True)
    summary = models.CharField("调整内容", max_length=300)
    reason = models.TextField("调整理由")
    before = models.JSONField("调整前", null=True, blank=True)
    after = models.JSONField("调整后", null=True, blank=True)

    scope_region_lookups = ("centre__region__path", "station__region__path")
    shared_when_null = ("centre", "station")

    class Meta:
        ordering = ["-on", "-at", "-pk"]
        indexes = [models.Index(fields=["centre", "on"], name="change_centre_on_idx")]
        verbose_name = verbose_name_plural = "目录调整记录"

    def __str__(self) -> str:
        return f"{self.on} {self.get_action_display()} {self.summary}"

    @property
    def owner_name(self) -> str:
        if self.station_id:
            return self.station.name
        if self.centre_id:
            return self.centre.name
        return self.catalogue.name if self.catalogue_id else "参考事项"
