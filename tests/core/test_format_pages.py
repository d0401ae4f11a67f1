"""The upload pages offer the file format as a page of the app (rendered from docs/*.md) and a downloadable example
that passes the upload's own checks (issue #13 item 9). The page shows the Chinese guide for the admin
(docs/*.zh.md) first and the English reference below it; the guide names only fields the loader reads."""

import re

import pytest
import yaml
from django.urls import reverse

from core.definitions import fixture_files
from core.formats import DOCS_DIR
from scoring.checker import Checker
from scoring.ledger import load_scheme
from scoring.ledger import model as ledger_model
from scoring.rubric import load_rubric
from scoring.rubric import model as rubric_model

pytestmark = pytest.mark.django_db

PAGES = {
    "rubric": ("assessment:rubric_upload", "assessment:rubric_format", "assessment:rubric_example", load_rubric,
               "Rubric fixtures"),
    "scheme": ("staff_scoring:scheme_upload", "staff_scoring:scheme_format", "staff_scoring:scheme_example",
               load_scheme, "Ledger schemes"),
}
# kind → the Chinese guide, its title, and a sentence of it
GUIDES = {
    "rubric": ("rubrics.zh.md", "考核细则文件编写指南", "同一编码、同一版本号而内容不同的文件会被拒绝"),
    "scheme": ("schemes.zh.md", "计分方案文件编写指南", "同一编码、同一版本号而内容不同的文件会被拒绝"),
}


@pytest.mark.parametrize("kind", list(PAGES))
def test_the_upload_page_links_the_format_page_and_the_example(world, login, kind):
    upload, fmt, example, _, _ = PAGES[kind]
    html = login(world.admin).get(reverse(upload)).content.decode()
    assert f'href="{reverse(fmt)}"' in html and f'href="{reverse(example)}"' in html
    assert "docs/" not in html  # no path into the repository for people to look up


@pytest.mark.parametrize("kind", list(PAGES))
def test_the_format_page_renders_the_markdown_document_with_its_tables(world, login, kind):
    _, fmt, example, _, heading = PAGES[kind]
    response = login(world.admin).get(reverse(fmt))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in html and heading in html and "<table>" in html and "<code>" in html
    assert "| key |" not in html and "## " not in html  # rendered, not shown as Markdown source
    assert f'href="{reverse(example)}"' in html


@pytest.mark.parametrize("kind", list(PAGES))
def test_the_example_downloads_as_a_file_that_passes_the_checks(world, login, kind):
    _, _, example, load, _ = PAGES[kind]
    response = login(world.admin).get(reverse(example))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment") and ".yaml" in response["Content-Disposition"]
    assert load(b"".join(response.streaming_content)).version >= 1


@pytest.mark.parametrize("kind", list(PAGES))
@pytest.mark.parametrize("who", ["director", "staff"])
def test_only_the_admin_sees_the_format_page_and_the_example(world, login, kind, who):
    user = getattr(world.a, who if who != "staff" else "staff_user")
    client = login(user)
    assert client.get(reverse(PAGES[kind][1])).status_code == 404
    assert client.get(reverse(PAGES[kind][2])).status_code == 404


@pytest.mark.parametrize("kind", list(PAGES))
def test_the_format_page_shows_the_chinese_guide_first_and_the_english_reference_folded_below(world, login, kind):
    _, fmt, example, _, heading = PAGES[kind]
    _, title, sentence = GUIDES[kind]
    html = login(world.admin).get(reverse(fmt)).content.decode()
    assert f"<h1 id=\"{title}\">{title}</h1>" in html and sentence in html
    assert f'href="{reverse(example)}"' in html
    folded = re.search(r'<details[^>]*>\s*<summary[^>]*>完整技术说明（英文）</summary>(.*)</details>', html, re.S)
    assert folded is not None
    assert 'lang="en"' in folded.group(1) and heading in folded.group(1) and "<table>" in folded.group(1)
    assert html.index(title) < html.index("<details")  # the guide comes first, outside the English part
    assert html.count('lang="en"') == 1  # only the reference is marked English: the guide is read as Chinese


