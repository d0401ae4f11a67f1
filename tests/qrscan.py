"""Read QR codes the way a phone would: from a screenshot or a printed page, with zbar (Debian's zbar-tools) and
poppler's pdftoppm. Missing tools skip the test on a laptop and fail it in CI (like chromium for the browser tests)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail(f"CI needs {name} to read QR codes: apt-get install {package}")
    pytest.skip(f"{name} is not installed (apt-get install {package})")


def decode_png(path: str | Path) -> list[str]:
    """Every QR code zbarimg finds in the image, as text (empty: none could be read)."""
    zbarimg = _tool("zbarimg", "zbar-tools")
    done = subprocess.run([zbarimg, "-q", "--raw", "-Sdisable", "-Sqrcode.enable", str(path)],
                          capture_output=True, text=True, timeout=60, check=False)
    return [line for line in done.stdout.splitlines() if line.strip()]


def decode_pdf(pdf: bytes, dpi: int = 150) -> list[list[str]]:
    """Per page of the PDF (rendered at ``dpi`` as a printer would), the QR codes found on it."""
    pdftoppm = _tool("pdftoppm", "poppler-utils")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "doc.pdf"
        source.write_bytes(pdf)
        subprocess.run([pdftoppm, "-r", str(dpi), "-png", str(source), str(Path(tmp) / "page")],
                       check=True, timeout=120)
        return [decode_png(page) for page in sorted(Path(tmp).glob("page*.png"))]
