from django.db import models


class Category(models.TextChoices):
    """事项类别 (docs/domain.md §3)."""

    POWER = "power", "行政权力"
    PUBLIC = "public", "公共服务"
    CONVENIENCE = "convenience", "便民服务"


class HandlingType(models.TextChoices):
    """办件类型, which decides how the time limit runs (docs/domain.md §8, 街道提升年方案 附件5 限时办结制)."""

    IMMEDIATE = "immediate", "即办件"
    PROMISED = "promised", "承诺件"
    JOINT = "joint", "联办件"
    REPORTED = "reported", "上报件"


class Level(models.TextChoices):
    """行使层级: the level of government that holds the power."""

    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"
    TOWN = "town", "乡镇（街道）级"
    VILLAGE = "village", "村（社区）级"


class Mode(models.TextChoices):
    """How a stationed matter is handled at the centre or station (宝林镇方案 附件1 应进必进, note)."""

    ACCEPT = "accept", "受理"
    HANDLE = "handle", "办理"
    ENTRUSTED = "entrusted", "委托受理"
    AUTHORISED = "authorised", "授权办理"
    PROXY = "proxy", "帮办代办"


class MaterialForm(models.TextChoices):
    ORIGINAL = "original", "原件"
    COPY = "copy", "复印件"
    BOTH = "both", "原件及复印件"
    ELECTRONIC = "electronic", "电子材料"


class ReferenceKind(models.TextChoices):
    CENTRE = "centre", "进驻乡镇（街道）便民服务中心政务服务事项参考目录"
    STATION = "station", "村级代办事项参考目录"


class LifeKind(models.TextChoices):
    """Life services stationed in the hall (宝林镇方案 附件1 拓展便民服务范围: 水、电、气、电视、通信、金融、邮政快递)."""

    WATER = "water", "水"
    POWER = "power", "电"
    GAS = "gas", "气"
    TV = "tv", "电视"
    TELECOM = "telecom", "通信"
    FINANCE = "finance", "金融"
    POST = "post", "邮政快递"


class ChangeAction(models.TextChoices):
    ADD = "add", "新增"
    CHANGE = "change", "调整"
    REMOVE = "remove", "移除"
    PUBLISH = "publish", "发布"


class ChangeList(models.TextChoices):
    """Which catalogue a change belongs to."""

    REFERENCE = "reference", "参考目录"
    MATTER = "matter", "事项要素"
    CENTRE = "centre", "进驻事项目录"
    STATION = "station", "代办事项目录"
    ONE_THING = "one_thing", "一件事一次办"
    LIFE = "life", "生活服务"
