import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessment.models import RubricVersion
from core.models import AuditEntry

BAOLIN = settings.FIXTURES_DIR / "rubrics" / "baolin-centre.yaml"


@pytest.mark.django_db
def test_load_rubric_check_validates_without_writing(capsys):
    call_command("load_rubric", str(BAOLIN), "--check")
    assert "校验通过" in capsys.readouterr().out
    assert RubricVersion.objects.count() == 0


def _check_reads_only(*args):
    """``load_rubric --check`` with the queries it sends: SELECTs only (nothing written, not even rolled back)."""
    with CaptureQueriesContext(connection) as queries:
        try:
            call_command("load_rubric", *args, "--check")
        finally:
            sent = [q["sql"] for q in queries.captured_queries]
            assert sent and all(sql.lstrip().upper().startswith("SELECT") for sql in sent), sent


@pytest.mark.django_db
def test_load_rubric_check_refuses_a_stored_version_with_other_content_as_the_load_does(tmp_path):
    call_command("load_rubric", str(BAOLIN))
    stored = RubricVersion.objects.get()
    audits = AuditEntry.objects.count()
    changed = tmp_path / "changed.yaml"
    changed.write_bytes(BAOLIN.read_bytes().replace("label: 达标".encode(), "label: 合格".encode(), 1))
    assert changed.read_bytes() != BAOLIN.read_bytes()

    with pytest.raises(CommandError, match="第 3 版已存在且内容不同；修改内容后请把 version 改为 4") as checked:
        _check_reads_only(str(changed))
    with pytest.raises(CommandError) as loaded:
        call_command("load_rubric", str(changed))
    assert str(checked.value) == str(loaded.value)  # the same refusal, word for word
    assert list(RubricVersion.objects.values_list("pk", "content_hash", "published_at")) == [
        (stored.pk, stored.content_hash, stored.published_at)]
    assert AuditEntry.objects.count() == audits


@pytest.mark.django_db
def test_load_rubric_check_accepts_the_stored_content_and_a_new_version(tmp_path, capsys):
    call_command("load_rubric", str(BAOLIN))
    capsys.readouterr()
    _check_reads_only(str(BAOLIN))
    assert "已存在，内容相同，载入时不会改动" in capsys.readouterr().out

    v2 = tmp_path / "v2.yaml"
    v2.write_bytes(BAOLIN.read_bytes().replace(b"\nversion: 3\n", b"\nversion: 4\n", 1)
                   .replace("label: 达标".encode(), "label: 合格".encode(), 1))
    _check_reads_only(str(v2))
    assert "baolin-centre 第4版" in capsys.readouterr().out
    assert RubricVersion.objects.count() == 1


@pytest.mark.django_db
def test_load_rubric_check_says_an_unpublished_stored_version_would_be_published(capsys):
    from assessment.rubrics import RUBRICS
    from core.definitions import import_definition

    import_definition(RUBRICS, BAOLIN.read_bytes(), source_name=BAOLIN.name)
    _check_reads_only(str(BAOLIN))
    assert "载入时将发布该版本" in capsys.readouterr().out
    assert not RubricVersion.objects.get().is_published


@pytest.mark.django_db
def test_load_rubric_check_runs_the_model_checks_of_the_load(tmp_path):
    long_title = tmp_path / "long.yaml"
    text = BAOLIN.read_text("utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title: "))
    long_title.write_text(text.replace(title, "title: " + "长" * 201, 1), "utf-8")

    with pytest.raises(CommandError, match="校验未通过") as checked:  # the loader knows the column's length now
        call_command("load_rubric", str(long_title), "--check")
    with pytest.raises(CommandError) as loaded:
        call_command("load_rubric", str(long_title))
    assert "title: 名称最多 200 个字符" in str(checked.value) and str(checked.value) == str(loaded.value)
    assert RubricVersion.objects.count() == 0


