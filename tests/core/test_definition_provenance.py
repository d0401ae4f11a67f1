"""D8, read as written: a stored version's *scoring content* never changes; its provenance (the citations of the
official document, transcription notes, a scheme's description, comments) may be corrected. Loading a file with the
same code, version and scoring content but another text updates the stored version in place, audited, and every
score stays as it was; other scoring content at the same version is refused (a new version is needed), by
``load_fixtures`` too, in one Chinese line. The data migrations recompute the stored hashes."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command, load_command_class

from assessment.models import RubricVersion
from assessment.rubrics import RUBRICS, rubric_of
from core.definitions import import_definition
from core.models import AuditEntry
from scoring.common import DefinitionError, parse_fixture_text
from scoring.ledger import Event, score_period
from scoring.ledger.output import result_to_json as ledger_json
from scoring.rubric import canonical_json, result_to_json, score
from staff_scoring.models import SchemeVersion
from staff_scoring.schemes import SCHEMES, scheme_of
from tests.assessment import factories

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
RUBRIC = ROOT / "fixtures" / "rubrics" / "baolin-centre.yaml"
SCHEME = ROOT / "fixtures" / "schemes" / "baolin-window-staff.yaml"
RUBRIC_VERSION = parse_fixture_text(RUBRIC.read_bytes())["version"]
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def as_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, default=float)  # decimals as JSON numbers


def reworded_rubric() -> str:
    """The fixture with other citations and notes (as JSON: the text differs in form too), same scoring content."""
    data = parse_fixture_text(RUBRIC.read_bytes())
    data["note"] = "出处已按正式文件校订。"
    first = data["sections"][0]["items"][0]
    first["source"] = data["sections"][1]["items"][0]["source"]
    first["criteria"][0]["note"] = "校订说明"
    data["sections"][0]["note"] = "本部分出处已校订"
    return as_json(data)


def reworded_scheme() -> str:
    data = parse_fixture_text(SCHEME.read_bytes())
    data["description"] = "出处已按正式文件校订。"
    data["notes"] = ["校订说明一", "校订说明二"]
    data["deductions"][0]["source"] = data["deductions"][1]["source"]
    data["deductions"][0]["note"] = "校订说明"
    data["categories"][0]["source"] = data["source"]
    return as_json(data)


def repointed_scheme() -> str:
    """Same version, one rule's points changed: other scoring content."""
    data = parse_fixture_text(SCHEME.read_bytes())
    rule = next(r for r in data["deductions"] if isinstance(r.get("points"), int | Decimal))
    rule["points"] = rule["points"] + 1
    return as_json(data)


def ledger_result(version: SchemeVersion):
    scheme = scheme_of(version)
    fixed = [r.code for r in scheme.rules.values() if r.points is not None and not r.refers][:4]
    events = [Event(date=dt.date(2026, 10, 1 + i), rule=code, id=i) for i, code in enumerate(fixed)]
    return ledger_json(score_period(scheme, scheme.employment_categories[0], events, "2026-10"))  # score_ledger's JSON


