"""Built-in references of the library (issue #16 item 2).

- The service language standard (宝林镇方案 附件8), read from ``library/data/service_language.yaml``.
- The official texts the rubrics cite by name: library entries of kind 上级文件 with no owner and no file, which any
  centre or station may tag as evidence without uploading (``OFFICIAL_TEXTS``; ``services.ensure_builtins``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Situation:
    situation: str
    polite: tuple[str, ...]
    taboo: tuple[str, ...]


@dataclass(frozen=True)
class LanguageStandard:
    title: str
    source: str
    situations: tuple[Situation, ...]


@cache
def service_language() -> LanguageStandard:
    raw = yaml.safe_load((DATA / "service_language.yaml").read_text(encoding="utf-8"))
    return LanguageStandard(
        title=raw["title"], source=raw["source"],
        situations=tuple(Situation(row["situation"], tuple(row["polite"]), tuple(row["taboo"] or ()))
                         for row in raw["situations"]))


@dataclass(frozen=True)
class OfficialText:
    key: str  # builtin_key: stable, so loading again updates the entry instead of adding one
    title: str
    number: str  # 文号 or standard number, as the rubric cites it
    issuer: str
    year: int | None  # the year it was issued, where the citation gives it
    cited_by: str  # where a rubric cites it (short name and place, docs/domain.md §10)


OFFICIAL_TEXTS: tuple[OfficialText, ...] = (
    OfficialText("gf-2022-5", "国务院关于加快推进政务服务标准化规范化便利化的指导意见", "国发〔2022〕5号", "国务院", 2022,
                 "宝林镇方案 附件1 组织领导·贯彻落实文件要求；场地建设·外部标识"),
    OfficialText("gwyl-722", "优化营商环境条例", "国务院令第722号", "国务院", 2019,
                 "宝林镇方案 附件1 组织领导·贯彻落实文件要求"),
    OfficialText("zwfw-online-offline", "全国一体化政务服务平台线上线下融合工作指南", "", "", None,
                 "宝林镇方案 附件1 组织领导·贯彻落实文件要求"),
    OfficialText("emergency-law", "中华人民共和国突发事件应对法", "", "全国人民代表大会常务委员会", None,
                 "宝林镇方案 附件1 统一规范·规范场所管理"),
    OfficialText("archives-law-rules", "中华人民共和国档案法实施办法", "", "", None,
                 "宝林镇方案 附件1 统一规范·规范场所管理"),
    OfficialText("db51-1174", "四川省地方标准政务服务中心基础设施建设规范", "DB51/T 1174—2010", "", 2010,
                 "眉山意见 附件1"),
    OfficialText("db51-1322", "四川省地方标准政务服务中心电子政务大厅建设规范", "DB51/T 1322—2011", "", 2011,
                 "眉山意见 附件1 第31项"),
    OfficialText("spgbf-4", "关于推进行政许可标准化的通知", "审改办发〔20xx〕4号", "", None, "剑阁细则 二(一)1(3)"),
    OfficialText("cfzgh-2", "四川省人民政府政务服务管理办公室关于深入推进村(社区)便民服务室(代办站、代办点)建设的通知",
                 "川府政管函〔20xx〕2号", "四川省人民政府政务服务管理办公室", None, "剑阁细则 二(二)1(1)"),
    OfficialText("service-language", "宝林镇镇村(社区)便民服务平台沟通语言标准", "宝林镇方案 附件8", "宝林镇人民政府", 2023,
                 "宝林镇方案 附件3、附件4（使用文明用语）"),
)
