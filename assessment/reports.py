"""Reports as rows + context; the PDF and XLSX formatters in ``views`` only lay them out.

* ``score_sheet(evaluation)``: the official score sheet (评估内容 / 评估项目 / 评估标准 / 考核依据 / 得分 / 备注), one row
  per criterion with the rowspans of the seed's merged cells, the section subtotals and the total;
* ``guidance_sheet(record)``: 附件7 指导“三化”建设记录表;
* ``county_overview(user, county, …)``: every centre and station of a county with its latest self-assessment and
  inspection, the change since the inspection before, and the rubric's ranking rule applied
  (``scoring.rubric.apply_ranking``).

It stays one module though over 500 lines: the three reports share the score sheet's row model (sections, items,
criteria with their rowspans), the points formatting and the evidence and fact annotations, so splitting it would
split one layout across files.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from assessment import answers as A
from assessment import evidence as library_evidence
from assessment import selectors, sheets
from assessment.models import (
    Evaluation,
    EvaluationKind,
    EvaluationState,
    EvaluationSubject,
    GuidanceRecord,
    RubricVersion,
)
from assessment.rubrics import rubric_of
from centers.models import Region, ServiceCentre, Station
from core.access import user_role
from core.exports import export_name, zh_date
from core.roles import COUNTY
from core.xlsx import Sheet
from scoring.common import SIGNED_XLSX_FORMAT, fmt
from scoring.rubric import apply_ranking
from scoring.rubric.model import BONUS, DEDUCTION, VETO, code_order

SHEET_COLUMNS = ["评估内容", "评估项目", "评估标准", "考核依据", "得分", "备注"]


# --------------------------------------------------------------------------------------------- score sheet


@dataclass
class SheetRow:
    section: str
    section_rowspan: int  # 0: inside a merged cell
    item: str
    item_rowspan: int
    text: str
    basis: str
    score: str
    max: str
    note: str
    code: str
    documents: str = ""  # the item's library evidence titles (first row of the item), e.g. "培训记录（采信）"

    @property
    def remark(self) -> str:
        """The 备注 cell with the item's library evidence."""
        return "；".join(p for p in (self.note, f"佐证：{self.documents}" if self.documents else "") if p)


@dataclass
class ScoreSheet:
    evaluation: Evaluation
    title: str
    rows: list[SheetRow]
    sections: list[dict[str, str]]
    parts: list[dict[str, str]]
    total: str
    max: str
    band: str
    notes: list[str]
    context: dict[str, Any] = field(default_factory=dict)
    annex: list[dict[str, Any]] = field(default_factory=list)  # every library document the sheet cites


def _section_title(section) -> str:
    kind = {BONUS: "加分", DEDUCTION: "减分"}.get(section.role, "")
    points = "" if section.role == DEDUCTION else f"（{fmt(section.max)}分）"
    return section.title + (f"（{kind}）" if kind and kind not in section.title else "") + points


def sheet_filename(evaluation: Evaluation) -> str:
    """The score sheet's download name without extension: subject, kind, year, date evaluated."""
    return export_name(evaluation.subject_name, f"{evaluation.get_kind_display()}评分表", f"{evaluation.period}年度",
                       zh_date(evaluation.evaluated_on) if evaluation.evaluated_on else "")


