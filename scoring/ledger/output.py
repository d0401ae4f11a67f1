"""A ``PeriodResult`` as JSON-ready data (numbers as decimal strings) or as a Chinese plain-text report."""

from __future__ import annotations

from typing import Any

from scoring.common import fmt

from .results import PeriodResult


def result_to_json(result: PeriodResult) -> dict[str, Any]:
    """JSON-ready dict: the public output of ``score_ledger`` (docs/schemes.md). Numbers are decimal strings."""
    data: dict[str, Any] = {
        "scheme": result.scheme.code,
        "version": result.scheme.version,
        "period": result.period.label,
        "category": result.category,
        "score": fmt(result.score),
        "deductions": fmt(result.deductions),
        "bonus": fmt(result.bonus),
        "grade": result.grade,
        "grade_note": result.grade_note,
        "flags": list(result.flag_texts),
        "flag_details": [
            {"flag": f.text, "rule": f.rule, "date": f.date.isoformat(), "why": f.why} for f in result.flags
        ],
        "events": [
            {
                "index": line.index,
                "id": line.event.id if line.event is not None else None,
                "date": line.date.isoformat() if line.date else None,
                "credited": line.credited.isoformat() if line.credited and line.credited != line.date else None,
                "rule": line.rule,
                "kind": line.kind,
                "counted": fmt(line.counted),
                "capped": fmt(line.capped),
                "why": line.why,
            }
            for line in result.lines
        ],
    }
    if any(c.max is not None for c in result.categories):
        data["categories"] = [
            {"code": c.code, "title": c.title, "score": fmt(c.score), "max": fmt(c.max)}  # type: ignore[arg-type]
            for c in result.categories
            if c.max is not None
        ]
    if result.scheme.subject == "window" or any(c.blocks_red_flag for c in result.scheme.consequences.values()):
        data["eligible_red_flag"] = result.eligible_red_flag
    return data


def result_to_text(result: PeriodResult) -> str:
    """A plain-text report in Chinese, for the terminal and for logs."""
    s = result.scheme
    out = [
        f"{s.title}（{s.code} 第 {s.version} 版）",
        f"考评期：{result.period.title}（{result.period.start.isoformat()} 至 {result.period.end.isoformat()}）"
        + (f"  人员类别：{result.category}" if result.category else ""),
        f"得分：{fmt(result.score)}  （基础分 {fmt(result.base)} − 扣分 {fmt(result.deductions)} + 加分 {fmt(result.bonus)}）"
        + ("，已按方案设定的最低分计" if result.floor_applied else ""),
    ]
    if result.grade is not None:
        out.append(f"等次：{result.grade}" + (f"（{result.grade_note}）" if result.grade_note else ""))
    if result.scheme.subject == "window":
        out.append(f"流动红旗资格：{'有' if result.eligible_red_flag else '无（本期有取消评先资格的情形）'}")
    if result.flags:
        out.append("年度标记：")
        out += [f"  · {f.text}：{f.why}" for f in result.flags]
    else:
        out.append("年度标记：无")
    if any(c.max is not None for c in result.categories):
        out.append("分类得分：")
        for c in result.categories:
            if c.max is not None:
                out.append(f"  {c.title}：{fmt(c.score)} / {fmt(c.max)}")  # type: ignore[arg-type]
    if result.lines:
        out.append("明细：")
        for line in result.lines:
            sign = "扣" if line.kind == "deduction" else "加"
            date = line.date.isoformat() if line.date else "（合计）  "
            if line.credited and line.date and line.credited != line.date:
                date += f"（计入 {line.credited.isoformat()}）"
            capped = f"（封顶减去 {fmt(line.capped)}）" if line.capped else ""
            out.append(f"  {date}  细则{line.rule:<4} {sign} {fmt(line.counted)}{capped}  {line.why}")
    else:
        out.append("明细：本期无记录")
    return "\n".join(out) + "\n"
