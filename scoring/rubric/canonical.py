"""A rubric's canonical form and content hash (docs/rubrics.md §9, D8).

``rubric_to_data`` writes every field out; ``canonical_json`` is its compact, key-sorted JSON (loadable again);
``content_hash`` fingerprints what scores — provenance (``source``, ``note``) left out, so citations may be corrected
in place without a new version.
"""

from __future__ import annotations

from typing import Any

from scoring.checker import canonical_text, json_hash

from .model import Criterion, Item, Rubric, Section


def rubric_to_data(rubric: Rubric) -> dict[str, Any]:
    """The rubric as fixture data with every field written out (defaults included, None left out).

    ``load_rubric(rubric_to_data(r)) == r``. Numbers stay ``Decimal``; :func:`canonical_json` turns them into strings.
    """

    def clean(d: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in d.items() if v is not None and v != () and v != []}

    def criterion(c: Criterion) -> dict[str, Any]:
        return clean({
            "code": c.code, "rule": c.rule, "text": c.text, "points": c.points, "basis": c.basis,
            "source": c.source, "note": c.note, "fact": c.fact,
            "tiers": [clean({"points": t.points, "label": t.label, "at_least": t.at_least, "source": t.source})
                      for t in c.tiers] or None,
            "unit_points": c.unit_points, "max_units": c.max_units,
            "levels": [clean({"name": lv.name, "points": lv.points, "min": lv.min, "step": lv.step})
                       for lv in c.levels] or None,
            "per_missing": c.per_missing, "min": c.min, "step": c.step, "effect": c.effect,
        })

    def item(i: Item) -> dict[str, Any]:
        return clean({"code": i.code, "label": i.label, "title": i.title, "points": i.points, "capped": i.capped,
                      "basis": i.basis, "source": i.source, "note": i.note,
                      "criteria": [criterion(c) for c in i.criteria]})

    def section(s: Section) -> dict[str, Any]:
        return clean({"code": s.code, "title": s.title, "role": s.role, "points": s.points, "capped": s.capped,
                      "limit": s.limit, "source": s.source, "note": s.note, "items": [item(i) for i in s.items]})

    ranking = None
    if rubric.ranking is not None:
        r = rubric.ranking
        ranking = clean({
            "within": r.within, "excellent": r.excellent, "max_share": r.max_share, "max_count": r.max_count,
            "demote_to": r.demote_to, "source": r.source, "note": r.note,
            "groups": [clean({"name": g.name, "members": list(g.members), "source": g.source})
                       for g in r.groups] or None,
        })
    return clean({
        "code": rubric.code, "version": rubric.version, "title": rubric.title, "subject": list(rubric.subjects),
        "source": rubric.source, "points": rubric.points, "note": rubric.note,
        "bands": [clean({"label": b.label, "min": b.min, "source": b.source, "note": b.note})
                  for b in rubric.bands] or None,
        "veto_band": rubric.veto_band,
        "parts": [clean({"title": p.title, "sections": list(p.sections), "points": p.points, "source": p.source})
                  for p in rubric.parts] or None,
        "ranking": ranking,
        "sections": [section(s) for s in rubric.sections],
    })


def canonical_json(rubric: Rubric) -> str:
    """Compact, key-sorted JSON of :func:`rubric_to_data`, decimals as normalised strings; loadable again."""
    return canonical_text(rubric_to_data(rubric))


# Where a rubric cites its official document and why it was transcribed so: shown to administrators, never scored.
PROVENANCE_KEYS = frozenset({"source", "note"})


def scoring_data(rubric: Rubric) -> dict[str, Any]:
    """:func:`rubric_to_data` without provenance (``source`` and ``note`` at every level): what scores and what an
    evaluation sheet prints — codes, titles, texts, basis, labels, points, rules, bands, parts, ranking (§9)."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in PROVENANCE_KEYS}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(rubric_to_data(rubric))


def content_hash(rubric: Rubric) -> str:
    """SHA-256 (hex) of the canonical JSON of :func:`scoring_data`: same scoring content → same hash, whatever the
    file's formatting and whatever its citations and notes say (§9)."""
    return json_hash(scoring_data(rubric))