def test_a_rubric_with_corrected_citations_updates_its_version_in_place_audited_and_scores_the_same(tmp_path, capsys):
    call_command("load_rubric", str(RUBRIC))
    version = RubricVersion.objects.get()
    answers = factories.full_answers(version)
    answers.update({code: False for code in list(answers)[:3] if isinstance(answers[code], bool)})
    before = result_to_json(score(rubric_of(version), answers))
    original, digest = version.source_text, version.content_hash
    corrected = tmp_path / "baolin-centre.json"
    corrected.write_text(reworded_rubric(), encoding="utf-8")
    capsys.readouterr()

    call_command("load_rubric", str(corrected), "--check")
    assert "计分内容相同，载入时将更新其出处说明" in capsys.readouterr().out
    assert RubricVersion.objects.get().source_text == original  # --check writes nothing
    call_command("load_rubric", str(corrected))

    assert f"第 {RUBRIC_VERSION} 版出处说明已更新" in capsys.readouterr().out
    [stored] = RubricVersion.objects.all()
    assert (stored.pk, stored.version, stored.content_hash) == (version.pk, RUBRIC_VERSION, digest) and stored.is_published
    assert stored.source_text == corrected.read_text(encoding="utf-8") and stored.source_name == corrected.name
    assert rubric_of(stored).note == "出处已按正式文件校订。"  # the engine reads the corrected text
    assert result_to_json(score(rubric_of(stored), answers)) == before
    entry = AuditEntry.objects.get(action="更新考核细则出处说明")
    assert entry.object_id == str(stored.pk) and entry.actor is None and entry.reason == "manage.py load_rubric"
    assert entry.before["text_hash"] == sha(original) and entry.after["text_hash"] == sha(stored.source_text)

    call_command("load_rubric", str(corrected))  # the same text again: nothing to do, nothing audited
    assert "内容相同，未改动" in capsys.readouterr().out
    assert AuditEntry.objects.filter(action="更新考核细则出处说明").count() == 1


def test_a_scheme_with_corrected_citations_updates_its_version_in_place_audited_and_scores_the_same(tmp_path, capsys):
    call_command("load_scheme", str(SCHEME))
    version = SchemeVersion.objects.get()
    before, digest = ledger_result(version), version.content_hash
    corrected = tmp_path / SCHEME.name
    corrected.write_text(reworded_scheme(), encoding="utf-8")
    capsys.readouterr()

    call_command("load_scheme", str(corrected), "--check")
    assert "已存在且计分内容相同，载入时将更新其出处说明" in capsys.readouterr().out
    call_command("load_scheme", str(corrected))

    assert "第 1 版出处说明已更新" in capsys.readouterr().out
    [stored] = SchemeVersion.objects.all()
    assert (stored.pk, stored.content_hash) == (version.pk, digest) and stored.is_published
    assert stored.source_text == corrected.read_text(encoding="utf-8")
    assert scheme_of(stored).rules[next(iter(scheme_of(stored).rules))].note == "校订说明"
    assert ledger_result(stored) == before and before["deductions"] != "0"
    entry = AuditEntry.objects.get(action="更新计分方案出处说明")
    assert entry.reason == "manage.py load_scheme" and entry.before["text_hash"] == sha(version.source_text)


def test_a_points_change_at_the_same_version_is_refused_and_nothing_changes(tmp_path):
    import_definition(SCHEMES, SCHEME.read_bytes(), source_name=SCHEME.name, publish=True)
    stored = SchemeVersion.objects.values().get()
    audits = AuditEntry.objects.count()
    with pytest.raises(DefinitionError) as refused:
        import_definition(SCHEMES, repointed_scheme(), source_name=SCHEME.name, publish=True)
    assert str(refused.value.problems[0]).endswith("第 1 版已存在且内容不同；修改内容后请把 version 改为 2")
    assert SchemeVersion.objects.values().get() == stored and AuditEntry.objects.count() == audits


@pytest.fixture
def fixtures_copy(tmp_path, settings):
    """load_fixtures reading a copy of fixtures/ that a test may edit."""
    copy = tmp_path / "fixtures"
    shutil.copytree(ROOT / "fixtures", copy)
    settings.FIXTURES_DIR = copy
    return copy


@pytest.fixture
def _keep_the_test_connection(monkeypatch):
    """run_from_argv closes the database connections when it ends; the test's transaction needs them."""
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)