@pytest.mark.django_db
def test_load_rubric_check_refuses_a_file_with_a_repeated_key(tmp_path):
    repeated = tmp_path / "repeated.yaml"
    repeated.write_text(BAOLIN.read_text("utf-8").replace("\nversion: 3\n", "\nversion: 3\nversion: 4\n", 1), "utf-8")
    with pytest.raises(CommandError, match="键“version”在同一层重复出现"):
        call_command("load_rubric", str(repeated), "--check")


@pytest.mark.django_db
def test_load_rubric_stores_and_publishes_once(capsys):
    call_command("load_rubric", str(BAOLIN))
    call_command("load_rubric", str(BAOLIN))
    assert RubricVersion.objects.get().is_published
    assert "已存在，内容相同" in capsys.readouterr().out


@pytest.mark.django_db
def test_load_rubric_refuses_a_broken_file_and_writes_nothing(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_bytes(BAOLIN.read_bytes().replace(b"points: 100", b"points: 101", 1))
    with pytest.raises(CommandError, match="校验未通过"):
        call_command("load_rubric", str(broken))
    assert RubricVersion.objects.count() == 0


@pytest.mark.django_db
def test_load_fixtures_loads_every_rubric_in_the_fixtures_folder():
    call_command("load_fixtures")
    codes = set(RubricVersion.objects.filter(published_at__isnull=False).values_list("code", flat=True))
    on_disk = {p.stem for p in (settings.FIXTURES_DIR / "rubrics").glob("*.yaml")}
    assert codes == on_disk and "baolin-centre" in codes


def test_score_rubric_gives_full_marks_for_an_all_true_sheet_without_a_database(tmp_path, capsys):
    from scoring.rubric import load_rubric

    rubric = load_rubric(BAOLIN.read_bytes())
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({c.code: True for _, _, c in rubric.iter_criteria()}))
    call_command("score_rubric", "baolin-centre", str(answers))
    result = json.loads(capsys.readouterr().out)
    assert result["total"] == "100" and result["max"] == "100" and result["band"] == "达标"
    assert [s["max"] for s in result["sections"]] == ["6", "21", "23", "10", "13", "18", "6", "3"]


def test_score_rubric_exits_non_zero_on_an_unknown_code(tmp_path):
    answers = tmp_path / "a.json"
    answers.write_text("{}")
    with pytest.raises(SystemExit) as exc:
        call_command("score_rubric", "no-such-rubric", str(answers))
    assert exc.value.code != 0


CODES = ["baolin-centre", "baolin-station", "meishan-centre", "meishan-window", "jiange-department",
         "jiange-township", "county-base80", "chengdu-base70"]


@pytest.mark.parametrize("code", CODES)
def test_every_rubric_of_the_seeds_gives_100_for_a_full_marks_sheet(code, tmp_path, capsys):
    from scoring.rubric import find_rubric_file, load_rubric

    rubric = load_rubric(find_rubric_file(code, settings.FIXTURES_DIR / "rubrics").read_bytes())
    answers = tmp_path / "full.json"
    answers.write_text(json.dumps({c.code: True for _, _, c in rubric.iter_criteria()}))
    call_command("score_rubric", code, str(answers))
    result = json.loads(capsys.readouterr().out)
    assert (result["rubric"], result["total"], result["max"], result["unanswered"], result["vetoes"]) == (
        code, "100", "100", [], [])


@pytest.mark.parametrize("code", CODES)
def test_every_rubric_blank_sheet_scores_zero_and_lists_every_criterion(code, tmp_path, capsys):
    answers = tmp_path / "blank.json"
    answers.write_text("{}")
    call_command("score_rubric", code, str(answers), "--format", "json")
    result = json.loads(capsys.readouterr().out)
    criteria = [c["code"] for s in result["sections"] for i in s["items"] for c in i["criteria"]]
    assert result["total"] == "0" and result["unanswered"] == criteria and len(criteria) > 10
