"""What people see of a rubric and of the evaluations made with it: the criteria in a table with sensible column
widths; no transcription notes, source line numbers, decision numbers or fact code names for inspectors and directors
(the admin finds them behind 出处与说明); titles and 第N版 instead of code names; guidance records name the
evaluation they came from."""

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django.conf import settings

from tests.assessment import factories

pytestmark = pytest.mark.django_db

# What the fixtures' transcription carries and users must not see (baolin-centre.yaml).
DEVELOPER_TEXT = [
    "种子未给出合格线", "按 D6", "缺字的解读写在 note 中", "(宝林镇方案 附件1)", "宝林镇方案 附件1 组织领导·组织机构落实", "宝林镇方案 附件1", "扫描缺字",
    "centre.cannot_do_window_present", "matters.required_missing", "matters.life_services_count",
    "centre.hall_area_m2", "baolin-centre",
]


class _Text(HTMLParser):
    """The text of a page as shown before anything is clicked: no head, scripts, styles or collapsed parts."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack: list[bool] = []  # per open element: hidden?
        self.shown: list[str] = []
        self.hidden: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        hidden = tag in ("head", "script", "style", "title") or ("collapse" in classes and "show" not in classes)
        self.stack.append(hidden or bool(self.stack and self.stack[-1]))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        (self.hidden if self.stack and self.stack[-1] else self.shown).append(data)


def texts(html: str) -> tuple[str, str]:
    """(shown text, collapsed text) of a page's main part, whitespace squeezed."""
    parser = _Text()
    parser.feed(html[html.index("<main"):html.index("</main>")])
    squeeze = lambda parts: re.sub(r"\s+", " ", " ".join(parts))  # noqa: E731
    return squeeze(parser.shown), squeeze(parser.hidden)


@pytest.fixture
def centre_version(db):
    return factories.published("baolin-centre")


@pytest.mark.parametrize("who", ["inspector", "director"])
def test_inspectors_and_directors_see_no_transcription_notes_sources_or_code_names(world, login, centre_version, who):
    html = login(getattr(world.a, who)).get(f"/rubrics/{centre_version.pk}/").content.decode()
    for text in DEVELOPER_TEXT:
        assert text not in html, text
    assert "出处与说明" not in html
    shown, collapsed = texts(html)
    assert not re.search(r"\bD\d+\b", shown + collapsed)  # the page's text, not a random CSRF token
    assert "宝林镇“示范便民服务中心”评估验收标准" in shown and "第3版" in shown and "满分 100" in shown
    assert "等次：达标（≥90）；未达标" in shown


@pytest.mark.parametrize("code", [p.stem for p in sorted((settings.FIXTURES_DIR / "rubrics").glob("*.yaml"))])
def test_no_built_in_rubric_shows_line_numbers_decisions_or_notes_to_an_inspector(world, login, code):
    version = factories.published(code)
    html = login(world.a.inspector).get(f"/rubrics/{version.pk}/").content.decode()
    shown, collapsed = texts(html)
    assert not collapsed
    assert not re.search(r"\bL\d+|\bD\d+\b|\b00\d\b|种子|扫描|note|[a-z]+\.[a-z_]+", shown), code
    assert version.code not in html


@pytest.mark.parametrize("who", ["inspector", "director", "admin"])
def test_fact_bindings_read_as_plain_chinese(world, login, centre_version, who):
    shown, _ = texts(login(getattr(world.a, who, None) or world.admin).get(f"/rubrics/{centre_version.pk}/")
                     .content.decode())
    assert "系统根据事项目录自动计算：对照本镇进驻事项目录，未进驻便民服务中心受理并办理的事项数" in shown
    assert "系统根据事项目录自动计算：进驻大厅的水、电、气、电视、通信、金融、邮政快递等生活服务事项数" in shown
    assert "系统根据中心窗口设置自动计算：设有“办不成事”反映窗口" in shown
    assert "matters." not in shown and "centre." not in shown


