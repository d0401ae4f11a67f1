"""D8: an evaluation keeps the rubric version it was made with. Publishing v2 of a code (other points, other items)
changes nothing in a finalised v1 evaluation — stored scores, item tree, detail page, score sheet, PDF and XLSX —
and a new evaluation started with v2 is scored by v2."""

from __future__ import annotations

import copy
import dataclasses
import io
import json
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from assessment import reports, services
from assessment.models import Evaluation
from scoring.rubric import canonical_json, load_rubric
from tests.assessment import factories

pytestmark = pytest.mark.django_db

NEW_ITEM = "数字化服务能力（第二版新增）"


def v2_text(v1) -> str:
    """baolin-centre v2: item 1.1 worth 2 instead of 1, item 1.3 (贯彻落实文件要求, 2) replaced by a new judged item
    worth 1, pass mark 85 instead of 90. Section 1 still 6, the rubric still 100."""
    data = json.loads(canonical_json(load_rubric(v1.source_text)))
    data["version"] = v1.version + 1
    data["title"] = v1.title + "（2026年修订）"
    data["bands"][0]["min"] = "85"
    first = data["sections"][0]["items"]
    first[0]["points"] = first[0]["criteria"][0]["points"] = "2"
    first[0]["criteria"][0]["text"] = first[0]["criteria"][0]["text"].replace("得1分", "得2分")
    new = copy.deepcopy(first[2])
    new.update(title=NEW_ITEM, points="1", note="第二版新增")
    new["criteria"] = [{"code": "1.3.1", "rule": "judged", "text": "建成线上线下融合的数字化服务体系的,得1分。",
                        "points": "1", "step": "0.5"}]
    first[2] = new
    return json.dumps(data, ensure_ascii=False)


def answers_of(version):
    answers = factories.full_answers(version)
    answers["1.1.1"] = False  # v1: 0 of 1; v2: 0 of 2
    answers["3.2.1"] = 2  # 应进必进: two matters missing (and 8.1.1 创新亮点, per level, none: 0 of 3)
    return answers


def tree(rubric) -> list[tuple]:
    return [(s.code, s.title, s.points, [(i.code, i.title, i.points, [(c.code, c.rule, c.points, c.text)
                                                                      for c in i.criteria]) for i in s.items])
            for s in rubric.sections]


def stored(evaluation: Evaluation) -> dict:
    evaluation.refresh_from_db()
    return {f: getattr(evaluation, f) for f in ("rubric_id", "state", "answers", "total", "max_total", "band",
                                                  "vetoes", "excellence_barred", "unanswered", "result", "revision",
                                                  "updated_at", "finalised_at")}


def sheet_of(evaluation: Evaluation) -> dict:
    sheet = dataclasses.asdict(reports.score_sheet(Evaluation.objects.get(pk=evaluation.pk)))
    sheet.pop("evaluation")
    sheet["context"].pop("generated")
    return sheet


def pdf_of(client, evaluation, tmp_path) -> str:
    """The PDF score sheet's text, whitespace removed (pdftotext when installed, else pypdf)."""
    response = client.get(f"/evaluations/{evaluation.pk}/sheet.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    if shutil.which("pdftotext"):
        path = tmp_path / "sheet.pdf"
        path.write_bytes(response.content)
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
    else:
        from pypdf import PdfReader

        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = "".join(text.split())
    return re.sub(r"\d{4}-\d{2}-\d{2}\d{2}:\d{2}", "", flat)  # the time the PDF was generated


def xlsx_of(client, evaluation) -> list[tuple]:
    response = client.get(f"/evaluations/{evaluation.pk}/sheet.xlsx")
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_a_finalised_v1_evaluation_keeps_its_scores_tree_and_sheets_after_v2_is_published(world, login,
                                                                                           centre_rubric, tmp_path):
    v1 = centre_rubric
    done = factories.evaluation(world.a, kind="acceptance", version=v1, answers=answers_of(v1), state="finalised")
    assert done.state == "finalised" and done.total == Decimal("94") and done.band == "达标"
    client = login(world.a.inspector)
    before = {
        "stored": stored(done), "tree": tree(factories.rubric_of(done.rubric)), "sheet": sheet_of(done),
        "pdf": pdf_of(client, done, tmp_path), "xlsx": xlsx_of(client, done),
        "detail": client.get(f"/evaluations/{done.pk}/").content.decode(),
    }
    assert "贯彻落实文件要求" in before["detail"] and "总分：94分" in before["pdf"]

    v2 = factories.publish_text(v2_text(v1))
    assert (v2.code, v2.version, v2.is_published) == (v1.code, v1.version + 1, True)
    rubric2 = factories.rubric_of(v2)
    assert tree(rubric2) != before["tree"] and rubric2.criterion("1.1.1").points == 2

    # The finalised v1 evaluation: the same stored scores, item tree, score sheet, PDF and XLSX, and its page shows
    # the v1 items only.
    assert stored(done) == before["stored"]
    assert tree(factories.rubric_of(Evaluation.objects.get(pk=done.pk).rubric)) == before["tree"]
    assert sheet_of(done) == before["sheet"]
    assert pdf_of(client, done, tmp_path) == before["pdf"]
    assert xlsx_of(client, done) == before["xlsx"]
    detail = client.get(f"/evaluations/{done.pk}/").content.decode()
    assert "贯彻落实文件要求" in detail and NEW_ITEM not in detail and f"第{v1.version}版" in detail
    # A correction of it is still made against v1.
    correction = services.evaluation_correct(actor=world.a.inspector, evaluation=done)
    assert correction.rubric_id == v1.pk and correction.total == done.total

    # A new evaluation, started with the version in force (the only one the start form offers), is scored by v2.
    page = client.get("/evaluations/new/").content.decode()
    assert f"（第{v2.version}版" in page and f"（第{v1.version}版" not in page
    response = client.post("/evaluations/new/", {"subject": f"centre:{world.a.centre.pk}", "rubric": v2.pk,
                                                 "kind": "acceptance", "period": 2026, "evaluated_on": "2026-03-02"})
    new = Evaluation.objects.exclude(pk__in=[done.pk, correction.pk]).get()
    assert response["Location"] == f"/evaluations/{new.pk}/edit/" and new.rubric_id == v2.pk
    new = factories.evaluation(world.a, kind="acceptance", version=v2, answers=answers_of(v2), period=2027,
                               state="finalised")
    assert new.rubric_id == v2.pk and new.total == Decimal("93")  # 100 − 2 (1.1.1 in v2) − 2 (3.2.1) − 3
    assert [r.code for r in reports.score_sheet(new).rows][:4] == ["1.1.1", "1.2.1", "1.2.2", "1.3.1"]
    assert any(NEW_ITEM in r.item for r in reports.score_sheet(new).rows)
    new_pdf = pdf_of(client, new, tmp_path)
    assert "总分：93分" in new_pdf and f"第{v2.version}版" in new_pdf and "贯彻落实文件要求" not in new_pdf

    # …and the v1 evaluation is still as it was.
    assert stored(done) == before["stored"] and sheet_of(done) == before["sheet"]
