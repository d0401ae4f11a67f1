"""Chinese messages of the definition loaders, the engines and the file-reading commands use full-width punctuation
(「项目 1.1：写明的编号 … 不符（是否漏项或多项？）」, never 「项目 1.1:… 不符(是否漏项或多项?)」).

Left as they are, on purpose: the notes the rubric engine writes into ``score_rubric``'s JSON output (a public
contract, ``NOTES_IN_JSON``); text that quotes YAML syntax or values a file must hold verbatim (``QUOTED``); the
``path: message`` form of a problem (the path is the file's own ASCII key path)."""

from __future__ import annotations

import ast
import re
from decimal import Decimal
from pathlib import Path

import pytest

from scoring.common import DefinitionError
from scoring.rubric import apply_ranking, load_rubric, score
from scoring.rubric.engine import AnswerError

ROOT = Path(__file__).resolve().parents[2]
CHINESE = re.compile(r"[\u3400-\u9fff]")
# An ASCII , ; : ? ! ( ) next to a Chinese character (or a closing full-width quote or bracket), spaces between.
ASCII_NEXT_TO_CHINESE = re.compile(r"[\u3400-\u9fff）」”]\s*[,;:?!()]|[,;:?!()]\s*[\u3400-\u9fff（「“]")

SCOPE = ["scoring/**/*.py", "core/commands.py", "core/definitions.py", "*/imports.py", "*/loader*.py",
         "*/fixtures_loader.py", "*/management/commands/*.py"]

NOTES_IN_JSON = {  # scoring/rubric/engine.py: criterion, item and section notes (score_rubric --format json)
    "{} = {} 分,超过上限 {} 分,{}", "{} 分,扣 {} 分", "{},得 {} 分", "未达到任何档次,得 0 分", "0 项,得 0 分",
    "{} {} 项,未给分值,按每项上限 {} 分计", "{} {} 项({})", "无,得 0 分", "少 {} 项,应扣 {} 分,扣完为止,得 0 分",
    "少 {} 项,扣 {} 分", "评定 {} 分(满分 {} 分)", "未通过:取消评先评优资格", "一票否决项未通过:等次为“{}”",
    "未作答,未扣分", "未作答,按 0 分计", "扣 {} 分(按最多扣分计)", "未达到要求,得 0 分", ",本项得 0 分",
    "本项合计 {} 分,超过上限 {} 分,按 {} 分计", "减分合计 {} 分,超过实得加分 {} 分,按 {} 分计(减分总数不超过加分总数)",
    "{} {} 分,超过{} {} 分,按 {} 分计",
}
QUOTED = {
    "此处不能出现“键: 值”（检查缩进，或给含冒号的文字加引号）",  # YAML syntax
    "级别代码 → 中文名称（如 national: 国家级）",  # YAML syntax
    "排名条目应为 (考核对象, 分组, 总分, 等次[, 可评优]) ",  # a Python tuple's shape, for developers
    # the scheme's level names and the attendance labels, which a sheet's cells must hold as they are
    "级别：按级别计分的细则填写，如 本地、市(州)级、省级、国家级、便民服务中心、县(市、区)级。",
    "出席情况：{}。迟到、早退、请假(未批准)、缺席会生成扣分建议，由中心主任确认或不予扣分。",
}


def _texts(path: Path):
    """Every string literal of a module but docstrings, an f-string as one text with ``{}`` for each value."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            skip.add(id(body[0].value))
        if isinstance(node, ast.JoinedStr):
            skip.update(id(v) for v in node.values)
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            yield node.lineno, "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            yield node.lineno, node.value


def _modules() -> list[Path]:
    found = {p for pattern in SCOPE for p in ROOT.glob(pattern)}
    return sorted(p for p in found if ".venv" not in p.parts and "migrations" not in p.parts)


def test_the_scope_holds_the_loaders_and_the_commands():
    names = {str(p.relative_to(ROOT)) for p in _modules()}
    assert {"scoring/rubric/loader.py", "scoring/ledger/loader.py", "scoring/rubric/engine.py", "core/commands.py",
            "staff_scoring/imports.py", "assessment/management/commands/score_rubric.py"} <= names


def test_chinese_messages_use_full_width_punctuation():
    found = [f"{path.relative_to(ROOT)}:{line}: {text!r}" for path in _modules() for line, text in _texts(path)
             if CHINESE.search(text) and ASCII_NEXT_TO_CHINESE.search(text) and text not in NOTES_IN_JSON | QUOTED]
    assert not found, "\n".join(found)


# -- the messages as they are written ----------------------------------------------------------------------------
RUBRIC = """
code: punctuation-demo
version: 1
title: 标点演示细则
subject: centre
source: 演示
points: 10
sections:
  - title: 综合评定
    points: 10
    source: "成都细则 第八条(一)"
    items:
      - code: "1.2"
        title: 综合
        points: 10
        source: "成都细则 第八条(一)"
        criteria:
          - rule: all_or_nothing
            text: 综合评定
            points: 10
"""


def test_a_loader_message_names_its_place_and_asks_in_full_width_punctuation():
    with pytest.raises(DefinitionError) as caught:
        load_rubric(RUBRIC)
    assert "项目 1.1：写明的编号 '1.2' 与其位置编号 '1.1' 不符（是否漏项或多项？）" in str(caught.value)


def test_an_answer_the_engine_refuses_is_said_in_full_width_punctuation():
    rubric = load_rubric(RUBRIC.replace('code: "1.2"', 'code: "1.1"'))
    with pytest.raises(AnswerError) as caught:
        score(rubric, {"1.1.1": 1})
    assert str(caught.value) == "1.1.1: 应为 true（达到）或 false（未达到）"
    with pytest.raises(AnswerError) as caught:
        score(rubric, {"1.1": True})
    assert "“1.1”是评估项目编号，请按评估标准编号（如 1.1.1）作答" in str(caught.value)


def test_a_ranking_note_is_written_in_full_width_punctuation():
    rubric = load_rubric(RUBRIC.replace('code: "1.2"', 'code: "1.1"').replace(
        "sections:", "ranking:\n  excellent: 优秀\n  max_share: 0.5\nsections:"))
    ranked = apply_ranking(rubric, [("甲", None, Decimal(9), None), ("乙", None, Decimal(8), None)])
    assert [r.note for r in ranked] == ["第 1 名，评为优秀（共 2 个，优秀名额 1 个）", "第 2 名，超出优秀名额（共 2 个，优秀名额 1 个）"]
