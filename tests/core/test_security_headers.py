"""Security headers on every page: a Content-Security-Policy whose scripts come only from this server (no inline
scripts or event handlers), Referrer-Policy and Permissions-Policy; and no template carries an inline script."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


def pages(world):
    return [
        (None, reverse("login")),
        (None, reverse("matters:public_centre", kwargs={"centre": world.a.centre.pk})),
        (world.admin, reverse("home")),
        (world.a.director, reverse("assessment:evaluation_start")),
        (world.a.staff_user, reverse("staff_scoring:staff_page", kwargs={"staff": world.a.staff_user.staff_id})),
    ]


def test_every_page_sends_a_policy_without_inline_scripts_and_the_privacy_headers(client, world):
    for user, url in pages(world):
        client.logout()
        if user:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        policy = directives(response["Content-Security-Policy"])
        assert policy["script-src"] == ["'self'"], url
        assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"], url
        assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'self'"], url
        assert response["Referrer-Policy"] == "same-origin", url
        permissions = response["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment"):
            assert f"{feature}=()" in permissions, (url, permissions)


def test_no_policy_directive_allows_inline_or_evaluated_script():
    for name, values in django_settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].items():
        if name.startswith(("script-src", "default-src")):
            assert not {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'"} & set(values), name


def template_files():
    for folder in [ROOT / "templates", *ROOT.glob("*/templates")]:
        if ".venv" not in folder.parts:
            yield from folder.rglob("*.html")


_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I)
_HANDLER = re.compile(r"<[a-z][^>]*?\s(on[a-z]+|hx-on[:\w-]*)\s*=", re.I | re.S)
_JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.I)
# htmx evaluates these with eval (Function), which the policy refuses: a trigger's event filter (input[...]) and
# js: / javascript: values. (Without 'unsafe-eval' the browser reports an EvalError and htmx drops the filter.)
_HTMX_EVAL = re.compile(r"""\shx-trigger\s*=\s*("[^"]*\[[^"]*"|'[^']*\[[^']*')"""
                        r"""|\shx-(?:vals|vars|headers)\s*=\s*["']\s*(?:js|javascript):""", re.I)

_TEMPLATE_COMMENT = re.compile(r"{%\s*comment\b.*?%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.S)
_TEMPLATE_TAG = re.compile(r"{%.*?%}", re.S)
_TEMPLATE_VARIABLE = re.compile(r"{{.*?}}", re.S)


def markup(text: str) -> str:
    """A template's HTML near enough as the browser gets it: comments gone, every template tag a space (a tag may
    stand between two attributes: ``{% if x %}onsubmit="…"{% endif %}``, and may hold a ``>``), a variable a word."""
    text = _TEMPLATE_COMMENT.sub(" ", text)
    return _TEMPLATE_VARIABLE.sub("x", _TEMPLATE_TAG.sub(" ", text))


def scan(text: str) -> list[str]:
    html = markup(text)
    patterns = (_INLINE_SCRIPT, _HANDLER, _JS_URL, _HTMX_EVAL)
    return [m.group(0)[:80] for pattern in patterns for m in pattern.finditer(html)]


def test_no_template_has_an_inline_script_an_event_handler_or_a_javascript_url():
    found = [f"{path.relative_to(ROOT)}: {hit}" for path in template_files()
             for hit in scan(path.read_text(encoding="utf-8"))]
    assert found == [], ("move scripts to static/js (see static/js/site.js for data-confirm, data-print, "
                         "data-autosubmit …); an htmx trigger cannot filter events ([…] needs eval)")


def test_the_scan_finds_what_it_forbids():
    assert scan('<script>alert(1)</script>') and not scan('<script src="/a.js"></script>')
    assert scan('<button class="x" onclick="go()">') and scan('<input hx-on::after-request="x">')
    assert scan("""<form class="d-inline"\n  {% if m.action == "finalise" %}"""
                """onsubmit="return confirm('{% translate "确定？" %}')"{% endif %}>""")
    assert scan('<form {% if a > b %}x{% endif %} onsubmit="go()">')
    assert not scan('<option value="one=1">') and not scan("{% with one=2 %}") and not scan("{# onclick=go() #}")
    assert not scan('<form data-confirm="{% translate "确定？" %}">') and not scan('<p>{{ x }}onclick=</p>')
    assert scan('<a href="javascript:history.back()">')
    assert scan("""<form hx-trigger="input[target.type!='file'] delay:350ms">""")
    assert scan("""<div hx-vals='js:{a: 1}'>""") and scan('<div hx-vals="javascript:{a: 1}">')
    assert not scan('<form hx-trigger="recalculate delay:350ms" hx-vals=\'{"code": "1.1"}\'>')