def score_sheet(evaluation: Evaluation) -> ScoreSheet:
    rubric = rubric_of(evaluation.rubric)
    answers = A.from_storage(evaluation.answers)
    result, _ = sheets.score_lenient(rubric, answers)
    notes, reasons, evidence = selectors.evaluation_page(evaluation)
    rows: list[SheetRow] = []
    built = sheets.build(rubric, result=result, answers=answers, prefilled=A.from_storage(evaluation.prefilled),
                         facts=A.from_storage(evaluation.facts), notes=notes, reasons=reasons, evidence=evidence)
    documents = library_evidence.documents_on_form(evaluation, rubric)
    for section in built:
        s_span = sum(len(i.criteria) for i in section.items)
        first_in_section = True
        for item in section.items:
            first_in_item = True
            label = f"（{item.item.label}）" if item.item.label and not item.item.label.startswith(("(", "（")) \
                else (item.item.label or "")
            points = f"（{fmt(item.item.points)}分）"
            for row in item.criteria:
                remark = _remark(row)
                rows.append(SheetRow(
                    section=_section_title(section.section) if first_in_section else "",
                    section_rowspan=s_span if first_in_section else 0,
                    item=f"{label}{item.item.title}{points}" if first_in_item else "",
                    item_rowspan=len(item.criteria) if first_in_item else 0,
                    text=row.criterion.text, basis=row.basis,
                    score=_score_text(row.criterion, row.result), max=fmt(row.result.max) if row.result else "",
                    note=remark, code=row.code,
                    documents=_document_titles(documents.get(item.item.code, [])) if first_in_item else "",
                ))
                first_in_section = first_in_item = False
    sections = [{"code": s.code, "title": s.title, "score": fmt(s.score),
                 "max": "—" if s.role == DEDUCTION else fmt(s.max), "note": s.note} for s in result.sections]
    parts = [{"title": p.title, "score": fmt(p.score), "max": fmt(p.max)} for p in result.parts]
    context = {
        "subject": evaluation.subject_name,
        "subject_kind": evaluation.get_subject_kind_display(),
        "rubric": f"{evaluation.rubric.title}（第{evaluation.rubric.version}版）",
        "kind": evaluation.get_kind_display(),
        "period": evaluation.period,
        "date": evaluation.evaluated_on,
        "state": evaluation.get_state_display(),
        "finalised_at": evaluation.finalised_at,
        **signatures(evaluation),
        "remarks": evaluation.remarks,
        "corrects": evaluation.corrects_id,
        "generated": timezone.localtime(),
    }
    return ScoreSheet(
        evaluation=evaluation, title=rubric.title, rows=rows, sections=sections, parts=parts,
        total=fmt(result.total), max=fmt(result.max), band=result.band or "", notes=list(result.notes),
        context=context, annex=_annex(documents),
    )


def _document_titles(rows) -> str:
    return "；".join(f"{r.document.title}（{r.verdict_label}）" if r.verdict else r.document.title for r in rows)


def _annex(documents: dict[str, list]) -> list[dict[str, Any]]:
    """Every library document beside any item, once, with its date, kind, owner and the items it serves."""
    found: dict[int, dict[str, Any]] = {}
    for code, rows in documents.items():
        for r in rows:
            d = r.document
            entry = found.setdefault(d.pk, {
                "title": d.title, "kind": d.get_kind_display(), "issuer": d.issuer, "issued_on": d.issued_on,
                "date": d.issued_on.isoformat() if d.issued_on else "", "years": d.years_text,
                "file": d.original_name, "uploaded": timezone.localtime(d.uploaded_at).date().isoformat(),
                "items": []})
            entry["items"].append(code)
    rows = sorted(found.values(), key=lambda e: (e["issued_on"] is None, e["issued_on"] or date.min, e["title"]))
    for entry in rows:
        entry["items"] = "、".join(sorted(entry["items"], key=code_order))
    return rows


def _remark(row: sheets.CriterionRow) -> str:
    """The 备注 cell: everything the evaluation page shows beside a criterion — the engine's note, the inspector's
    note, for a computed criterion what the system computed and the reason it was changed, and the evidence count."""
    parts = [row.result.note if row.result else "", row.note]
    if row.computed:
        computed = f"系统计算：{row.fact_label} = {row.fact_value} → {row.prefill_text}"
        if row.overridden:
            computed += "（已修改）"
        parts.append(computed)
        if row.reason:
            parts.append(f"修改理由：{row.reason}")
    elif row.reason:
        parts.append(f"修改理由：{row.reason}")
    if row.evidence:
        parts.append(f"佐证材料 {len(row.evidence)} 份")
    return "；".join(p for p in parts if p)


def _score_text(criterion, result) -> str:
    """The 得分 cell. A veto criterion worth 0 points says whether it vetoed rather than printing a bare "0"."""
    if result is None:
        return ""
    if criterion.rule == VETO and criterion.points == 0:
        if not result.answered:
            return "未评"
        return "否决" if result.veto_failed else "未触及否决"
    return fmt(result.score)


UNIT_SIGNERS = {
    EvaluationSubject.CENTRE: "中心主任（签字）：",
    EvaluationSubject.STATION: "站长（签字）：",
    EvaluationSubject.WINDOW: "窗口负责人（签字）：",
}
INSPECTOR_SIGNER = "考核人员（签字）："
DIRECTOR_SIGNER = UNIT_SIGNERS[EvaluationSubject.CENTRE]


