"""Render a RubricResult: the public JSON shape of ``score_rubric`` (docs/rubrics.md §8) and plain text."""

from __future__ import annotations

from typing import Any

from scoring.common import fmt

from .engine import RubricResult
from .model import DEDUCTION


def result_to_json(result: RubricResult) -> dict[str, Any]:
    """Exactly the documented keys; numbers as decimal strings."""
    return {
        "rubric": result.rubric,
        "version": result.version,
        "total": fmt(result.total),
        "max": fmt(result.max),
        "band": result.band,
        "vetoes": list(result.vetoes),
        "unanswered": list(result.unanswered),
        "sections": [
            {
                "code": s.code,
                "title": s.title,
                "score": fmt(s.score),
                "max": fmt(s.max),
                "items": [
                    {
                        "code": i.code,
                        "title": i.title,
                        "score": fmt(i.score),
                        "max": fmt(i.max),
                        "criteria": [
                            {"code": c.code, "score": fmt(c.score), "max": fmt(c.max), "note": c.note}
                            for c in i.criteria
                        ],
                    }
                    for i in s.items
                ],
            }
            for s in result.sections
        ],
    }


def _short(text: str, width: int = 24) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _line(indent: int, code: str, title: str, score: str, note: str) -> str:
    head = f"{'  ' * indent}{code} {title}".rstrip()
    return f"{head}  {score}" + (f"  — {note}" if note else "")


def result_to_text(result: RubricResult) -> str:
    """The result for a person: header, parts, then one line per section, item and criterion."""
    lines = [
        f"{result.title}（{result.rubric} 第 {result.version} 版）",
        f"总分：{fmt(result.total)} / {fmt(result.max)}    等次：{result.band or '—'}",
        f"一票否决未通过：{'、'.join(result.vetoes) or '无'}",
        f"未作答：{'、'.join(result.unanswered) or '无'}",
    ]
    lines += list(result.notes)
    if result.parts:
        lines.append("组成：" + "；".join(f"{p.title} {fmt(p.score)} / {fmt(p.max)}" for p in result.parts))
    for s in result.sections:
        taking = s.role == DEDUCTION
        lines.append("")
        kind = {"bonus": "加分", "deduction": "减分"}.get(s.role, "")
        kind = f"（{kind}）" if kind and kind not in s.title else ""
        lines.append(_line(0, s.code, s.title + kind, fmt(s.score) if taking else f"{fmt(s.score)} / {fmt(s.max)}",
                           s.note))
        for i in s.items:
            label = f"[{i.label}] " if i.label else ""
            score = fmt(i.score) if taking else f"{fmt(i.score)} / {fmt(i.max)}"
            lines.append(_line(1, i.code, label + i.title, score, i.note))
            for c in i.criteria:
                score = fmt(c.score) if taking else f"{fmt(c.score)} / {fmt(c.max)}"
                lines.append(_line(2, c.code, _short(c.text), score, c.note))
    return "\n".join(lines) + "\n"
