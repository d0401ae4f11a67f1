"""Texts a view builds for a page (titles, flash messages, chart labels) are marked for translation like the
templates: gettext with named placeholders, never an f-string with Chinese in it. File names (``export_name``) are
not page text."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")


def _view_modules() -> list[Path]:
    return sorted(p for p in ROOT.glob("*/views*.py") if ".venv" not in p.parts) + sorted(
        p for p in ROOT.glob("*/views/*.py") if ".venv" not in p.parts)


def _untranslated(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "export_name":
            skip.update(id(arg) for arg in ast.walk(node))
    return [f"{path.relative_to(root)}:{node.lineno}" for node in ast.walk(tree)
            if isinstance(node, ast.JoinedStr) and id(node) not in skip
            and any(isinstance(v, ast.Constant) and CJK.search(str(v.value)) for v in node.values)]


def test_the_scan_finds_an_f_string_with_chinese(tmp_path):
    sample = tmp_path / "views.py"
    sample.write_text('title = f"编辑 {name}"\nfile = export_name(a, f"第{n}号")\nok = f"{a}-{b}"\n', encoding="utf-8")
    assert _untranslated(sample, tmp_path) == ["views.py:1"]


def test_no_view_builds_chinese_page_text_with_an_f_string():
    modules = _view_modules()
    assert len(modules) > 20
    assert [hit for path in modules for hit in _untranslated(path)] == []
