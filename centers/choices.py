from django.db import models


class RegionLevel(models.TextChoices):
    CITY = "city", "市"
    COUNTY = "county", "县/区"
    TOWN = "town", "镇/街道"
    VILLAGE = "village", "村/社区"


# The level a child must have, given its parent's level.
CHILD_LEVEL = {
    None: RegionLevel.CITY,
    RegionLevel.CITY: RegionLevel.COUNTY,
    RegionLevel.COUNTY: RegionLevel.TOWN,
    RegionLevel.TOWN: RegionLevel.VILLAGE,
}


class WindowKind(models.TextChoices):
    COMPREHENSIVE = "comprehensive", "综合窗口"
    SPECIALISED = "specialised", "专业窗口"
    CANNOT_DO = "cannot_do", "办不成事反映窗口"


class StaffCategory(models.TextChoices):
    """Employment category (docs/domain.md §2); it decides the grade labels (附件6)."""

    CIVIL_SERVANT = "公务员编制", "公务员编制"
    INSTITUTION = "事业单位编制", "事业单位编制"
    TEMPORARY = "临时聘用", "临时聘用"
    VILLAGE_AGENT = "村(社区)代办人", "村(社区)代办人"


class PostType(models.TextChoices):
    """Which staff scheme applies: centre window staff (宝林镇方案 附件3) or station staff (附件4)."""

    CENTRE = "centre", "中心窗口工作人员"
    STATION = "station", "便民服务站工作人员"
