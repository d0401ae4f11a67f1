"""HTML → PDF with WeasyPrint and a CJK font that ships with the project.

``render_pdf(html)`` is a pure function over an HTML string: it needs no Django settings
(Django views render a template to HTML and call it, see ``core.exports``).

Fonts (no system font is needed, nothing to install by hand):

* "Noto Sans SC Common" — ``static/fonts/NotoSansSC-Common.otf`` (2.5 MB, committed), Noto
  Sans SC pre-cut to ASCII/Latin-1, CJK punctuation, full-width forms, GB 2312 and the 8,105
  characters of 通用规范汉字表; regenerate with ``tools/fonts/make_subset.py``.
* "Noto Sans SC Full" — the full ``NotoSansSC-Regular.otf`` (8.3 MB, 30,890 characters) of
  the PyPI package ``pylopdf-fonts-zh-cn``, used by Pango only for characters the subset lacks
  (rare name characters such as 龑 or 玏), and embedded only in PDFs that contain one.

Speed (figures in docs/performance.md, made by ``bench/pdf_bench.py``):

* WeasyPrint subsets every embedded font. With the Debian package ``libharfbuzz-subset0``
  installed it uses HarfBuzz, which is fast even for the full font; without it, it falls back to
  fontTools, which costs seconds per PDF for the full font and about half that for the pre-cut
  subset. Install ``libharfbuzz-subset0`` wherever PDFs are made.
* There is only one weight (Regular), and no synthetic bold: ``PRINT_CSS`` forces
  ``font-weight: normal !important`` on every element (it is a *user* stylesheet, so this wins
  over template styles, inline ones included); ``b``, ``strong``, ``th`` and headings are
  emphasised with size, colour, underline or background instead. A bold weight would make
  WeasyPrint embed a second copy of the font (twice the subsetting) that does not even look bold.
* The FontConfiguration and the parsed print stylesheet are built once per process and
  reused (a lock serialises renders, as WeasyPrint's font configuration is shared state).
* Most of the remaining time is layout: ``<table class="fixed">`` with ``<col style="width: …">``
  widths lays long tables out faster than the automatic table layout.

Page layout (``PRINT_CSS``): A4 portrait, 15 mm margins, footer "第 N 页 / 共 M 页", tables
with collapsed borders whose ``<thead>`` row(s) repeat on every page. A template can override
any of it (except the font weight) with its own ``<style>``, e.g. ``@page { size: A4 landscape; }``:
the template's styles win over ``PRINT_CSS``.
"""

from __future__ import annotations

import atexit
import shutil
import threading
from functools import cache
from importlib.resources import files
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"
COMMON_FONT = FONT_DIR / "NotoSansSC-Common.otf"
COMMON_FAMILY = "Noto Sans SC Common"
FULL_FAMILY = "Noto Sans SC Full"
FONT_STACK = f'"{COMMON_FAMILY}", "{FULL_FAMILY}", sans-serif'


def full_font_path() -> Path:
    """The full Noto Sans SC of the ``pylopdf-fonts-zh-cn`` package (fallback for rare characters)."""
    path = Path(str(files("pylopdf_fonts_zh_cn") / "NotoSansSC-Regular.otf"))
    if not path.is_file():  # pragma: no cover - broken install
        raise FileNotFoundError(f"{path} missing: reinstall pylopdf-fonts-zh-cn")
    return path


def font_face_css() -> str:
    """@font-face rules with absolute file:// URLs (independent of the document's base_url)."""
    if not COMMON_FONT.is_file():  # pragma: no cover - broken checkout
        raise FileNotFoundError(f"{COMMON_FONT} missing: run tools/fonts/make_subset.py")
    rules = [
        f'@font-face {{ font-family: "{family}"; src: url("{path.as_uri()}") format("opentype"); }}'
        for family, path in ((COMMON_FAMILY, COMMON_FONT), (FULL_FAMILY, full_font_path()))
    ]
    return "\n".join(rules) + "\n"


PRINT_CSS = """
@page {
  size: A4;
  margin: 15mm 15mm 18mm 15mm;
  font-family: $STACK;
  @bottom-center {
    content: "第 " counter(page) " 页 / 共 " counter(pages) " 页";
    font-family: $STACK;
    font-size: 9pt;
    color: #555;
  }
}
html { font-family: $STACK; font-size: 10.5pt; line-height: 1.45; color: #111; }
body { margin: 0; }
/* One weight only (see module docstring); this is a user stylesheet, so !important wins even
   over a template's inline style="font-weight: bold". Emphasis by size, colour and fills. */
*, *::before, *::after, *::marker { font-weight: normal !important; }
b, strong { color: #000; text-decoration: underline; text-decoration-color: #999; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 4mm; letter-spacing: 0.05em; }
h2 { font-size: 14pt; margin: 5mm 0 2mm; }
h3 { font-size: 12pt; margin: 4mm 0 2mm; }
p { margin: 0 0 2mm; }
.meta { color: #444; font-size: 9.5pt; margin-bottom: 3mm; }
.right, td.num { text-align: right; }
.center { text-align: center; }
.muted { color: #666; }
.page-break { break-before: page; }

table { width: 100%; border-collapse: collapse; margin: 0 0 4mm; font-size: 9.5pt; }
/* Faster for long tables: give the columns widths with
   <colgroup><col style="width: 8%">…</colgroup> and add class="fixed". */
table.fixed { table-layout: fixed; }
caption { caption-side: top; font-size: 12pt; padding-bottom: 2mm; }
thead { display: table-header-group; }   /* header row(s) repeat on every page */
tfoot { display: table-footer-group; }
tr { break-inside: avoid; }
th, td { border: 0.5pt solid #777; padding: 1.2mm 1.6mm; vertical-align: middle; }
th { background: #e8edf3; color: #000; text-align: center; }
tbody tr:nth-child(even) td { background: #f7f7f7; }
""".replace("$STACK", FONT_STACK)

_lock = threading.Lock()


@cache
def _resources():
    """(FontConfiguration, [CSS]) built once per process."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    css = CSS(string=font_face_css() + PRINT_CSS, font_config=font_config)
    atexit.register(_remove_font_copies, font_config)
    return font_config, [css]


def _remove_font_copies(font_config) -> None:
    """WeasyPrint copies @font-face files into a temporary folder that its __del__ would remove,
    but a module-level FontConfiguration outlives the modules __del__ needs at exit."""
    folder = getattr(font_config, "_folder", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        font_config._folder = None


def render_pdf(html: str, base_url: str | None = None) -> bytes:
    """Render an HTML document (a string) to PDF bytes.

    ``base_url`` resolves relative URLs in the HTML (images, stylesheets); fonts do not
    depend on it. The project's print stylesheet ``PRINT_CSS`` and fonts are applied.
    """
    from weasyprint import HTML

    with _lock:
        font_config, stylesheets = _resources()
        document = HTML(string=html, base_url=base_url)
        return document.write_pdf(stylesheets=stylesheets, font_config=font_config)


def render_pdf_pages(html: str) -> list[bytes]:
    """Each page of an HTML document as a PDF of its own, from one layout (the demo library renders the pages of
    several sample documents in one call: fonts and styles are loaded once)."""
    from weasyprint import HTML

    with _lock:
        font_config, stylesheets = _resources()
        rendered = HTML(string=html).render(stylesheets=stylesheets, font_config=font_config)
        return [rendered.copy([page]).write_pdf() for page in rendered.pages]
