"""One QR helper for the project (core/qr.py): drawings that scale instead of cropping, and payloads built from
PUBLIC_BASE_URL, never from the host the member of staff happened to browse with."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from config.env import env_base_url
from core.qr import public_url, qr_data_uri, qr_svg
from tests.feedback import factories as fb
from tests.matters import factories as mf
from tests.qrscan import decode_pdf

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = "https://bm.example.gov.cn"
INTRANET_HOST = "10.20.30.40"


@pytest.fixture(autouse=True)
def _public_base(settings):
    settings.PUBLIC_BASE_URL = PUBLIC + "/"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, INTRANET_HOST]


def _root_svg(html: str) -> str:
    match = re.search(r"<svg\b[^>]*>", html)
    assert match, "no inline <svg> on the page"
    return match.group(0)


def test_the_qr_drawing_has_a_viewbox_and_no_fixed_size_so_css_scales_it():
    tag = _root_svg(qr_svg("https://bm.example.gov.cn/p/rate/w/1/"))
    assert re.search(r'viewBox="0 0 (\d+) \1"', tag)
    assert " width=" not in tag and " height=" not in tag
    uri = qr_data_uri("https://bm.example.gov.cn/p/rate/w/1/")
    assert "viewBox" in uri.replace("%3D", "=").replace("%27", "'").replace("%20", " ")


def test_a_title_is_escaped_in_the_drawing():
    assert "<b>" not in qr_svg("x", title="<b>窗口</b>")


def test_public_addresses_come_from_the_setting_without_a_double_slash():
    assert public_url("feedback:rate_window", window=7) == f"{PUBLIC}/p/rate/w/7/"


@pytest.mark.parametrize(("viewname", "kind"), [("feedback:window_qr", "window"), ("feedback:station_qr", "station")])
def test_the_printable_rating_qr_encodes_the_public_address_whatever_host_the_director_used(
        world, login, viewname, kind):
    place = getattr(world.a, kind)
    response = login(world.a.director).get(reverse(viewname, kwargs={kind: place.pk}), HTTP_HOST=INTRANET_HOST)
    html = response.content.decode()
    letter = kind[0]
    assert response.context["url"] == f"{PUBLIC}/p/rate/{letter}/{place.pk}/"
    assert INTRANET_HOST not in html
    assert "viewBox" in _root_svg(html[html.index('class="qr-box"'):])
    assert "onclick" not in html


def test_the_one_time_code_encodes_the_public_address(world, login):
    ticket = fb.ticket(world.a)
    response = login(world.a.staff_user).get(reverse("feedback:ticket_detail", kwargs={"ticket": ticket.pk}),
                                             HTTP_HOST=INTRANET_HOST)
    assert response.context["url"].startswith(f"{PUBLIC}/p/rate/t/T")
    assert INTRANET_HOST not in response.content.decode()


def test_the_guide_page_and_its_printed_pdf_carry_a_qr_of_the_public_address(world, client):
    entry = mf.entry(world.a.centre, mf.matter("QR-003", "城乡居民养老保险参保登记"))
    url = reverse("matters:public_guide", kwargs={"entry": entry.pk})
    response = client.get(url, HTTP_HOST=INTRANET_HOST)
    assert response.context["url"] == f"{PUBLIC}{url}"
    pages = decode_pdf(client.get(url + "guide.pdf", HTTP_HOST=INTRANET_HOST).content)
    assert pages[0] == [f"{PUBLIC}{url}"] and pages[-1] == [f"{PUBLIC}{url}"]


def test_segno_is_used_only_by_the_one_qr_helper():
    users = sorted(
        str(path.relative_to(ROOT)) for path in ROOT.rglob("*.py")
        if ".venv" not in path.parts and "tests" not in path.parts and "segno" in path.read_text(encoding="utf-8")
    )
    assert users == ["core/qr.py"]


@pytest.mark.parametrize("value", ["bm.example.gov.cn", "ftp://bm.example.gov.cn", "https://", "https://x/?a=1"])
def test_a_malformed_public_base_url_stops_the_start(monkeypatch, value):
    monkeypatch.setenv("PUBLIC_BASE_URL", value)
    with pytest.raises(ImproperlyConfigured):
        env_base_url("PUBLIC_BASE_URL")


def test_the_public_base_url_loses_its_trailing_slash(monkeypatch):
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://gov.example.cn/bianmin/")
    assert env_base_url("PUBLIC_BASE_URL") == "https://gov.example.cn/bianmin"


def _production_public_base_url(**env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("PUBLIC_BASE_URL", "DJANGO_SECURE_SSL")}
    environment.update(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 60, DJANGO_SETTINGS_MODULE="config.settings", **env)
    return subprocess.run([sys.executable, "-c", "from django.conf import settings; print(settings.PUBLIC_BASE_URL)"],
                          cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60, check=False)


def test_in_production_the_public_address_defaults_to_the_first_allowed_host():
    assert _production_public_base_url(ALLOWED_HOSTS="bm.example.gov.cn,10.0.0.8").stdout.strip() == PUBLIC
    plain = _production_public_base_url(ALLOWED_HOSTS="bm.example.gov.cn", DJANGO_SECURE_SSL="0")
    assert plain.stdout.strip() == "http://bm.example.gov.cn"
    explicit = _production_public_base_url(ALLOWED_HOSTS="10.0.0.8", PUBLIC_BASE_URL="https://gov.example.cn/bm/")
    assert explicit.stdout.strip() == "https://gov.example.cn/bm"
    wildcard = _production_public_base_url(ALLOWED_HOSTS="*")
    assert wildcard.returncode != 0 and "PUBLIC_BASE_URL" in wildcard.stderr


def _demo_public_base_url(port: str, **env) -> str:
    """The address `make demo PORT=…` gives the demo's server and worker: the recipe's own export line, then the
    settings' value in that environment."""
    recipe = subprocess.run(["make", "-n", "demo", f"PORT={port}"], cwd=ROOT, capture_output=True, text=True,
                            timeout=60, check=True).stdout
    export = next(line for line in recipe.splitlines() if line.startswith("export PUBLIC_BASE_URL="))
    environment = {k: v for k, v in os.environ.items() if k not in ("PUBLIC_BASE_URL", "DJANGO_DEBUG")}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings", **env)
    show = f"{sys.executable} -c 'from django.conf import settings; print(settings.PUBLIC_BASE_URL)'"
    return subprocess.run(["bash", "-c", export.rstrip("\\ ") + " " + show], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=60, check=True).stdout.strip()


def test_the_demo_codes_point_at_the_port_the_demo_serves_on():
    # The QA walk: `PORT=9000 make demo` printed rating links to port 8000, which nothing answered.
    assert _demo_public_base_url("9123") == "http://127.0.0.1:9123"
    assert _demo_public_base_url("9123", PUBLIC_BASE_URL="https://bm.example.gov.cn") == PUBLIC
