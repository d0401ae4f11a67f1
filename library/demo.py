"""The demo county's library for ``seed_demo``: each centre and station gets the documents a real one keeps
(regulations, the work plan, the emergency plan, meeting minutes, training records of two years, photos of its
notice boards, ledgers), tagged to the items of the demonstration-centre and -station rubrics they prove, one
regulation superseded by a newer version, and the built-in 上级文件 tagged where the rubric cites them.

Fast on purpose (the suite seeds the demo in several tests): the PDFs are rendered once per process in a single
WeasyPrint layout, one page per document type (``core.pdf.render_pdf_pages``); the thumbnails are rendered once per page; the photos
are drawn once with Pillow; every upload then reuses those bytes. Uploads and tags go through the services (audited).
Running it again keeps the data (a county whose centres already have documents is left alone).
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import date
from functools import cache

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from centers.demo import DemoCounty
from library import keys, previews, services
from library.models import Document, DocumentKind

# The pages rendered once: (page key, heading, body paragraphs). The text is generic ("本中心"), so one file serves
# every centre; the document's title in the library names the centre.
PAGES = {
    "rules": ("便民服务中心窗口工作制度", [
        "第一条 为规范窗口服务行为，提高办事效率，根据镇村便民服务体系标准化建设要求，制定本制度。",
        "第二条 窗口工作人员实行首问负责、一次性告知、限时办结、AB岗工作制度。",
        "第三条 工作人员上岗须佩戴工作牌，使用普通话和文明用语，不得擅离岗位。",
        "第四条 本制度自印发之日起施行。"]),
    "plan": ("镇村便民服务体系“三化”建设实施方案", [
        "一、成立镇村便民服务体系建设专项工作领导小组，镇长任组长，分管领导任副组长，指定专人负责。",
        "二、建设目标：中心规范化、站点标准化、服务便利化。",
        "三、工作步骤：动员部署、组织实施、检查验收三个阶段。",
        "四、保障措施：落实经费，纳入年度目标考核。"]),
    "emergency": ("便民服务中心突发事件应急处置预案", [
        "一、适用范围：服务大厅发生火灾、停电、网络中断、群体性事件及人员突发疾病等情形。",
        "二、组织机构：中心主任任应急处置小组组长，各窗口负责人为成员。",
        "三、处置程序：发现报告、先期处置、疏散引导、善后处理。",
        "四、每年至少组织一次应急演练，并做好记录。"]),
    "minutes": ("便民服务体系建设领导小组会议纪要", [
        "会议时间：上午九时；地点：镇政府三楼会议室；主持：镇长。",
        "会议传达学习了国务院关于加快推进政务服务标准化规范化便利化的指导意见。",
        "会议研究了便民服务中心窗口设置、事项进驻和人员配备等事项，明确了责任分工和完成时限。"]),
    "training": ("窗口工作人员业务培训记录", [
        "培训内容：政务服务事项办理流程、一次性告知、好差评制度、文明用语与服务礼仪。",
        "参训人员：中心全体窗口工作人员、各村（社区）代办员。",
        "培训方式：集中授课、案例讲解、现场演练。签到表附后。"]),
    "ledger": ("代办事项办理台账", [
        "序号　事项名称　申请人　受理日期　办结日期　代办员",
        "1　城乡居民基本医疗保险参保登记　张某　3月2日　3月2日　李某",
        "2　高龄津贴申领　王某　3月5日　3月9日　李某",
        "3　残疾人两项补贴申请　刘某　3月12日　3月18日　陈某"]),
    "station_rules": ("便民服务站代办制度", [
        "第一条 代办员为群众提供政务服务事项咨询、代办、帮办服务。",
        "第二条 代办实行登记、受理、办理、回复全程记录，办结后及时告知群众。",
        "第三条 代办员上岗须亮明身份，使用文明用语。"]),
}

PHOTOS = {"board": ("服务事项公示栏", (46, 110, 180)), "hall": ("服务大厅", (60, 140, 90))}


@cache
def pdf_pages() -> dict[str, bytes]:
    """One PDF per page key, from a single WeasyPrint layout (fonts load once)."""
    from core.pdf import render_pdf_pages

    body = "".join(
        f'<section style="break-after: page"><h1>{heading}</h1>{"".join(f"<p>{p}</p>" for p in paragraphs)}'
        f'<p style="margin-top: 20mm; text-align: right">（演示资料）</p></section>'
        for heading, paragraphs in PAGES.values())
    pages = render_pdf_pages(f'<html lang="zh-hans"><body>{body}</body></html>')
    return dict(zip(PAGES, pages, strict=False))


@cache
def pdf_preview(key: str) -> bytes:
    return previews.pdf_first_page(pdf_pages()[key]) or b""


@cache
def photo(key: str) -> bytes:
    """A JPEG 'photo' of a notice board or the hall: a coloured board with its caption (drawn with Pillow)."""
    from PIL import Image, ImageDraw, ImageFont

    from core.pdf import COMMON_FONT

    caption, colour = PHOTOS[key]
    image = Image.new("RGB", (640, 420), (226, 222, 214))
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 50, 580, 340), fill=colour, outline=(40, 40, 40), width=6)
    for row in range(5):
        draw.rectangle((90, 120 + row * 40, 550, 135 + row * 40), fill=(240, 240, 240))
    try:
        font = ImageFont.truetype(str(COMMON_FONT), 36)
        draw.text((90, 64), caption, fill=(255, 255, 255), font=font)
    except OSError:
        pass
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


@cache
def photo_preview(key: str) -> bytes:
    return previews.image_thumbnail(photo(key)) or b""


@dataclass(frozen=True)
class Planned:
    title: str
    kind: str
    page: str  # a PAGES key, or "photo:<PHOTOS key>"
    items: tuple[str, ...]  # positions in the rubric in force ("5.2")
    year_from: int | None
    year_to: int | None = None
    issued: date | None = None


def _file(page: str) -> tuple[str, bytes, bytes]:
    if page.startswith("photo:"):
        key = page.split(":", 1)[1]
        return f"{PHOTOS[key][0]}.jpg", photo(key), photo_preview(key)
    return f"{PAGES[page][0]}.pdf", pdf_pages()[page], pdf_preview(page)


def centre_plan(centre, year: int) -> list[Planned]:
    town = centre.region.name
    last = year - 1
    return [
        Planned(f"{town}镇村便民服务体系“三化”建设实施方案", DocumentKind.PLAN, "plan", ("1.1", "1.2"), last,
                issued=date(last, 3, 6)),
        Planned(f"{centre.name}突发事件应急处置预案", DocumentKind.CONTINGENCY, "emergency", ("6.4",), last,
                issued=date(last, 4, 18)),
        Planned(f"{town}便民服务体系建设领导小组会议纪要（{last}年第1次）", DocumentKind.MINUTES, "minutes",
                ("1.1", "1.3"), last, last, date(last, 3, 20)),
        Planned(f"{town}便民服务体系建设领导小组会议纪要（{year}年第1次）", DocumentKind.MINUTES, "minutes",
                ("1.3",), year, year, date(year, 2, 27)),
        Planned(f"{last}年窗口工作人员业务培训记录", DocumentKind.TRAINING, "training", ("5.2",), last, last,
                date(last, 6, 12)),
        Planned(f"{year}年窗口工作人员业务培训记录", DocumentKind.TRAINING, "training", ("5.2",), year, year,
                date(year, 5, 15)),
        Planned(f"{centre.name}服务事项公示栏照片", DocumentKind.NOTICE_PHOTO, "photo:board", ("4.1", "4.2"), last,
                issued=date(last, 9, 1)),
        Planned(f"{centre.name}服务大厅照片", DocumentKind.NOTICE_PHOTO, "photo:hall", ("2.4",), last,
                issued=date(last, 9, 1)),
        Planned(f"{year}年代办事项办理台账", DocumentKind.LEDGER, "ledger", ("3.5",), year, year, date(year, 4, 1)),
    ]


def station_plan(station, year: int) -> list[Planned]:
    last = year - 1
    return [
        Planned(f"{station.name}代办制度", DocumentKind.REGULATION, "station_rules", ("4.3", "5.1"), last,
                issued=date(last, 5, 8)),
        Planned(f"{year}年{station.region.name}代办员培训记录", DocumentKind.TRAINING, "training", ("4.2",), year,
                year, date(year, 5, 16)),
        Planned(f"{station.name}公示栏照片", DocumentKind.NOTICE_PHOTO, "photo:board", ("3.1", "3.2"), last,
                issued=date(last, 9, 3)),
    ]


BUILTIN_TAGS = {"gf-2022-5": ("1.3",), "gwyl-722": ("1.3",), "emergency-law": ("6.4",), "archives-law-rules": ("6.4",)}


def _director(centre, first):
    from accounts.demo import _account
    from accounts.models import Role

    username = "director" if centre.pk == first.pk else f"director-{centre.region.code}"
    return _account(username, f"{centre.region.name}中心主任", Role.DIRECTOR, centre=centre)


def _positions(subject) -> dict[str, str]:
    """Position code in the demonstration rubric in force → stable key ({} when that rubric is not loaded)."""
    from library import catalogue

    wanted = "baolin-station" if catalogue.subject_kind(subject) == "station" else "baolin-centre"
    return {c.code: c.key for c in catalogue.items_for(subject) if keys.rubric_code_of(c.key) == wanted}


def _add(actor, owner, plan: Planned, supersedes=None) -> Document:
    name, data, preview = _file(plan.page)
    document = services.upload_document(
        actor=actor, owner=owner, title=plan.title, kind=plan.kind, upload=SimpleUploadedFile(name, data),
        issuer=f"{owner.name}" if plan.kind != DocumentKind.PLAN else f"{owner.region.name}人民政府",
        issued_on=plan.issued, year_from=plan.year_from, year_to=plan.year_to, supersedes=supersedes,
        preview=preview)
    return document


def _tags(plan: Planned, document: Document, positions: dict[str, str]) -> list[tuple[Document, str]]:
    return [(document, positions[p]) for p in plan.items if p in positions]


@transaction.atomic
def seed(counties: list[DemoCounty], rng: random.Random) -> None:
    services.ensure_builtins()
    main = counties[0]
    if Document.objects.filter(centre__in=main.centres).exists():
        return
    year = timezone.localdate().year
    first = main.centres[0]
    builtins = {d.builtin_key: d for d in Document.objects.filter(builtin_key__in=BUILTIN_TAGS)}
    for centre in main.centres:
        actor = _director(centre, first)
        positions = _positions(centre)
        rules = Planned(f"{centre.name}窗口工作制度（{year - 2}年版）", DocumentKind.REGULATION, "rules", ("5.3", "6.1"),
                        year - 2, issued=date(year - 2, 3, 1))
        old_rules = _add(actor, centre, rules)
        services.tag_documents(actor=actor, subject=centre, pairs=_tags(rules, old_rules, positions))
        _add(actor, centre, Planned(f"{centre.name}窗口工作制度（{year - 1}年修订）", DocumentKind.REGULATION,
                                    "rules", (), year - 1, issued=date(year - 1, 2, 20)), supersedes=old_rules)  # a new version carries the old one's tags
        pairs = [pair for plan in centre_plan(centre, year)
                 for pair in _tags(plan, _add(actor, centre, plan), positions)]
        pairs += [(builtins[key], positions[p]) for key, places in BUILTIN_TAGS.items() for p in places
                  if key in builtins and p in positions]
        services.tag_documents(actor=actor, subject=centre, pairs=pairs)
        for station in [s for s in main.stations if s.centre_id == centre.pk]:
            station_positions = _positions(station)
            pairs = [pair for plan in station_plan(station, year)
                     for pair in _tags(plan, _add(actor, station, plan), station_positions)]
            services.tag_documents(actor=actor, subject=station, pairs=pairs)