def signatures(evaluation: Evaluation) -> dict[str, Any]:
    """Who signs the score sheet, and the names printed beside the signature lines.

    The inspector line names the county inspector who made an inspection (its submitter, or on a draft its creator);
    on a self-assessment it stays blank unless a county inspector finalised it. The director line names the director
    who made a self-assessment; on an inspection it is left blank for the director's own hand. A station or window
    is signed by its own head (站长 / 窗口负责人, who has no account: a blank line); the centre director who filled in
    its self-assessment signs as well.
    """
    made_by = evaluation.submitted_by or evaluation.created_by
    if evaluation.is_self:
        director = made_by if made_by is not None and user_role(made_by) == "director" else None
        finaliser = evaluation.finalised_by
        inspector = finaliser if finaliser is not None and user_role(finaliser) in COUNTY else None
    else:
        director = None
        inspector = made_by if made_by is not None and user_role(made_by) in COUNTY else None
    inspector_name, director_name = _person(inspector), _person(director)
    lines = [{"label": INSPECTOR_SIGNER, "name": inspector_name}]
    if evaluation.subject_kind == EvaluationSubject.CENTRE:
        lines.append({"label": DIRECTOR_SIGNER, "name": director_name})
    else:
        lines.append({"label": UNIT_SIGNERS[evaluation.subject_kind], "name": ""})
        if director_name:
            lines.append({"label": DIRECTOR_SIGNER, "name": director_name})
    return {"inspector": inspector_name, "director": director_name, "signatures": lines}


def _person(user) -> str:
    return str(user) if user is not None else ""


def score_sheet_xlsx(sheet: ScoreSheet) -> list[Sheet]:
    """The score sheet as one worksheet: a title block (year a number, date a date, totals numbers), the column
    headings as the styled, frozen header, then the table, subtotals and signature lines."""
    c = sheet.context
    preamble: list[list[Any]] = [
        [sheet.title],
        ["考核对象", c["subject"], "考核细则", c["rubric"]],
        ["考核类型", c["kind"], "考核年度", c["period"], "考核日期", c["date"]],
        ["总分", Decimal(sheet.total), "满分", Decimal(sheet.max), "等次", sheet.band or "—"],
    ]
    rows: list[list[Any]] = []
    last_section = last_item = ""
    for r in sheet.rows:
        last_section = r.section or last_section
        last_item = r.item or last_item
        rows.append([r.code, last_section, last_item, r.text, r.basis, _num(r.score), _num(r.max), r.remark])
    for s in sheet.sections:
        rows.append(["", f"{s['title']} 小计", "", "", "", _num(s["score"]), _num(s["max"]), s["note"]])
    for p in sheet.parts:
        rows.append(["", p["title"], "", "", "", _num(p["score"]), _num(p["max"]), ""])
    rows.append(["", "总分", "", "", "", _num(sheet.total), _num(sheet.max), "；".join([sheet.band, *sheet.notes])])
    rows.append([])
    for line in c["signatures"]:
        rows.append(["", line["label"], line["name"], "日期：　　　　年　　月　　日"])
    main = Sheet(title="评分表", preamble=preamble, header=["编号", *SHEET_COLUMNS[:4], "得分", "满分", "备注"],
                 rows=rows, widths=[8, 16, 20, 60, 20, 8, 8, 40])
    if not sheet.annex:
        return [main]
    annex = Sheet(title="佐证资料", preamble=[[f"{sheet.title} 附：佐证资料清单"]],
                  header=["序号", "资料标题", "类别", "发文单位", "发文日期", "适用年度", "佐证项目"],
                  rows=[[n, a["title"], a["kind"], a["issuer"], a["issued_on"], a["years"], a["items"]]
                        for n, a in enumerate(sheet.annex, 1)],
                  widths=[6, 50, 12, 20, 12, 14, 20])
    return [main, annex]


def _num(text: str) -> Decimal | str:
    try:
        return Decimal(text)
    except (ArithmeticError, ValueError, TypeError):
        return text


# ------------------------------------------------------------------------------------------ guidance record


def guidance_sheet(record: GuidanceRecord) -> dict[str, Any]:
    items = list(record.items.select_related("reported_by", "closed_by").order_by("pk"))
    return {"record": record, "items": items, "participants": record.participant_lines,
            "title": f"{record.centre.region.name}指导“三化”建设记录表"}


# ------------------------------------------------------------------------------------------- county overview


