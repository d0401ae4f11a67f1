"""One form for every upload of a whole file to be read (``core.forms.UploadForm``): on each upload page a file of
another kind, or over the reader's own limit, is refused at the form with one Chinese wording — the file is never
handed to the reader — and the field says what the page takes."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.forms import UploadForm
from core.uploads import MAX_XLSX_BYTES
from scoring.common import MAX_FIXTURE_BYTES
from tests.staff_scoring.conftest import schemes, scored_world  # noqa: F401 - the staff pages' world

DEFINITION = {"accept": ".yaml,.yml,.json", "too_big": "文件过大：不超过 1 MB", "wrong": "只接受 .yaml、.yml、.json 文件",
              "limit": MAX_FIXTURE_BYTES, "right_name": "big.yaml", "wrong_name": "notes.txt"}
SPREADSHEET = {"accept": ".xlsx", "too_big": "文件过大：不超过 5 MB", "wrong": "只接受 .xlsx 文件",
               "limit": MAX_XLSX_BYTES, "right_name": "big.xlsx", "wrong_name": "记录.xls", "label": "Excel 文件（.xlsx）"}


@dataclass(frozen=True)
class Page:
    url: str  # URL name
    user: str  # "admin" or "director" (of centre a)
    reader: str  # what the view hands the file to: it must never be called for a refused file
    kind: dict
    label: str = ""
    centre: bool = False  # the URL takes centre a
    data: dict = field(default_factory=dict)


PAGES = {
    "rubric": Page("assessment:rubric_upload", "admin", "assessment.views.rubrics.import_definition",
                   DEFINITION, label="考核细则文件（YAML 或 JSON，UTF-8 编码）"),
    "scheme": Page("staff_scoring:scheme_upload", "admin", "staff_scoring.services.upload_scheme",
                   DEFINITION, label="计分方案文件（YAML 或 JSON，UTF-8 编码）"),
    "staff_events": Page("staff_scoring:import_events", "director", "staff_scoring.imports.import_events",
                         SPREADSHEET, centre=True),
    "trainings": Page("trainings:import", "director", "trainings.imports.import_trainings", SPREADSHEET, centre=True),
    "catalogue": Page("matters:centre_import", "director", "matters.views.imports.parse_catalogue", SPREADSHEET,
                      centre=True, data={"on": timezone.localdate().isoformat(), "reason": "按县里调整通知更新"}),
}


def _open(page: Page, world, login):
    user = world.admin if page.user == "admin" else world.a.director
    url = reverse(page.url, kwargs={"centre": world.a.centre.pk} if page.centre else None)
    return login(user), url


def _never_read(monkeypatch, page: Page):
    def read(*args, **kwargs):
        raise AssertionError(f"{page.reader} was handed a file the form should have refused")

    monkeypatch.setattr(page.reader, read)


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("case", ["too_big", "wrong"])
def test_the_page_refuses_a_file_at_the_form_before_it_is_read(scored_world, login, monkeypatch, name, case):  # noqa: F811
    page = PAGES[name]
    kind = page.kind
    _never_read(monkeypatch, page)
    if case == "too_big":  # one byte over the reader's limit, of the right kind
        upload = SimpleUploadedFile(kind["right_name"], b"#" * (kind["limit"] + 1))
    else:
        upload = SimpleUploadedFile(kind["wrong_name"], b"code: x\n")
    client, url = _open(page, scored_world, login)
    response = client.post(url, {"file": upload, **page.data})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [kind[case]]
    assert kind[case] in response.content.decode()
    assert not response.context["problems"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_names_what_it_takes(scored_world, login, name):  # noqa: F811
    page = PAGES[name]
    client, url = _open(page, scored_world, login)
    response = client.get(url)
    label = page.label or page.kind["label"]
    assert response.context["form"].fields["file"].label == label
    html = response.content.decode()
    assert label in html and f'accept="{page.kind["accept"]}"' in html


# --- the form itself --------------------------------------------------------------------------------------------


def _form(name: str, size: int, *, max_bytes: int = 2**20) -> UploadForm:
    form = UploadForm(files={"file": SimpleUploadedFile(name, b"x" * size)}, suffixes=(".yaml", ".JSON"),
                      max_bytes=max_bytes, label="方案文件")
    form.is_valid()
    return form


def test_a_file_at_the_limit_is_taken_and_one_byte_more_is_not():
    assert _form("a.yaml", 2**20).errors == {}
    assert _form("a.yaml", 2**20 + 1).errors["file"] == ["文件过大：不超过 1 MB"]
    assert _form("a.yaml", 3 * 2**20, max_bytes=int(1.5 * 2**20)).errors["file"] == ["文件过大：不超过 1.5 MB"]


def test_the_extension_is_read_without_case_and_listed_in_the_refusal():
    assert _form("方案.YAML", 10).errors == {} and _form("方案.json", 10).errors == {}
    assert _form("方案.yaml.exe", 10).errors["file"] == ["只接受 .yaml、.json 文件"]
    assert _form("yaml", 10).errors["file"] == ["只接受 .yaml、.json 文件"]


def test_a_missing_or_empty_file_is_refused_in_chinese():
    form = UploadForm({}, {}, suffixes=(".xlsx",), max_bytes=10, label="x")
    assert not form.is_valid() and form.errors["file"] == ["请选择文件"]
    assert _form("a.yaml", 0).errors["file"] == ["文件是空的"]


def test_the_label_and_accept_are_the_arguments():
    form = UploadForm.spreadsheet()
    assert form.fields["file"].label == "Excel 文件（.xlsx）" and form.max_bytes == MAX_XLSX_BYTES
    assert form.fields["file"].widget.attrs["accept"] == ".xlsx"
    assert UploadForm.base_fields["file"].widget.attrs.get("accept") is None  # one form's arguments stay its own
