from dataclasses import dataclass

import pytest

from matters.choices import ReferenceKind
from matters.models import Matter, ReferenceCatalogue
from tests.matters import factories as mf


@dataclass
class Catalogues:
    """A reference catalogue of 4 matters (3 required) and a village list of 2 (the two marked 可村级代办); county a's
    centre has stationed 2 required ones (published) and the optional one as a draft; its station proxies one
    matter."""

    centre_list: ReferenceCatalogue
    village_list: ReferenceCatalogue
    low: Matter  # 最低生活保障对象认定 — required, stationed at a, proxy-eligible
    pension: Matter  # 城乡居民基本养老保险参保登记 — required, stationed at a, proxy-eligible
    land: Matter  # 农村宅基地使用审批 — required, missing at a, not proxy-eligible
    advice: Matter  # 农业生产技术咨询 — optional, draft at a


@pytest.fixture
def catalogues(world):
    centre_list = mf.catalogue(ReferenceKind.CENTRE)
    village_list = mf.catalogue(ReferenceKind.STATION)
    low = mf.matter("SC-MZ-001", "最低生活保障对象认定", area="城乡低保", materials=("低保申请书", "居民身份证", "户口簿"),
                    proxy_eligible=True)
    pension = mf.matter("SC-RS-001", "城乡居民基本养老保险参保登记", area="社会保障", materials=("居民身份证", "户口簿"),
                        proxy_eligible=True)
    land = mf.matter("SC-ZR-001", "农村宅基地使用审批", area="农村建房", materials=("农村宅基地和建房（规划许可）申请表", "居民身份证"))
    advice = mf.matter("SC-ZC-005", "农业生产技术咨询", area="农业生产", materials=(), handling_type="immediate", promised_days=0)
    for m in (low, pension, land):
        mf.item(centre_list, m, required=True)
    mf.item(centre_list, advice, required=False)
    mf.item(village_list, low, required=False)
    mf.item(village_list, pension, required=False)
    centre = world.a.centre
    mf.entry(centre, low, window=world.a.window)
    mf.entry(centre, pension, window=world.a.window)
    mf.entry(centre, advice, published=False)
    mf.entry(world.a.station, low, mode="proxy")
    return Catalogues(centre_list, village_list, low, pension, land, advice)
