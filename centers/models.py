"""The organisation: region tree, service centres with windows, village stations, staff (docs/domain.md §2)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, gettext_lazy

from centers.choices import CHILD_LEVEL, PostType, RegionLevel, StaffCategory, WindowKind
from core.models import (
    PHOTO_EXTENSIONS,
    CentreScopedModel,
    ScopedModel,
    exactly_one_of,
    extension_of,
    lines_of,
    unguessable_name,
)


class Region(ScopedModel):
    """A node of the region tree 市 → 县/区 → 镇/街道 → 村/社区.

    ``path`` is the materialised path of codes ("/5120/512022/512022101/"): a subtree is ``path__startswith``,
    which is how scope (D14) filters everything in one indexed query.
    """

    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    level = models.CharField("级别", max_length=10, choices=RegionLevel.choices)
    code = models.CharField("区划代码", max_length=20, unique=True)
    name = models.CharField("名称", max_length=60)
    path = models.CharField(max_length=255, unique=True, editable=False)

    scope_region_lookups = ("path",)

    class Meta:
        ordering = ["path"]
        verbose_name = verbose_name_plural = "行政区划"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.path = (self.parent.path if self.parent_id else "/") + f"{self.code}/"
        super().save(*args, **kwargs)

    def clean(self) -> None:
        expected = CHILD_LEVEL.get(self.parent.level if self.parent_id else None)
        if self.level != expected:
            raise ValidationError({"level": gettext("上级为「%(value)s」时，级别应为「%(label)s」") % {"value": self.parent or '无', "label": expected.label}})

    def ancestor(self, level: str) -> Region | None:
        node = self
        while node is not None and node.level != level:
            node = node.parent
        return node


class ServicePlace(ScopedModel):
    """Abstract: a service place seated on one node of the region tree (a town's centre, a village's station), scoped
    and listed by that node."""

    scope_region_lookups = ("region__path",)

    class Meta:
        abstract = True
        ordering = ["region__path"]

    def __str__(self) -> str:
        return self.name


class ServiceCentre(ServicePlace):
    """A town's 便民服务中心 (one per town). Name rule: "XX镇人民政府便民服务中心" (宝林镇方案 三(一)2)."""

    region = models.OneToOneField(
        Region, verbose_name=gettext_lazy("所在镇/街道"), on_delete=models.PROTECT, related_name="centre",
        limit_choices_to={"level": RegionLevel.TOWN},
    )
    code = models.SlugField("编码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=100)
    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("电话", max_length=40, blank=True)
    opening_hours = models.CharField("办公时间", max_length=200, blank=True)
    hall_area = models.DecimalField("大厅面积（m²）", max_digits=8, decimal_places=1, null=True, blank=True)
    functional_zones = models.TextField("功能分区", blank=True, help_text=gettext_lazy("每行一个，如：咨询引导区、综合受理区、自助服务区"))

    class Meta(ServicePlace.Meta):
        verbose_name = verbose_name_plural = "便民服务中心"

    def clean(self) -> None:
        if self.region_id and self.region.level != RegionLevel.TOWN:
            raise ValidationError({"region": gettext("便民服务中心只能设在镇/街道")})

    @property
    def zones(self) -> list[str]:
        return lines_of(self.functional_zones)


class Window(CentreScopedModel):
    """A service window of a centre: 综合窗口, 专业窗口, or 办不成事反映窗口."""

    centre = models.ForeignKey(ServiceCentre, verbose_name="便民服务中心", on_delete=models.CASCADE, related_name="windows")
    kind = models.CharField("类型", max_length=20, choices=WindowKind.choices, default=WindowKind.COMPREHENSIVE)
    number = models.PositiveSmallIntegerField("窗口号")
    name = models.CharField("名称", max_length=60)
    active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["centre", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "number"], name="window_number_unique_in_centre",
                violation_error_message="本中心已有这个窗口号",
            )
        ]
        verbose_name = verbose_name_plural = "窗口"

    def __str__(self) -> str:
        return f"{self.number}号窗口 {self.name}"


