"""Ledger schemes as a definition kind (core.definitions) and which version is in force for a post and a date.

Which version scores a period (D8): the newest version published on or before the period's last day, among the
published versions that apply to the post; for a period that ended before any version was published (the system
started later), the earliest published one. So publishing a new version never changes a period that had ended,
and the month, quarter, half year and year of a running period use the version in force now. An event pins the
version in force when it was recorded (it is validated against it); a period scored by another version re-validates
the event and leaves it out, with a message, if it does not fit (``scoring.StaffScore.problems``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from centers.choices import PostType
from core.definitions import DefinitionKind
from scoring import ledger
from scoring.common import fmt as _num
from scoring.ledger.loader import TOP_KEYS
from staff_scoring.models import SchemeSubject, SchemeVersion

SCHEMES = DefinitionKind(
    model=SchemeVersion,
    noun="计分方案",
    load=ledger.load_scheme,
    content_hash=lambda data, parsed: parsed.content_hash,
    extra_fields=lambda parsed: {"subject": parsed.subject, "applies_to": ",".join(parsed.applies_to)},
    top_keys=TOP_KEYS, upload_page="staff_scoring:scheme_upload",
)

# Staff post (centers.choices.PostType) → the scheme's ``applies_to`` code (docs/schemes.md §1).
POST_OF = {PostType.CENTRE: "centre_window", PostType.STATION: "station"}
KIND_SIGN = {"deduction": "−", "bonus": "+"}


def points_text(rule: ledger.Rule, scheme: ledger.Scheme | None = None, *, spoken: bool = False) -> str:
    """How a rule is scored, in a few Chinese words, for staff pages: "−3分/次", "+本地4/市(州)级12…分",
    "按对应细则扣分" (``scheme`` names the levels). ``spoken=True`` words it as the red-flag pages do, for their
    rules (fixed points or a range, perhaps doubling): "每次扣 0.5 分", "每次扣 1—3 分，当月再次发现加倍累计"."""
    if spoken:
        verb = "扣" if rule.kind == "deduction" else "加"
        if rule.points_range is not None:
            lo, hi = rule.points_range
            return f"每次{verb} {lo.normalize():f}—{hi.normalize():f} 分"
        text = f"每次{verb} {rule.points.normalize():f} 分"  # type: ignore[union-attr]
        return text + ("，当月再次发现加倍累计" if rule.doubling_per else "")
    sign = KIND_SIGN[rule.kind]
    if rule.refers:
        return "按对应细则扣分"
    if rule.levels:
        levels = scheme.levels if scheme is not None else {}
        return sign + "，".join(f"{levels.get(k, k)}{_num(v)}" for k, v in rule.levels.items()) + "分"
    if rule.points_range:
        low, high = rule.points_range
        text = f"{sign}{_num(low)}—{_num(high)}分/次"
    else:
        text = f"{sign}{_num(rule.points)}分/次"  # type: ignore[arg-type]
    if rule.occurrences_per_day:
        text += f"（1天按{rule.occurrences_per_day}次计）"
    if rule.aggravated and rule.aggravated.min is not None:
        text += f"；造成不良影响{_num(rule.aggravated.min)}" + (
            f"—{_num(rule.aggravated.max)}" if rule.aggravated.max != rule.aggravated.min else "") + "分/次"
    return text


def direct_deductions(scheme: ledger.Scheme) -> list[ledger.Rule]:
    """The deduction rules an event names by itself, in scheme order: every deduction but one scored as the rule it
    names (附件3 27, ``refers``). What a "scored as" rule may name, and what a verified complaint may deduct under."""
    return [r for r in scheme.rules.values() if r.kind == "deduction" and not r.refers]


def scheme_of(version: SchemeVersion) -> ledger.Scheme:
    """The engine's frozen scheme for a stored version (parsed once per process and content)."""
    return SCHEMES.engine_object(version)


def published_staff_versions() -> list[SchemeVersion]:
    """Every published staff scheme version (a handful of rows), for picking versions in memory."""
    return list(
        SchemeVersion.objects.filter(subject=SchemeSubject.STAFF, published_at__isnull=False).order_by(
            "published_at", "pk"
        )
    )


def in_force(versions: Iterable[SchemeVersion], day: dt.date) -> SchemeVersion | None:
    """Of published ``versions``, the one that scores a period ending on ``day``: the newest published on or before
    it; for a period before any publication, the earliest (D8). Staff schemes and the window scheme alike."""
    candidates = sorted(versions, key=lambda v: (v.published_at, v.pk))
    if not candidates:
        return None
    published = [v for v in candidates if timezone.localdate(v.published_at) <= day]
    return published[-1] if published else candidates[0]


def version_in_force(versions: Iterable[SchemeVersion], post_type: str, day: dt.date) -> SchemeVersion | None:
    """The version that scores ``post_type`` for a period ending on ``day`` (see the module docstring)."""
    post = POST_OF.get(post_type, post_type)
    return in_force([v for v in versions if v.is_published and post in v.posts], day)


def first_day(versions: Iterable[SchemeVersion], post_type: str) -> dt.date | None:
    """The earliest date an event of ``post_type`` may carry: 1 January of the year the first published version that
    applies to the post was published (None when none is). A version scores every period that ends on or after its
    publication (D8), so the whole year of the first publication is scored by a version in force; a year that had
    ended before it has none (``in_force`` falls back to the earliest version only so that a score can always be
    computed, not as a scheme that was in force then)."""
    post = POST_OF.get(post_type, post_type)
    published = [timezone.localdate(v.published_at) for v in versions if v.is_published and post in v.posts]
    return dt.date(min(published).year, 1, 1) if published else None


def version_for_staff(staff, day: dt.date | None = None) -> SchemeVersion | None:
    """The version in force for a staff member's post on ``day`` (default: today)."""
    return version_in_force(published_staff_versions(), staff.post_type, day or timezone.localdate())