# The names each loader accepts, from the loader itself: it reads every mapping of a file through
# Checker.mapping(node, path, allowed, ...), so recording ``allowed`` while every fixture of the kind loads gives the
# loader's own tables — the rubric loader's TOP_KEYS, SECTION_KEYS ... RULE_KEYS, and the scheme loader's, most of
# which are literal tuples inside its functions (nothing to import). ``allowed`` is recorded whether or not a fixture
# uses the key; only a kind of mapping no fixture reaches would be missed, and then this test fails, never passes.
# The fixtures' own keys would miss optional keys they do not use, and the English document's tables are prose that
# can drift themselves. Values the guide writes in backticks (rule types, roles, periods ...) come from the engines'
# constants; level and consequence codes are defined by each file (its ``levels`` and ``consequences``).
VALUES = {
    "rubric": {*rubric_model.RULE_TYPES, *rubric_model.ROLES, *rubric_model.SUBJECTS, *rubric_model.VETO_EFFECTS,
               rubric_model.LIMIT_BONUS},
    "scheme": {*ledger_model.SUBJECTS, *ledger_model.POSTS, *ledger_model.KINDS, *ledger_model.UNIT_TEXT,
               *ledger_model.ONCE_PER},
}
YAML_WORDS = {"true", "false", "null"}
MISSPELT = {"pionts"}  # the guides' example of a typo the loader refuses
NAME = re.compile(r"([a-z_]+)(?:: (.*))?")  # `points`, `role: bonus`, `code: "1.2"`, `national: 国家级`
WORD = re.compile(r"[a-z_]+")


def accepted_keys(kind: str, monkeypatch) -> dict[str, set[str]]:
    """{path of the mapping in its file (0-based indexes taken out): the keys the loader allows there}."""
    load, folder = (load_rubric, "rubrics") if kind == "rubric" else (load_scheme, "schemes")
    seen: dict[str, set[str]] = {}
    original = Checker.mapping

    def recording(self, node, path, allowed, *args, **kwargs):
        seen.setdefault(re.sub(r"\[\d+\]", "", path), set()).update(allowed)
        return original(self, node, path, allowed, *args, **kwargs)

    monkeypatch.setattr(Checker, "mapping", recording)
    for path in fixture_files(folder):
        load(path.read_bytes())
    return seen


def defined_codes(kind: str) -> set[str]:
    """The level and consequence codes the scheme fixtures define (a rubric file defines none)."""
    if kind == "rubric":
        return set()
    codes: set[str] = set()
    for path in fixture_files("schemes"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        codes |= {str(code) for table in ("levels", "consequences") for code in (data.get(table) or {})}
    return codes


def yaml_keys(node) -> set[str]:
    if isinstance(node, dict):
        return {str(k) for k in node} | {k for v in node.values() for k in yaml_keys(v)}
    if isinstance(node, list):
        return {k for v in node for k in yaml_keys(v)}
    return set()


@pytest.mark.parametrize("kind", list(PAGES))
def test_every_name_the_chinese_guide_writes_is_one_the_loader_reads(kind, monkeypatch):
    by_path = accepted_keys(kind, monkeypatch)
    keys, codes = set().union(*by_path.values()), defined_codes(kind)
    assert not MISSPELT & (keys | codes)
    names = keys | codes | VALUES[kind] | YAML_WORDS
    text = (DOCS_DIR / GUIDES[kind][0]).read_text(encoding="utf-8")
    blocks = re.findall(r"^```yaml\n(.*?)^```", text, re.S | re.M)
    prose = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)

    unknown = []
    for span in re.findall(r"`([^`\n]+)`", prose):
        match = NAME.fullmatch(span)
        if match is None or match.group(1) in MISSPELT:
            continue  # not a name: a code "1.2", a citation, a flow mapping, an error message
        key, value = match.groups()
        if value is None:  # a field, or a value written alone (`centre`, `month`)
            known = key in names
        else:  # a field with its value: the value checked when it is a word (`role: bonus`), not "1.2" or 国家级
            known = key in keys | codes and (not WORD.fullmatch(value) or value in names)
        if not known:
            unknown.append(span)
    for block in blocks:  # every key of every example, fields and the codes a file defines
        unknown += sorted(yaml_keys(yaml.safe_load(block)) - keys - codes)
    assert not unknown, f"{GUIDES[kind][0]} names what the loader does not read: {unknown}"
    missing = by_path[""] - set(re.findall(r"`([a-z_]+)`", text))
    assert not missing, f"{GUIDES[kind][0]} leaves out top-level fields: {missing}"
