"""core.pdf: Chinese text extracts, a CJK font is embedded with real glyphs (no tofu), rare
characters fall back to the full font, no synthetic bold. Needs no Django (-p no:django)."""

from __future__ import annotations

import io
import subprocess
import sys
from functools import cache
from html import escape
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from core import pdf as core_pdf
from core.pdf import render_pdf

UNITS = ["城关镇便民服务中心", "河口镇便民服务中心", "柳林乡便民服务中心", "东湖街道便民服务中心"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰"


def staff_html(rows: int, names: dict[int, str] | None = None) -> str:
    names = names or {}
    body = []
    for i in range(1, rows + 1):
        name = names.get(i) or SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)]
        unit = UNITS[i % len(UNITS)]
        body.append(
            f"<tr><td>{i}</td><td>{escape(name)}</td><td>{unit}</td><td>综合受理窗口</td>"
            f"<td>1380013{i:04d}</td><td class=num>{80 + i % 20}.5</td></tr>"
        )
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>花名册</title></head><body>'
        "<h1>便民服务中心工作人员花名册</h1>"
        "<table><thead><tr><th>序号</th><th>姓名</th><th>单位</th><th>岗位</th><th>电话</th><th>得分</th></tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></body></html>"
    )


RARE_NAMES = {3: "张喆", 17: "李堃", 12: "王一喆"}  # in 通用规范汉字表: served by the subset
FALLBACK_NAMES = {5: "刘龑", 19: "王玏"}  # not in the subset: need the full font


@pytest.fixture(scope="module")
def two_pages() -> bytes:
    return render_pdf(staff_html(60, RARE_NAMES))


@pytest.fixture(scope="module")
def with_fallback() -> bytes:
    return render_pdf(staff_html(20, {**RARE_NAMES, **FALLBACK_NAMES}))


# --------------------------------------------------------------------------- PDF inspection


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _parse_to_unicode(cmap: bytes) -> dict[int, str]:
    """CID → text from a ToUnicode CMap (bfchar and bfrange entries, as WeasyPrint writes them)."""
    import re

    out: dict[int, str] = {}
    text = cmap.decode("latin-1")
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for cid, uni in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            out[int(cid, 16)] = bytes.fromhex(uni).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, uni in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            start = ord(bytes.fromhex(uni).decode("utf-16-be"))
            for k, cid in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[cid] = chr(start + k)
    return out


def _fonts(data: bytes) -> dict[str, dict]:
    """BaseFont (subset tag removed) → {'file': embedded font program, 'chars': {cid: text}}."""
    fonts: dict[str, dict] = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        for ref in (page["/Resources"].get("/Font") or {}).values():
            font = ref.get_object()
            name = str(font["/BaseFont"]).split("+", 1)[-1]
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            stream = next(
                (
                    descriptor[key].get_object()
                    for key in ("/FontFile", "/FontFile2", "/FontFile3")
                    if key in descriptor
                ),
                None,
            )
            entry = fonts.setdefault(name, {"file": None, "chars": {}})
            entry["file"] = stream.get_data() if stream is not None else None
            if "/ToUnicode" in font:
                entry["chars"].update(_parse_to_unicode(font["/ToUnicode"].get_object().get_data()))
    return fonts


@cache
def _source_font(path: str) -> tuple[dict[int, str], list[str]]:
    font = TTFont(path, lazy=True)
    return font.getBestCmap(), font.getGlyphOrder()


SOURCES = {
    "Noto-Sans-SC-Common": str(core_pdf.COMMON_FONT),
    "Noto-Sans-SC-Full": str(core_pdf.full_font_path()),
}


def _assert_real_glyphs(name: str, entry: dict) -> None:
    """Each character drawn with this font has its own, non-empty glyph: the one the source
    font maps the character to (WeasyPrint keeps glyph ids when subsetting)."""
    assert entry["file"], f"{name}: font program not embedded"
    embedded = TTFont(io.BytesIO(entry["file"]))
    glyph_set = embedded.getGlyphSet()
    embedded_order = embedded.getGlyphOrder()
    cmap, source_order = _source_font(SOURCES[name])
    for cid, text in entry["chars"].items():
        if not text.strip():
            continue
        assert cid != 0, f"{text!r} drawn as .notdef (tofu)"
        assert len(text) == 1 and ord(text) in cmap, f"{name} has no glyph for {text!r}"
        assert source_order[cid] == cmap[ord(text)], f"{text!r} drawn with the wrong glyph"
        from fontTools.pens.boundsPen import BoundsPen

        pen = BoundsPen(glyph_set)
        glyph_set[embedded_order[cid]].draw(pen)
        assert pen.bounds is not None, f"{text!r}: empty glyph in the embedded subset (tofu)"


