"""Every link to a generated file (PDF, Excel) is marked ``data-download``, so static/js/site.js shows progress on it
while the file is made (tests/browser/test_downloads.py shows what that looks like)."""

import re
from pathlib import Path

from django.conf import settings
from django.urls import get_resolver

TEMPLATES = Path(settings.BASE_DIR) / "templates"
EXPORT_VIEWS = re.compile(r"(export|report|_pdf|sheet|template)$")


def export_url_names() -> set[str]:
    names = set()
    for namespace, (_, resolver) in get_resolver().namespace_dict.items():
        for name in resolver.reverse_dict:
            if isinstance(name, str) and EXPORT_VIEWS.search(name):
                names.add(f"{namespace}:{name}")
    return names


def test_every_export_link_shows_progress_while_the_file_is_made():
    names = export_url_names()
    assert {"staff_scoring:report", "assessment:evaluation_sheet", "centers:roster_export"} <= names
    missing = []
    for path in TEMPLATES.rglob("*.html"):
        for tag in re.findall(r"<a [^>]*>", path.read_text()):
            match = re.search(r"\{% url '([\w:]+)'", tag)
            if match and match.group(1) in names and "data-download" not in tag:
                missing.append(f"{path.relative_to(TEMPLATES)}: {tag}")
    assert not missing, "\n".join(missing)
