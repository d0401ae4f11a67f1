"""Thumbnails shown in the page: a PDF's first page rendered by poppler's ``pdftoppm`` (poppler-utils, installed
beside chromium in CI and in the README's setup), an image scaled down with Pillow. No external service; a file
that cannot be rendered (or a machine without pdftoppm) simply has no thumbnail and the page offers the browser's
own viewer instead."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from io import BytesIO
from pathlib import Path

WIDTH = 320  # pixels, the longer side
TIMEOUT = 15  # seconds for one first page


def thumbnail(data: bytes, content_type: str) -> bytes | None:
    """A PNG thumbnail of a PDF's first page or of an image, or None."""
    if content_type == "application/pdf":
        return pdf_first_page(data)
    if content_type.startswith("image/"):
        return image_thumbnail(data)
    return None


def image_thumbnail(data: bytes) -> bytes | None:
    from PIL import Image

    try:
        with Image.open(BytesIO(data)) as image:
            image.thumbnail((WIDTH, WIDTH))
            out = BytesIO()
            image.convert("RGB").save(out, "PNG", optimize=True)
            return out.getvalue()
    except (OSError, ValueError, Image.DecompressionBombError):
        return None


def pdf_first_page(data: bytes) -> bytes | None:
    program = shutil.which("pdftoppm")
    if program is None:
        return None
    with tempfile.TemporaryDirectory(prefix="library-preview-") as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(data)
        try:
            subprocess.run([program, "-png", "-f", "1", "-l", "1", "-singlefile", "-scale-to", str(WIDTH),
                            str(source), str(Path(folder) / "page")],
                           check=True, timeout=TIMEOUT, capture_output=True)
        except (subprocess.SubprocessError, OSError):
            return None
        page = Path(folder) / "page.png"
        return page.read_bytes() if page.exists() else None