# --------------------------------------------------------------------------------- tests


def test_two_page_table_extracts_chinese_text(two_pages):
    reader = PdfReader(io.BytesIO(two_pages))
    assert len(reader.pages) == 2
    text = _text(two_pages)
    for expected in ("便民服务中心工作人员花名册", "城关镇便民服务中心", "张喆", "李堃", "王一喆", "综合受理窗口"):
        assert expected in text
    compact = "".join(text.split())
    assert "第1页/共2页" in compact and "第2页/共2页" in compact
    # header row repeated on page 2
    assert "序号" in reader.pages[1].extract_text()


def test_cjk_font_embedded_with_real_glyphs(two_pages):
    fonts = _fonts(two_pages)
    assert list(fonts) == ["Noto-Sans-SC-Common"]  # only the subset: 喆 and 堃 are in 通用规范汉字表
    for name, entry in fonts.items():
        assert "NotoSansSC" in name.replace("-", "")
        _assert_real_glyphs(name, entry)
    drawn = set(fonts["Noto-Sans-SC-Common"]["chars"].values())
    assert set("便民服务中心喆堃第页共") <= drawn


def test_rare_characters_fall_back_to_the_full_font(with_fallback):
    text = _text(with_fallback)
    for name in (*RARE_NAMES.values(), *FALLBACK_NAMES.values()):
        assert name in text
    fonts = _fonts(with_fallback)
    assert set(fonts) == {"Noto-Sans-SC-Common", "Noto-Sans-SC-Full"}
    # the full font is used for exactly the characters the subset lacks
    assert set(fonts["Noto-Sans-SC-Full"]["chars"].values()) == {"龑", "玏"}
    assert {"喆", "堃"} <= set(fonts["Noto-Sans-SC-Common"]["chars"].values())
    for name, entry in fonts.items():
        _assert_real_glyphs(name, entry)


def test_no_synthetic_bold():
    html = (
        "<html><body><h1>标题</h1><p><b>加粗</b><strong>强调</strong></p>"
        '<table><tr><th>表头</th></tr><tr><td style="font-weight: bold">单元格</td></tr></table></body></html>'
    )
    fonts = _fonts(render_pdf(html))
    # One embedded font, no bold (synthetic or second) copy, even for an inline bold style.
    assert list(fonts) == ["Noto-Sans-SC-Common"]
    assert set("标题加粗强调表头单元格") <= set(fonts["Noto-Sans-SC-Common"]["chars"].values())


def test_fonts_do_not_depend_on_base_url(tmp_path):
    data = render_pdf("<p>便民服务中心</p>", base_url=str(tmp_path))
    assert "便民服务中心" in _text(data)
    assert list(_fonts(data)) == ["Noto-Sans-SC-Common"]
    data = render_pdf("<p>便民服务中心</p>", base_url="http://testserver/")
    assert list(_fonts(data)) == ["Noto-Sans-SC-Common"]


def test_template_styles_override_print_css():
    data = render_pdf("<style>@page { size: A4 landscape; }</style><p>横向</p>")
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert float(box.width) > float(box.height)


def test_font_files_ship_with_the_project():
    assert core_pdf.COMMON_FONT.is_file()
    assert (core_pdf.FONT_DIR / "OFL.txt").read_text(encoding="utf-8").count("SIL OPEN FONT LICENSE") >= 1
    assert 1_000_000 < core_pdf.COMMON_FONT.stat().st_size < 4_000_000
    assert "pylopdf_fonts_zh_cn" in core_pdf.full_font_path().parts
    chars = (Path(__file__).resolve().parents[2] / "tools" / "fonts" / "chars.txt").read_text(encoding="utf-8")
    assert len(chars.strip()) > 9000 and {"喆", "堃", "镕", "䶮"} <= set(chars)
    cmap, _ = _source_font(str(core_pdf.COMMON_FONT))
    assert all(ord(ch) in cmap for ch in chars.strip())


def test_harfbuzz_subsetter_is_installed():
    """Without it WeasyPrint subsets fonts with fontTools: several times slower (docs/performance.md)."""
    from weasyprint.pdf import fonts as wp_fonts

    assert wp_fonts.harfbuzz_subset is not None, "apt-get install -y --no-install-recommends libharfbuzz-subset0"


def test_importable_without_django_settings():
    code = "import sys, core.pdf, core.xlsx; assert 'django' not in sys.modules, sorted(sys.modules)"
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)