class Station(ServicePlace):
    """A village's or community's 便民服务站/室; may sit in the Party-mass service centre (党群服务中心)."""

    region = models.OneToOneField(
        Region, verbose_name=gettext_lazy("所在村/社区"), on_delete=models.PROTECT, related_name="station",
        limit_choices_to={"level": RegionLevel.VILLAGE},
    )
    centre = models.ForeignKey(ServiceCentre, verbose_name="所属便民服务中心", on_delete=models.PROTECT, related_name="stations")
    code = models.SlugField("编码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=100)
    in_party_centre = models.BooleanField("设在党群服务中心", default=True)
    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("电话", max_length=40, blank=True)
    opening_hours = models.CharField("办公时间", max_length=200, blank=True)

    class Meta(ServicePlace.Meta):
        verbose_name = verbose_name_plural = "便民服务站"

    def clean(self) -> None:
        if self.region_id and self.region.level != RegionLevel.VILLAGE:
            raise ValidationError({"region": gettext("便民服务站只能设在村/社区")})
        if self.region_id and self.centre_id and self.region.parent_id != self.centre.region_id:
            raise ValidationError({"centre": gettext("便民服务站应隶属于本镇/街道的便民服务中心")})


def staff_photo_path(instance: Staff, filename: str) -> str:
    """A safe, unguessable name: the uploaded name is never used."""
    return unguessable_name("staff", extension_of(filename, PHOTO_EXTENSIONS, "jpg"))


class Staff(ScopedModel):
    """A person on a post: at a centre (optionally at a window) or at a station. Scored by the scheme of their post."""

    name = models.CharField("姓名", max_length=40)
    unit = models.CharField("单位", max_length=100, blank=True)
    position = models.CharField("职务/岗位", max_length=60, blank=True)
    phone = models.CharField("电话", max_length=40, blank=True)
    photo = models.ImageField("照片", upload_to=staff_photo_path, blank=True)
    party_member = models.BooleanField("中共党员", default=False)
    category = models.CharField("人员类别", max_length=20, choices=StaffCategory.choices)
    centre = models.ForeignKey(
        ServiceCentre, verbose_name="便民服务中心", null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    window = models.ForeignKey(
        Window, verbose_name="窗口", null=True, blank=True, on_delete=models.SET_NULL, related_name="staff"
    )
    station = models.ForeignKey(
        Station, verbose_name="便民服务站", null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    backup = models.ForeignKey(
        "self", verbose_name="B岗（AB岗备岗人）", null=True, blank=True, on_delete=models.SET_NULL, related_name="backup_for"
    )
    active_from = models.DateField("在岗起始日期", null=True, blank=True)
    active_to = models.DateField("离岗日期", null=True, blank=True)
    revision = models.PositiveIntegerField("修订号", default=1)  # core.revisions: the edit form's stale check

    scope_region_lookups = ("centre__region__path", "station__region__path")
    scope_staff_lookup = "pk"

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            exactly_one_of("centre", "station", name="staff_on_exactly_one_post",
                           message="工作人员须属于一个便民服务中心或一个便民服务站（二者选一）"),
        ]
        verbose_name = verbose_name_plural = "工作人员"

    def __str__(self) -> str:
        return self.name

    @property
    def post_type(self) -> str:
        return PostType.CENTRE if self.centre_id else PostType.STATION

    def clean(self) -> None:
        errors = {}
        if bool(self.centre_id) == bool(self.station_id):
            errors["centre"] = "工作人员须属于一个便民服务中心或一个便民服务站（二者选一）"
        if self.window_id and self.window.centre_id != self.centre_id:
            errors["window"] = "窗口须属于该工作人员所在的便民服务中心"
        if self.backup_id and self.backup_id == self.pk:
            errors["backup"] = "B岗不能是本人"
        if self.active_from and self.active_to and self.active_to < self.active_from:
            errors["active_to"] = "离岗日期不能早于在岗起始日期"
        if errors:
            raise ValidationError(errors)
