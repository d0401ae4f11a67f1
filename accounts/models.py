"""Accounts: one role per user, tied to the region, centre or staff record that gives its scope (D14)."""

from axes.models import AccessAttempt
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, gettext_lazy

from centers.choices import RegionLevel
from core.roles import Role


class User(AbstractUser):
    """A person who logs in. ``role`` decides the home page and navigation; the tie decides the scope:

    inspector → ``region`` (a county), supervisor → ``region`` (a city, or the province at the root of the tree),
    director → ``centre``, staff → ``staff`` (their own record).
    """

    role = models.CharField("角色", max_length=12, choices=Role.choices, blank=True)
    display_name = models.CharField("姓名", max_length=40, blank=True)
    region = models.ForeignKey(
        "centers.Region", verbose_name="所辖区划", null=True, blank=True, on_delete=models.PROTECT,
        related_name="inspectors", limit_choices_to={"level__in": [RegionLevel.COUNTY, RegionLevel.CITY]},
        help_text="考核人员为县/区，上级监管人员为市（省）",
    )
    centre = models.ForeignKey(
        "centers.ServiceCentre", verbose_name="所在便民服务中心", null=True, blank=True, on_delete=models.PROTECT,
        related_name="directors",
    )
    staff = models.OneToOneField(
        "centers.Staff", verbose_name=gettext_lazy("对应工作人员"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="account",
    )

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username

    def clean(self) -> None:
        super().clean()
        required = {Role.INSPECTOR: "region", Role.SUPERVISOR: "region", Role.DIRECTOR: "centre",
                    Role.STAFF: "staff"}.get(self.role)
        if required and not getattr(self, f"{required}_id"):
            raise ValidationError({required: gettext("角色为「%(role)s」时必须填写此项") % {"role": self.get_role_display()}})
        if self.role == Role.INSPECTOR and self.region_id and self.region.level != RegionLevel.COUNTY:
            raise ValidationError({"region": gettext("考核人员应关联到县/区")})
        if self.role == Role.SUPERVISOR and self.region_id and self.region.level != RegionLevel.CITY:
            raise ValidationError({"region": gettext("上级监管人员应关联到市（省）")})

    @property
    def is_admin_role(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN


class LoginLock(AccessAttempt):
    """django-axes' record of failed logins per username and address, under a Chinese name for the admin menu
    (axes' own admin is English and turned off: ``AXES_ENABLE_ADMIN = False``). Deleting a record lifts the lock."""

    class Meta:
        proxy = True
        verbose_name = verbose_name_plural = "登录失败与锁定记录"
