"""The upload pages offer the file format as a page of the app (rendered from docs/*.md) and a downloadable example
that passes the upload's own checks (issue #13 item 9)."""

import pytest
from django.urls import reverse

from scoring.ledger import load_scheme
from scoring.rubric import load_rubric

pytestmark = pytest.mark.django_db

PAGES = {
    "rubric": ("assessment:rubric_upload", "assessment:rubric_format", "assessment:rubric_example", load_rubric,
               "Rubric fixtures"),
    "scheme": ("staff_scoring:scheme_upload", "staff_scoring:scheme_format", "staff_scoring:scheme_example",
               load_scheme, "Ledger schemes"),
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