def test_the_admin_finds_sources_and_notes_behind_a_toggle(world, login, centre_version):
    html = login(world.admin).get(f"/rubrics/{centre_version.pk}/").content.decode()
    shown, collapsed = texts(html)
    assert 'data-bs-toggle="collapse" data-bs-target=".rubric-src"' in html
    assert "出处与说明" in shown
    for text in DEVELOPER_TEXT[:-1]:  # the code name is the admin's (below)
        assert text not in shown, text  # nothing of it before the toggle is clicked …
    for text in ("种子未给出合格线", "按 D6", "宝林镇方案 附件1", "宝林镇方案 附件1 组织领导·组织机构落实", "扫描缺字", "matters.required_missing",
                 "centre.cannot_do_window_present", "baolin-centre"):
        assert text in collapsed, text  # … all of it after
    assert "D6" in collapsed  # the decision number of the bands, only there
    # the code name in a small muted span next to the version, on the admin's page only
    assert re.search(r'<code class="text-muted" data-testid="rubric-code">baolin-centre</code>', html)


def test_the_criteria_table_has_fixed_column_widths(world, login, centre_version):
    html = login(world.a.inspector).get(f"/rubrics/{centre_version.pk}/").content.decode()
    assert "table-layout: fixed" in html
    assert ('<colgroup><col class="col-code"><col class="col-text"><col class="col-rule"><col class="col-points">'
            '<col class="col-basis"></colgroup>') in html
    assert "text-nowrap" not in html.split('data-testid="rubric-table"', 1)[1]  # nothing may widen a column


def test_the_rubric_list_shows_titles_and_versions_and_the_code_only_to_the_admin(world, login, centre_version):
    inspector = login(world.a.inspector).get("/rubrics/").content.decode()
    assert "宝林镇“示范便民服务中心”评估验收标准" in inspector and "第3版" in inspector
    assert "baolin-centre" not in inspector and "编码" not in inspector
    assert "baolin-centre" in login(world.admin).get("/rubrics/").content.decode()


def test_evaluation_pages_name_the_rubric_by_title_and_version(world, login, centre_version):
    evaluation = factories.evaluation(world.a, version=centre_version)
    director = login(world.a.director)
    for url in ("/evaluations/", f"/evaluations/{evaluation.pk}/", f"/evaluations/{evaluation.pk}/edit/"):
        html = director.get(url).content.decode()
        assert "baolin-centre" not in html, url
        assert " v1" not in html, url
        shown, _ = texts(html)
        assert "宝林镇“示范便民服务中心”评估验收标准" in shown and "第3版" in shown, url
    admin = login(world.admin)
    assert '<code class="text-muted small">baolin-centre</code>' in admin.get("/evaluations/").content.decode()
    assert '<code class="text-muted small">baolin-centre</code>' in admin.get(f"/evaluations/{evaluation.pk}/").content.decode()


def test_the_evaluation_form_hides_transcription_notes_from_directors(world, login, centre_version):
    evaluation = factories.evaluation(world.a, version=centre_version)
    html = login(world.a.director).get(f"/evaluations/{evaluation.pk}/edit/").content.decode()
    assert "扫描缺字" not in html and "种子" not in html
    assert "有关文件资料" in html  # the basis stays


def test_a_guidance_record_names_the_evaluation_it_came_from(world, login, centre_version):
    answers = {**factories.full_answers(centre_version), "1.1.1": False}
    inspection = factories.evaluation(world.a, kind="spot", version=centre_version, answers=answers,
                                      state="submitted", period=2026, on=date(2026, 5, 12))
    client = login(world.a.inspector)
    client.post(f"/evaluations/{inspection.pk}/rectify/", {"limit_days": 10, "owner": "张主任"})
    html = client.get("/guidance/").content.decode()
    link = re.search(r'data-testid="guidance-source">(.*?)</a>', html).group(1)
    assert link == f"{world.a.centre.name} 2026年抽查 失分项"
    assert "2026-05-12" in texts(html)[0]
    assert f"#{inspection.pk}" not in html
