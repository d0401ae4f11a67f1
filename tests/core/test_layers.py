"""Arrows point down: an app imports only the floors below it (docs/architecture.md § Layers).

Every import counts, also one inside a function (such an import hides a loop, it does not remove it). Migrations
are left out: Django writes their dependencies.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# The floors, lowest first. An app may import its own floor's modules only where the pair is listed below.
FLOORS = [
    ["scoring"],
    ["core"],
    ["jobs"],
    ["centers", "workdays", "accounts"],
    ["matters", "library"],
    ["trainings"],
    ["assessment", "staff_scoring"],
    ["feedback"],
    ["redflags"],
    ["oversight", "portal"],
    ["provision"],
]
# Same-floor imports that are allowed (importer, imported): a user belongs to a centre.
SIDEWAYS = {("accounts", "centers")}
FLOOR_OF = {app: level for level, apps in enumerate(FLOORS) for app in apps}


def imported_apps(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [(node.lineno, name.split(".")[0]) for name in names if name.split(".")[0] in FLOOR_OF]
    return found


def upward_imports(app: str) -> list[str]:
    wrong = []
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for line, other in imported_apps(path):
            if other == app or FLOOR_OF[other] < FLOOR_OF[app] or (app, other) in SIDEWAYS:
                continue
            wrong.append(f"{path.relative_to(ROOT)}:{line} imports {other}")
    return wrong


@pytest.mark.parametrize("app", list(FLOOR_OF))
def test_an_app_imports_only_the_floors_below_it(app):
    assert upward_imports(app) == []


def test_the_floors_name_every_app_of_the_project():
    apps = {p.parent.name for p in ROOT.glob("*/apps.py")} | {"scoring"}
    assert apps == set(FLOOR_OF)


def test_an_upward_import_inside_a_function_is_found(tmp_path, monkeypatch):
    app = tmp_path / "core"
    app.mkdir()
    (app / "helpers.py").write_text("def f():\n    from feedback.models import Rating\n    return Rating\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert upward_imports("core") == ["core/helpers.py:2 imports feedback"]