def test_load_fixtures_updates_corrected_provenance_and_skips_the_rest(fixtures_copy, capsys):
    call_command("load_fixtures")
    hashes = dict(SchemeVersion.objects.values_list("code", "content_hash"))
    (fixtures_copy / "schemes" / SCHEME.name).write_text(reworded_scheme(), encoding="utf-8")
    capsys.readouterr()
    call_command("load_fixtures")
    out = capsys.readouterr().out
    assert out.count("出处说明已更新") == 1 and f"{SCHEME.name}：" in out and "第 1 版出处说明已更新" in out
    assert out.count("未改动") == RubricVersion.objects.count() + SchemeVersion.objects.count() - 1
    assert dict(SchemeVersion.objects.values_list("code", "content_hash")) == hashes
    assert AuditEntry.objects.get(action="更新计分方案出处说明").reason == "manage.py load_fixtures"


@pytest.mark.usefixtures("_keep_the_test_connection")
def test_load_fixtures_refuses_other_content_at_a_loaded_version_in_one_chinese_line(fixtures_copy, capsys):
    call_command("load_fixtures")
    stored = list(SchemeVersion.objects.values())
    (fixtures_copy / "schemes" / SCHEME.name).write_text(repointed_scheme(), encoding="utf-8")
    capsys.readouterr()
    with pytest.raises(SystemExit) as exited:
        load_command_class("provision", "load_fixtures").run_from_argv(["manage.py", "load_fixtures"])
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip()]
    assert exited.value.code not in (0, None)
    assert len(lines) == 1 and CHINESE.search(lines[0]) and "Traceback" not in err, err
    assert f"fixtures/schemes/{SCHEME.name}" in lines[0] and "第 1 版已存在且内容不同" in lines[0]
    assert "version 改为 2" in lines[0]
    assert list(SchemeVersion.objects.values()) == stored


def _migration(app: str, name: str):
    return importlib.import_module(f"{app}.migrations.{name}")


def test_the_migrations_recompute_the_stored_hashes_over_the_scoring_content():
    rubric = import_definition(RUBRICS, RUBRIC.read_bytes(), source_name=RUBRIC.name, publish=True).obj
    scheme = import_definition(SCHEMES, SCHEME.read_bytes(), source_name=SCHEME.name, publish=True).obj
    new_rubric_hash, new_scheme_hash = rubric.content_hash, scheme.content_hash
    rubric_step = _migration("assessment", "0003_rubric_hash_scoring_content")
    scheme_step = _migration("staff_scoring", "0005_scheme_hash_scoring_content")

    rubric_step.backwards(apps, None)
    scheme_step.backwards(apps, None)
    rubric.refresh_from_db()
    scheme.refresh_from_db()
    assert rubric.content_hash == sha(canonical_json(rubric_of(rubric))) != new_rubric_hash  # the former hash
    assert scheme.content_hash != new_scheme_hash

    rubric_step.forwards(apps, None)
    scheme_step.forwards(apps, None)
    rubric.refresh_from_db()
    scheme.refresh_from_db()
    assert (rubric.content_hash, scheme.content_hash) == (new_rubric_hash, new_scheme_hash)
    assert import_definition(RUBRICS, reworded_rubric()).message.endswith(f"第 {RUBRIC_VERSION} 版出处说明已更新，计分内容未变")


def test_a_version_stored_citing_seed_lines_is_migrated_then_corrected_in_place_by_the_fixture(capsys):
    """A database loaded before the documents were cited by name: its text cites the scraped seed by line and its
    hash is the former one. After the migration, loading today's fixture only corrects the text."""
    legacy = re.sub(r'source: "[^"]*"', 'source: "宝林镇方案 印发通知"', RUBRIC.read_text(encoding="utf-8"))
    stored = import_definition(RUBRICS, legacy, source_name=RUBRIC.name, publish=True).obj
    step = _migration("assessment", "0003_rubric_hash_scoring_content")
    step.backwards(apps, None)  # as stored before this change
    step.forwards(apps, None)
    capsys.readouterr()
    call_command("load_rubric", str(RUBRIC))
    assert f"第 {RUBRIC_VERSION} 版出处说明已更新" in capsys.readouterr().out
    [version] = RubricVersion.objects.all()
    assert version.pk == stored.pk and version.source_text == RUBRIC.read_text(encoding="utf-8")
