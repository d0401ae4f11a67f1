"""Query-string parameters: one parser per type (int, id, year, month, period, choice, search text).

The rule, the same on every page: a parameter that is missing or empty gives the default; a parameter that is present
but not valid (not a number, out of range, not one of the choices) also gives the default, and the page says so in
Chinese with a ``messages.warning`` (「年份」的值「²」无效，已忽略). The page still answers 200 with the default; nothing
is written. A bad id of an object is the same: ignored, never a 500.

No parser calls ``str.isdigit()`` or ``int()`` on raw text: ``"²".isdigit()`` is true and ``int("²")`` fails, and
``int("１２")`` (full-width) or ``int("١٢")`` (Arabic-Indic) succeed. Numbers are first matched by an ASCII-only
regular expression, and no value outside PostgreSQL's ``integer`` (±2**31-1) is accepted: a huge number never reaches
the database (SQLite raises ``OverflowError`` past 2**63, PostgreSQL a ``DataError`` past an ``integer`` column).

``parse_int`` is the same check without a request, for forms and services that take an id from posted text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.contrib import messages
from django.utils.translation import gettext as _

from scoring.ledger import Period, PeriodError, parse_period

_INT = re.compile(r"-?[0-9]{1,10}", flags=re.ASCII)
INT_MAX = ID_MAX = 2**31 - 1  # PostgreSQL ``integer``; every id here is far below it
YEAR_MIN, YEAR_MAX = 2000, 2100  # the years the app keeps (evaluation periods are checked the same way)

LABELS = {
    "county": "县（区）", "town": "乡镇", "centre": "中心", "station": "站点", "window": "窗口", "year": "年份",
    "month": "月份", "period": "考评期", "inspection": "考核记录", "self": "自评记录", "page": "页码",
}


def parse_int(text: object, min_value: int | None = None, max_value: int | None = None) -> int | None:
    """The integer written in ASCII digits (an optional minus) within the bounds and ±2**31-1, else None."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        value = text
    elif isinstance(text, str) and _INT.fullmatch(text.strip()):
        value = int(text.strip())
    else:
        return None
    if abs(value) > INT_MAX:
        return None
    if (min_value is not None and value < min_value) or (max_value is not None and value > max_value):
        return None
    return value


def parse_id(text: object) -> int | None:
    """A database id (1 … 2**31-1) written in ASCII digits, else None."""
    return parse_int(text, 1, ID_MAX)


def refuse(request, name: str, value: str, label: str | None = None) -> None:
    """Tell the user a parameter was ignored (Chinese, shown by the base template's message list)."""
    shown = "".join(ch if ch.isprintable() else "?" for ch in value[:20]) + ("…" if len(value) > 20 else "")
    messages.warning(request, _("「%(label)s」的值「%(value)s」无效，已忽略") % {
        "label": label or LABELS.get(name, name), "value": shown}, fail_silently=True)


def _raw(request, name: str, source) -> str:
    value = (request.GET if source is None else source).get(name)
    return value if isinstance(value, str) else ""


def int_param(request, name: str, default: int | None = None, *, min_value: int | None = None,
              max_value: int | None = None, label: str | None = None, source=None) -> int | None:
    """``?name=`` as an integer within the bounds; missing or empty → ``default``; bad → ``default`` + a message."""
    raw = _raw(request, name, source)
    if not raw.strip():
        return default
    value = parse_int(raw, min_value, max_value)
    if value is None:
        refuse(request, name, raw, label)
        return default
    return value


def id_param(request, name: str, default: int | None = None, *, label: str | None = None,
             source=None) -> int | None:
    """``?name=`` as the id of an object (1 … 2**31-1). Whether it is visible is the caller's selector's business."""
    return int_param(request, name, default, min_value=1, max_value=ID_MAX, label=label, source=source)


def year_param(request, name: str = "year", default: int | None = None, *, label: str | None = None,
               source=None) -> int | None:
    return int_param(request, name, default, min_value=YEAR_MIN, max_value=YEAR_MAX, label=label, source=source)


def month_param(request, name: str = "month", default: int | None = None, *, label: str | None = None,
                source=None) -> int | None:
    return int_param(request, name, default, min_value=1, max_value=12, label=label, source=source)


def parse_period_text(text: object) -> Period:
    """``parse_period`` with ASCII digits only and a year the app keeps; raises ``PeriodError`` (Chinese)."""
    if not isinstance(text, str) or not text.isascii():
        raise PeriodError(_("考评期「%(text)s」格式不对：应为 2026-10（月度）、2026-Q4（季度）、2026-H2（半年度）或 2026（年度）")
                          % {"text": str(text)[:20]})
    period = parse_period(text)
    if not YEAR_MIN <= period.year <= YEAR_MAX:
        raise PeriodError(_("考评期「%(text)s」的年份应在 %(low)s—%(high)s 之间")
                          % {"text": text[:20], "low": YEAR_MIN, "high": YEAR_MAX})
    return period


def period_param(request, default: Period, name: str = "period", source=None) -> Period:
    """``?period=`` (2026-10, 2026-Q4, 2026-H2, 2026); missing → ``default``; bad → ``default`` + the reason."""
    raw = _raw(request, name, source)
    if not raw.strip():
        return default
    try:
        return parse_period_text(raw)
    except PeriodError as exc:
        messages.warning(request, _("%(error)s；已显示%(title)s") % {"error": exc, "title": default.title},
                         fail_silently=True)
        return default


def text_param(request, name: str = "q", max_length: int = 40, source=None) -> str:
    """``?name=`` as search text: cut to ``max_length``, unprintable characters (NUL, which PostgreSQL refuses in a
    string and answers with an error) turned into spaces, stripped. Never refused: any text may be searched for."""
    raw = _raw(request, name, source)[:max_length]
    return "".join(ch if ch.isprintable() else " " for ch in raw).strip()


def choice_param(request, name: str, choices: Iterable[str], default: str = "", label: str | None = None,
                 source=None) -> str:
    """``?name=`` if it is one of ``choices``; missing → ``default``; anything else → ``default`` + a message."""
    raw = _raw(request, name, source)
    if raw == "":
        return default
    if raw in set(choices):
        return raw
    refuse(request, name, raw, label)
    return default


def query_without(request, *names: str) -> str:
    """The page's query string without ``names``, ending in ``&`` when not empty, for links that set one of them
    (``href="?{{ query }}page=2"``). Built in Python: a template looping over ``request.GET.items`` would loop over
    the value of ``?items=`` instead (a template looks keys up before attributes)."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    text = query.urlencode()
    return f"{text}&" if text else ""
