"""Every download is named ``<unit>-<what>-<period in Chinese>.<ext>`` and sent as an attachment with an ASCII
``filename`` and the Chinese name as RFC 6266 ``filename*``."""

from urllib.parse import unquote

import pytest
from django.utils import timezone

from core.exports import ascii_fallback, attachment_header, export_name

pytestmark = pytest.mark.django_db


def download_name(response) -> str:
    header = response["Content-Disposition"]
    assert header.startswith("attachment; "), header
    assert header.isascii(), header
    fallback = header.split('filename="', 1)[1].split('"', 1)[0]
    assert fallback.isascii() and fallback, header
    encoded = header.split("filename*=UTF-8''", 1)[1]
    return unquote(encoded)


def test_the_header_carries_an_ascii_fallback_and_the_chinese_name():
    name = export_name("宝林镇便民服务中心", "工作人员考评", "2026年12月", ext="pdf")
    assert name == "宝林镇便民服务中心-工作人员考评-2026年12月.pdf"
    header = attachment_header(name)
    assert header == ("attachment; filename=\"2026-12.pdf\"; filename*=UTF-8''"
                      "%E5%AE%9D%E6%9E%97%E9%95%87%E4%BE%BF%E6%B0%91%E6%9C%8D%E5%8A%A1%E4%B8%AD%E5%BF%83-"
                      "%E5%B7%A5%E4%BD%9C%E4%BA%BA%E5%91%98%E8%80%83%E8%AF%84-2026%E5%B9%B412%E6%9C%88.pdf")
    assert ascii_fallback("好差评.xlsx") == "download.xlsx"
    assert export_name('a/b:"c"', "", None, "d", ext="xlsx") == "a b c-d.xlsx"


def test_the_staff_board_and_annual_exports_are_named_after_centre_and_period(world, login):
    client = login(world.a.director)
    base = f"/scores/centres/{world.a.centre.pk}"
    centre = world.a.centre.name
    assert download_name(client.get(f"{base}/report.xlsx?period=2026-12")) == f"{centre}-工作人员考评-2026年12月.xlsx"
    assert download_name(client.get(f"{base}/report.pdf?period=2026-Q3")) == f"{centre}-工作人员考评-2026年第3季度.pdf"
    assert download_name(client.get(f"{base}/report.xlsx?period=2025")) == f"{centre}-工作人员年度考评汇总-2025年度.xlsx"
    assert download_name(client.get(f"{base}/import/template.xlsx")) == f"{centre}-扣分加分导入模板.xlsx"


def test_the_roster_ratings_and_catalogue_exports_are_named_in_chinese(world, login):
    client = login(world.a.director)
    centre = world.a.centre.name
    today = timezone.localdate()
    day = f"{today.year}年{today.month}月{today.day}日"
    assert download_name(client.get(f"/centres/{world.a.centre.pk}/roster.xlsx")) == f"{centre}-工作人员花名册-{day}.xlsx"
    assert download_name(client.get("/feedback/ratings.xlsx")) == f"{centre}-好差评记录-{day}.xlsx"
    assert download_name(client.get(f"/matters/centres/{world.a.centre.pk}/catalogue.xlsx")) == \
        f"{centre}-事项目录-{day}.xlsx"
    assert download_name(client.get(f"/matters/centres/{world.a.centre.pk}/changes.xlsx")) == \
        f"{centre}事项动态调整记录-{day}.xlsx"
    assert download_name(client.get("/matters/template.xlsx?for=station")) == "便民服务站事项目录-导入模板.xlsx"


def test_the_red_flag_report_and_the_notice_are_named_in_chinese(world, login):
    from tests.feedback import factories as fb
    from tests.redflags.factories import ensure_scheme

    ensure_scheme()
    client = login(world.a.director)
    centre = world.a.centre.name
    assert download_name(client.get(f"/redflags/centres/{world.a.centre.pk}/2026/11/report.xlsx")).startswith(
        f"{centre}-窗口服务考核通报-2026年11月")
    notice = fb.notice(world.a)
    assert download_name(client.get(f"/feedback/notices/{notice.pk}/notice.pdf")) == \
        f"{centre}-容缺受理告知书-{notice.issued_on.year}年{notice.issued_on.month}月{notice.issued_on.day}日-第{notice.pk}号.pdf"