@dataclass
class CountyRow:
    key: str
    kind: str  # centre / station
    kind_label: str
    name: str
    town: str
    town_id: int
    subject_id: int
    self_eval: Evaluation | None = None
    inspection: Evaluation | None = None
    previous: Evaluation | None = None
    rank: int | None = None
    ranked_band: str = ""
    excellent: bool = False
    rank_note: str = ""
    rank_scope: str = ""  # "2025年 <rubric title>": subjects are ranked within one rubric and one year
    rank_period: int | None = None

    @property
    def self_total(self) -> Decimal | None:
        return self.self_eval.total if self.self_eval else None

    @property
    def inspection_total(self) -> Decimal | None:
        return self.inspection.total if self.inspection else None

    @property
    def change(self) -> Decimal | None:
        return _difference(self.inspection, self.previous)

    @property
    def band(self) -> str:
        return self.ranked_band or (self.inspection.band if self.inspection else "")

    @property
    def gap(self) -> Decimal | None:
        """自评分 − 考核分: how far the self-assessment overrated (positive) or underrated the centre."""
        return _difference(self.self_eval, self.inspection)


def _difference(first: Evaluation | None, second: Evaluation | None) -> Decimal | None:
    """``first``'s total less ``second``'s; None unless both exist and were scored on the same rubric (totals of
    two rubrics do not compare)."""
    if first is None or second is None or first.rubric.code != second.rubric.code:
        return None
    return first.total - second.total


def county_overview(user, county: Region) -> list[CountyRow]:
    """Every centre and station of ``county`` (in the user's scope) with their latest finalised evaluations.

    A fixed number of queries whatever the number of subjects and evaluations.
    """
    centres = list(ServiceCentre.objects.visible_to(user).filter(region__parent=county)
                   .select_related("region").order_by("region__path"))
    stations = list(Station.objects.visible_to(user).filter(centre__region__parent=county)
                    .select_related("region", "region__parent").order_by("region__path"))
    rows: dict[str, CountyRow] = {}
    for c in centres:
        rows[f"centre:{c.pk}"] = CountyRow(f"centre:{c.pk}", "centre", "中心", c.name, c.region.name, c.region_id,
                                           c.pk)
    for s in stations:
        rows[f"station:{s.pk}"] = CountyRow(f"station:{s.pk}", "station", "站", s.name, s.region.parent.name,
                                            s.region.parent_id, s.pk)
    finalised = selectors.not_superseded(
        selectors.evaluation_list(user).filter(
            centre__region__parent=county, state=EvaluationState.FINALISED,
            subject_kind__in=(EvaluationSubject.CENTRE, EvaluationSubject.STATION))
    ).order_by("-period", "-evaluated_on", "-finalised_at", "-pk")
    for e in finalised:
        key = f"station:{e.station_id}" if e.station_id else f"centre:{e.centre_id}"
        row = rows.get(key)
        if row is None:
            continue
        if e.kind == EvaluationKind.SELF:
            row.self_eval = row.self_eval or e
        elif row.inspection is None:
            row.inspection = e
        elif row.previous is None:
            row.previous = e
    result = list(rows.values())
    _rank(result, county)
    return result


def _rank(rows: list[CountyRow], county: Region) -> None:
    """Rank subjects inspected with the same rubric code in the same year (a 2025 acceptance is not ranked against
    2026 spot checks); apply the rubric's ranking rule when it has one."""
    groups: dict[tuple[str, int], list[CountyRow]] = defaultdict(list)
    for row in rows:
        if row.inspection is not None:
            groups[(row.inspection.rubric.code, row.inspection.period)].append(row)
    if not groups:
        return
    newest: dict[tuple[str, int], int] = {}
    for key, members in groups.items():
        newest[key] = max(members, key=lambda r: r.inspection.rubric.version).inspection.rubric_id
    versions = {v.pk: v for v in RubricVersion.objects.filter(pk__in=newest.values())}
    names = _ancestor_names(county)
    for (code, period), members in sorted(groups.items()):
        rubric = rubric_of(versions[newest[(code, period)]])
        scope = f"{period}年 {rubric.title}"
        for r in members:
            r.rank_period = period
        rule = rubric.ranking
        if rule is None:
            _plain_rank(members, scope)
            continue
        group = None
        if rule.groups:
            group = next((g for g in (rule.group_of(n) for n in names) if g), None)
            if group is None:
                _plain_rank(members, scope, f"本县不在“{rubric.title}”排名规则的{rule.within or '分组'}中，"
                                            f"只按总分排序")
                continue
        ranked = apply_ranking(rubric, [
            (r.key, group, r.inspection.total, r.inspection.band or None, not r.inspection.excellence_barred)
            for r in members])
        for r, outcome in zip(members, ranked, strict=True):
            r.rank, r.excellent, r.rank_note, r.rank_scope = outcome.rank, outcome.excellent, outcome.note, scope
            r.ranked_band = outcome.band or ""


