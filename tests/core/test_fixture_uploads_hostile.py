"""Rubric and scheme uploads on the web (issue #12 item 2, #13 item 9): every hostile file answers 200 with Chinese
problems — a YAML error by line and column in Chinese — and writes nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment.models import RubricVersion
from core.models import AuditEntry
from staff_scoring.models import SchemeVersion
from tests.core.test_cli_bad_files import FIXTURE_CASES, RUBRIC, SCHEME, bad_fixture

pytestmark = pytest.mark.django_db

PAGES = {"rubric": ("assessment:rubric_upload", RUBRIC), "scheme": ("staff_scoring:scheme_upload", SCHEME)}
EXPECTED = {
    "binary": "不是 UTF-8 编码", "gbk": "不是 UTF-8 编码", "deep_flow": "嵌套超过", "deep_block": "嵌套超过",
    "nan": "不接受 NaN", "inf": "不接受 NaN", "sexagesimal": "六十进制", "huge_exponent": "数字过大或位数过多",
    "huge_exponent_text": "数字过大或位数过多", "huge_integer": "数字过大或位数过多", "version_beyond_column": "2147483647",
    "nul": "控制字符", "code_too_long": "最多 60 个字符", "list_not_mapping": "顶层应是一个映射",
    "syntax": "第 3 行第 1 列：缺少逗号或右花括号", "tab": "不能用 Tab 缩进",
}


def _content(kind: str, case: str) -> bytes:
    if case == "syntax":
        return b"code: x\nversion: {b: 1\n"
    if case == "tab":
        return b"code: x\nsections:\n\t- a\n"
    return bad_fixture(PAGES[kind][1], case)


@pytest.mark.parametrize("kind", list(PAGES))
@pytest.mark.parametrize("case", [c for c in FIXTURE_CASES if c != "directory"] + ["syntax", "tab"])
def test_a_hostile_fixture_upload_answers_with_chinese_problems_and_writes_nothing(world, login, kind, case):
    response = login(world.admin).post(reverse(PAGES[kind][0]),
                                       {"file": SimpleUploadedFile(f"{case}.yaml", _content(kind, case))})
    assert response.status_code == 200
    html = response.content.decode()
    assert EXPECTED[case] in html, [str(p) for p in response.context["problems"]]
    assert "Traceback" not in html and "expected" not in html and "sections[" not in html
    assert not RubricVersion.objects.exists() and not SchemeVersion.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("kind", list(PAGES))
def test_a_file_above_the_size_limit_is_refused_before_parsing(world, login, kind):
    content = b"# " + b"x" * (3 * 1024 * 1024)
    response = login(world.admin).post(reverse(PAGES[kind][0]), {"file": SimpleUploadedFile("big.yaml", content)})
    assert response.status_code == 200 and "文件过大：不超过 1 MB" in response.content.decode()
    assert response.context["form"].errors["file"] == ["文件过大：不超过 1 MB"] and not response.context["problems"]
    assert not RubricVersion.objects.exists() and not SchemeVersion.objects.exists()
