"""An admin uploads a rubric file, sees it checked and previewed, and publishes it as a new version (D8)."""

import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from assessment.models import RubricVersion
from core.models import AuditEntry

pytestmark = pytest.mark.django_db

BAOLIN = settings.FIXTURES_DIR / "rubrics" / "baolin-centre.yaml"


def upload(client, name: str, content: bytes):
    return client.post("/rubrics/upload/", {"file": SimpleUploadedFile(name, content)})


def test_a_valid_file_is_stored_unpublished_and_previewed(world, login):
    client = login(world.admin)
    response = upload(client, "baolin-centre.yaml", BAOLIN.read_bytes())
    version = RubricVersion.objects.get(code="baolin-centre", version=3)
    assert response["Location"] == f"/rubrics/{version.pk}/"
    assert not version.is_published and version.max_total == 100
    page = client.get(response["Location"]).content.decode()
    assert "预览：尚未发布" in page and "组织领导" in page and "考核依据" in page


def test_publishing_makes_the_version_visible_to_inspectors_and_is_audited(world, login):
    client = login(world.admin)
    upload(client, "baolin-centre.yaml", BAOLIN.read_bytes())
    version = RubricVersion.objects.get(code="baolin-centre")
    inspector = login(world.a.inspector)
    assert inspector.get(f"/rubrics/{version.pk}/").status_code == 404
    login(world.admin).post(f"/rubrics/{version.pk}/publish/")
    version.refresh_from_db()
    assert version.is_published
    assert AuditEntry.objects.filter(action="发布考核细则", actor=world.admin).exists()
    assert login(world.a.inspector).get(f"/rubrics/{version.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.yaml", b"code: x\nversion: [1,\n", "YAML/JSON 格式错误"),
        ("gbk.yaml", "code: 中文\n".encode("gbk"), "不是 UTF-8 编码"),
        ("bad-points.yaml", BAOLIN.read_bytes().replace(b"points: 100", b"points: 99", 1), "points"),
        ("bad-rule.yaml", BAOLIN.read_bytes().replace(b"rule: all_or_nothing", b"rule: magic", 1), "magic"),
        ("notes.txt", b"hello", "只接受 .yaml、.yml、.json 文件"),
        ("repeated.yaml", BAOLIN.read_bytes().replace(b"\nversion: 3\n", b"\nversion: 3\nversion: 4\n", 1),
         "第 4 行第 1 列：键“version”在同一层重复出现（第 3 行第 1 列已有）"),
    ],
)
def test_a_bad_file_is_refused_with_a_chinese_message_and_nothing_is_written(world, login, name, content, message):
    client = login(world.admin)
    response = upload(client, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert RubricVersion.objects.count() == 0
    assert not AuditEntry.objects.exists()


def test_the_same_file_again_changes_nothing_but_changed_content_needs_a_new_version(world, login):
    client = login(world.admin)
    upload(client, "a.yaml", BAOLIN.read_bytes())
    upload(client, "a.yaml", BAOLIN.read_bytes())
    assert RubricVersion.objects.count() == 1
    changed = re.sub(rb"(?m)^title: (.*)$", "title: \\1（修订）".encode(), BAOLIN.read_bytes(), count=1)
    response = upload(client, "a.yaml", changed)
    assert "第 3 版已存在且内容不同" in response.content.decode() and "version 改为 4" in response.content.decode()
    response = upload(client, "a.yaml", changed.replace(b"version: 3", b"version: 4", 1))
    assert RubricVersion.objects.filter(code="baolin-centre").count() == 2


def test_only_the_admin_may_upload(world, login):
    assert login(world.a.inspector).get("/rubrics/upload/").status_code == 404
    assert login(world.a.director).post("/rubrics/upload/", {}).status_code == 404


def test_the_preview_shows_the_range_and_step_of_judged_criteria_and_ranged_levels(world, login):
    import copy
    import json

    from tests.scoring.conftest import scheme_data

    data = copy.deepcopy(scheme_data())
    data["sections"][0]["items"][0]["criteria"][0]["step"] = "0.25"  # base: 0–10, step 0.25
    data["sections"][1]["items"][1]["criteria"][0]["levels"][2] = {"name": "国家级", "min": 1, "points": "1.5"}
    client = login(world.admin)
    response = upload(client, "scheme.json", json.dumps(data, ensure_ascii=False, default=str).encode())
    page = client.get(response["Location"]).content.decode()
    ranges = [re.sub(r"<[^>]+>", "", m).strip() for m in re.findall(r'class="text-muted judged-range">(.*?)</div>',
                                                                      page)]
    assert ranges == ["评定 0—10 分，步长 0.25",  # judged without min
                      "评定 0，或 1—4 分，步长 0.5",  # 加1-4分: 0 or 1…4
                      "扣 0，或 1—2 分，步长 0.5"]  # deduction 扣1-2分: nothing taken, or 1…2
    assert "<li>国家级 1–1.5（步长 0.5）</li>" in page and "<li>市级 0.5</li>" in page  # one level a line


def test_problems_name_their_place_in_words_from_the_files_titles(world, login):
    import json

    from scoring.common import parse_fixture_text

    data = parse_fixture_text(BAOLIN.read_bytes())
    data["sections"][0]["items"][1]["points"] = "abc"
    content = json.dumps(data, ensure_ascii=False, default=str).encode()
    response = upload(login(world.admin), "baolin-centre.json", content)
    html = response.content.decode()
    assert response.status_code == 200
    assert "第1部分「组织领导」第2项·分值（points）</span>：" in html
    assert "sections[0]" not in html
    assert not RubricVersion.objects.exists()


def test_a_yaml_syntax_error_is_told_in_chinese_with_its_line_and_column(world, login):
    response = upload(login(world.admin), "bad.yaml", b"code: x\ntitle: {a: 1\n")
    html = response.content.decode()
    assert "第 3 行第 1 列：缺少逗号或右花括号" in html and "expected" not in html


@pytest.mark.parametrize("path", sorted((settings.FIXTURES_DIR / "schemes").glob("*.yaml")), ids=lambda p: p.name)
def test_a_scheme_file_uploaded_here_is_recognised_and_sent_to_the_scheme_upload_page(world, login, path):
    response = upload(login(world.admin), path.name, path.read_bytes())
    assert response.status_code == 200
    assert [p.message for p in response.context["problems"]] == [
        "这是计分方案文件，不是考核细则文件，未写入任何数据：请到「上传计分方案」页面（/scores/schemes/upload/）上传"]
    assert "未知字段" not in response.content.decode() and not RubricVersion.objects.exists()