def _plain_rank(members: list[CountyRow], scope: str, note: str = "") -> None:
    for r in members:
        r.rank = 1 + sum(1 for o in members if o.inspection.total > r.inspection.total)
        r.rank_scope = scope
        r.rank_note = note


def _ancestor_names(region: Region) -> list[str]:
    names = []
    node = region
    while node is not None:
        names.append(node.name)
        node = node.parent
    return names


SORTS = {
    "name": lambda r: (r.town, r.kind != "centre", r.name),
    "self": lambda r: r.self_total,
    "inspection": lambda r: r.inspection_total,
    "change": lambda r: r.change,
    "rank": lambda r: (r.rank_scope, r.rank) if r.rank is not None else None,
}


def filter_and_sort(rows: list[CountyRow], params, town: int | None = None) -> list[CountyRow]:
    """Filters ``type``, ``town`` (an id, read by the view with ``core.params.id_param``), ``band`` (``-``: none),
    ``q``; ``sort`` = a SORTS key, ``-key`` descending. Subjects without the sorted value always come last."""
    kind = params.get("type") or ""
    band = params.get("band") or ""
    q = (params.get("q") or "").strip()[:40]
    if kind in ("centre", "station"):
        rows = [r for r in rows if r.kind == kind]
    if town is not None:
        rows = [r for r in rows if r.town_id == town]
    if band == "-":
        rows = [r for r in rows if not r.band]
    elif band:
        rows = [r for r in rows if r.band == band]
    if q:
        rows = [r for r in rows if q in r.name or q in r.town]
    sort = params.get("sort") or "name"
    key = SORTS.get(sort.lstrip("-"), SORTS["name"])
    present = sorted((r for r in rows if key(r) is not None), key=key, reverse=sort.startswith("-"))
    return present + [r for r in rows if key(r) is None]


def county_xlsx(county: Region, rows: list[CountyRow], today: date) -> list[Sheet]:
    header = [
        [f"{county.name}便民服务中心（站）考核排名（{today:%Y-%m-%d}）"],
        ["类型", "名称", "镇/街道", "自评分", "自查年度", "考核分", "考核类型", "考核年度", "考核细则", "等次", "较上次",
         "排名", "排名说明", "排名范围"],
    ]
    out = []
    for r in rows:
        i = r.inspection
        out.append([
            r.kind_label, r.name, r.town, r.self_total, r.self_eval.period if r.self_eval else None,
            r.inspection_total, i.get_kind_display() if i else "", i.period if i else None,
            f"{i.rubric.title}（第{i.rubric.version}版）" if i else "", r.band, r.change, r.rank, r.rank_note,
            r.rank_scope if r.rank is not None else "",
        ])
    change = header[1].index("较上次")
    return [Sheet(title="考核排名", header=header, rows=out,
                  widths=[6, 30, 12, 8, 8, 8, 8, 8, 22, 10, 8, 6, 50, 30],
                  number_formats=[SIGNED_XLSX_FORMAT if i == change else None for i in range(len(header[1]))])]


def chart_data(rows: list[CountyRow]) -> dict[str, Any]:
    """The county ranking chart: subjects with an inspection score, highest first."""
    scored = sorted((r for r in rows if r.inspection is not None), key=lambda r: -r.inspection.total)
    return {
        "labels": [r.name for r in scored],
        "inspection": [float(r.inspection.total) for r in scored],
        "self": [float(r.self_total) if r.gap is not None else None for r in scored],
        "max": [float(r.inspection.max_total) for r in scored],
    }


def section_chart(evaluation: Evaluation) -> dict[str, Any]:
    """One evaluation's chart: each section's score against its maximum (from the stored engine result)."""
    sections = (evaluation.result or {}).get("sections", [])
    return {
        "labels": [s["title"] for s in sections],
        "score": [float(Decimal(s["score"])) for s in sections],
        "max": [float(Decimal(s["max"])) for s in sections],
    }
