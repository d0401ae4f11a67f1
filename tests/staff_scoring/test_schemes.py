"""Scheme versions: the admin's upload → Chinese errors naming the path, nothing written → preview → publish;
`manage.py load_scheme FILE [--check]`; `load_fixtures` skips unchanged files; which version scores a period."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from staff_scoring.fixtures_loader import load_all
from staff_scoring.models import SchemeVersion
from staff_scoring.schemes import published_staff_versions, version_in_force

pytestmark = pytest.mark.django_db

WINDOW = Path(settings.FIXTURES_DIR) / "schemes" / "baolin-window-staff.yaml"


def upload(client, text: str, name: str = "scheme.yaml"):
    return client.post(reverse("staff_scoring:scheme_upload"),
                       {"file": SimpleUploadedFile(name, text.encode("utf-8"))})


def test_an_invalid_file_lists_every_problem_with_its_path_and_writes_nothing(world, login):
    text = WINDOW.read_text(encoding="utf-8").replace("    points: 3\n", "    pionts: 3\n", 1).replace(
        "aggravated: {min: 25, max: 40}", "aggravated: {min: 45, max: 40}", 1)
    response = upload(login(world.admin), text)
    assert response.status_code == 200
    problems = response.context["problems"]
    assert any(p.startswith("第1条扣分细则（细则 1）·「pionts」：未知字段「pionts」") for p in problems), problems
    assert any(p.startswith("第4条扣分细则（细则 4）·造成不良影响（aggravated）：min 45 大于 max 40") for p in problems)
    assert not any("deductions[" in p for p in problems)  # paths as people read them (issue #13 item 9)
    assert not SchemeVersion.objects.exists()


def test_a_valid_file_is_previewed_unpublished_then_published(world, login):
    client = login(world.admin)
    response = upload(client, WINDOW.read_text(encoding="utf-8"), "baolin-window-staff.yaml")
    version = SchemeVersion.objects.get()
    assert response["Location"] == reverse("staff_scoring:scheme_detail", kwargs={"scheme": version.pk})
    assert not version.is_published and version.subject == "staff" and version.applies_to == "centre_window"
    preview = client.get(response["Location"]).content.decode()
    assert "确认无误，发布" in preview and "迟到、早退。" in preview and "每季度最多 8 分" in preview
    assert version_in_force(published_staff_versions(), "centre", timezone.localdate()) is None
    client.post(reverse("staff_scoring:scheme_publish", kwargs={"scheme": version.pk}))
    version.refresh_from_db()
    assert version.is_published
    assert version_in_force(published_staff_versions(), "centre", timezone.localdate()) == version


def test_the_same_version_with_other_content_is_refused(world, login):
    load_all(io.StringIO())
    changed = WINDOW.read_text(encoding="utf-8").replace("迟到、早退。", "迟到或早退。")
    problems = upload(login(world.admin), changed).context["problems"]
    assert problems == ["版本（version）：计分方案「baolin-window-staff」第 1 版已存在且内容不同；修改内容后请把 version 改为 2"]


def test_only_the_admin_may_manage_schemes(world, login):
    for user in (world.a.director, world.a.inspector, world.a.staff_user):
        assert login(user).get(reverse("staff_scoring:scheme_list")).status_code == 404


def test_load_scheme_checks_then_loads_and_publishes(world, capsys):
    call_command("load_scheme", str(WINDOW), "--check")
    assert "校验通过" in capsys.readouterr().out and not SchemeVersion.objects.exists()
    call_command("load_scheme", str(WINDOW))
    assert SchemeVersion.objects.get().is_published
    call_command("load_scheme", str(WINDOW))
    assert "内容相同" in capsys.readouterr().out and SchemeVersion.objects.count() == 1


def test_load_scheme_refuses_an_invalid_file_in_chinese(world, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("code: x\nversion: 0\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"version: 应不小于 1"):
        call_command("load_scheme", str(bad), "--check")


def test_the_two_load_commands_answer_a_broken_file_in_the_same_words(world, tmp_path):
    """load_rubric and load_scheme share one message table, each naming its kind (a walk found 未保存 beside
    未写入任何数据 for the same refusal)."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("code: x\nversion: 0\n", encoding="utf-8")
    answers = []
    for command, noun in (("load_scheme", "计分方案"), ("load_rubric", "考核细则")):
        with pytest.raises(CommandError) as refused:
            call_command(command, str(bad))
        answers.append(str(refused.value).split("：")[0])
        assert str(refused.value).startswith(f"{noun}文件「bad.yaml」校验未通过（")
        with pytest.raises(CommandError, match=f"「{tmp_path}」是目录，不是{noun}文件"):
            call_command(command, str(tmp_path))
    assert [a.replace("计分方案", "考核细则") for a in answers][0].split("（")[0] == answers[1].split("（")[0]
    assert not SchemeVersion.objects.exists()


