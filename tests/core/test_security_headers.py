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


def test_no_template_has_an_inline_script_an_event_handler_or_a_javascript_url():
    found = []
    for path in template_files():
        text = path.read_text(encoding="utf-8")
        for pattern in (_INLINE_SCRIPT, _HANDLER, _JS_URL):
            found += [f"{path.relative_to(ROOT)}: {m.group(0)[:80]}" for m in pattern.finditer(text)]
    assert found == [], "move scripts to static/js (see static/js/site.js for data-print, data-autosubmit …)"


def test_the_scan_finds_what_it_forbids():
    assert _INLINE_SCRIPT.search('<script>alert(1)</script>') and not _INLINE_SCRIPT.search('<script src="/a.js">')
    assert _HANDLER.search('<button class="x" onclick="go()">') and _HANDLER.search('<input hx-on::after-request="x">')
    assert not _HANDLER.search('<option value="one=1">') and not _HANDLER.search("{% with one=2 %}")
    assert _JS_URL.search('<a href="javascript:history.back()">')
