"""The vendored libraries are the releases' own files, and every source map they name ships with them.

A minified file that names a missing map breaks `collectstatic` under ManifestStaticFilesStorage, and then every page
of a production install answers 500 (issue #12)."""

import hashlib
import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[2] / "static"
VENDOR = STATIC / "vendor"
_SHA_LINE = re.compile(r"^([0-9a-f]{64})  (\S+)$", re.M)
_MAP_REF = re.compile(rb"[#@] sourceMappingURL=([^\s*]+)")


def documented_hashes() -> dict[str, str]:
    return {path: digest for digest, path in _SHA_LINE.findall((VENDOR / "README.md").read_text(encoding="utf-8"))}


def test_the_vendor_readme_lists_every_vendored_script_and_stylesheet_with_its_hash():
    shipped = {p.relative_to(VENDOR).as_posix() for p in VENDOR.rglob("*") if p.suffix in {".js", ".css", ".map"}}
    assert shipped == set(documented_hashes())


@pytest.mark.parametrize("path", sorted(documented_hashes()))
def test_each_vendored_file_is_byte_identical_to_its_release(path):
    assert hashlib.sha256((VENDOR / path).read_bytes()).hexdigest() == documented_hashes()[path]


def test_every_source_map_a_static_file_names_is_shipped_beside_it():
    missing = []
    for path in list(STATIC.rglob("*.js")) + list(STATIC.rglob("*.css")):
        for name in _MAP_REF.findall(path.read_bytes()):
            target = path.parent / name.decode()
            if not name.startswith(b"data:") and not target.is_file():
                missing.append(f"{path.relative_to(STATIC)} -> {name.decode()}")
    assert missing == []