def test_load_fixtures_loads_every_scheme_once(world):
    out = io.StringIO()
    load_all(out)
    load_all(out)
    assert SchemeVersion.objects.filter(published_at__isnull=False).count() == 3
    assert "未改动" in out.getvalue()
    assert SchemeVersion.objects.get(code="shangyu-window").subject == "window"  # reused by the window ledger


def test_a_new_version_scores_only_periods_ending_after_it_was_published(world):
    load_all(io.StringIO())
    v1 = SchemeVersion.objects.get(code="baolin-window-staff")
    v2 = SchemeVersion.objects.create(code=v1.code, version=2, title=v1.title, source_text=v1.source_text.replace(
        "version: 1", "version: 2"), content_hash="x" * 64, subject="staff", applies_to="centre_window",
        published_at=timezone.now() + dt.timedelta(days=40))
    versions = published_staff_versions()
    today = timezone.localdate()
    assert version_in_force(versions, "centre", today) == v1
    assert version_in_force(versions, "centre", today + dt.timedelta(days=60)) == v2
    assert version_in_force(versions, "centre", dt.date(2020, 1, 31)) == v1  # before any: the earliest


def test_load_scheme_check_compares_with_the_stored_version_and_writes_nothing(world, tmp_path, capsys):
    call_command("load_scheme", str(WINDOW))
    changed = tmp_path / "changed.yaml"
    changed.write_text(WINDOW.read_text(encoding="utf-8").replace("title:", "title: 修订", 1), encoding="utf-8")
    capsys.readouterr()
    with pytest.raises(CommandError, match=r"第 1 版已存在且内容不同；修改内容后请把 version 改为 2"):
        call_command("load_scheme", str(changed), "--check")
    call_command("load_scheme", str(WINDOW), "--check")
    assert "已存在且内容相同，载入时不会改动" in capsys.readouterr().out
    assert SchemeVersion.objects.count() == 1


@pytest.mark.parametrize("path", sorted((Path(settings.FIXTURES_DIR) / "rubrics").glob("*.yaml")), ids=lambda p: p.name)
def test_a_rubric_file_uploaded_here_is_recognised_and_sent_to_the_rubric_upload_page(world, login, path):
    response = upload(login(world.admin), path.read_text(encoding="utf-8"), path.name)
    assert response.status_code == 200
    assert response.context["problems"] == [
        "这是考核细则文件，不是计分方案文件，未写入任何数据：请到「上传考核细则」页面（/rubrics/upload/）上传"]
    assert "未知字段" not in response.content.decode() and not SchemeVersion.objects.exists()


def test_a_scheme_with_a_stray_rubric_key_is_still_checked_as_a_scheme(world, login):
    response = upload(login(world.admin), WINDOW.read_text(encoding="utf-8") + "sections: []\n")
    assert any("未知字段「sections」" in p for p in response.context["problems"]), response.context["problems"]


def test_both_definition_uploads_refuse_a_file_over_what_the_reader_takes_at_the_form(world, login):
    """The reader takes up to 1 MB (scoring.common.MAX_FIXTURE_BYTES); the upload forms allowed 2 MB before, so a
    1.5 MB file went through the form to be refused by the reader in other words."""
    client = login(world.admin)
    big = "# " + "填" * (1_500_000 // 3) + "\n"
    for url in (reverse("staff_scoring:scheme_upload"), reverse("assessment:rubric_upload")):
        response = client.post(url, {"file": SimpleUploadedFile("big.yaml", big.encode("utf-8"))})
        assert response.status_code == 200, url
        assert response.context["form"].errors["file"] == ["文件过大：不超过 1 MB"], url  # the form's, not the reader's
    assert not SchemeVersion.objects.exists()
