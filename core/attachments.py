"""Attached files (evaluation evidence, appeal attachments, library documents): images and PDF, recognised by their
content and never by their name, size-limited, with the uploaded name cleaned for display only (files are stored
under random names by each model's ``upload_to``). The document library also stores Word and Excel files (.docx,
.xlsx) for download only: they are recognised as zip containers by their directory (``[Content_Types].xml`` and the
main part), which is never inflated or parsed (``check_upload(..., office=True)``)."""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from core.uploads import too_big_text

# Accepted types and the extension a stored file gets.
TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/gif": "gif", "application/pdf": "pdf"}
REFUSED = "只接受图片（JPG、PNG、WebP、GIF）或 PDF 文件，且文件须完整可读"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OFFICE_TYPES = {DOCX: "docx", XLSX: "xlsx"}
OFFICE_MAIN_PART = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml"}
REFUSED_OFFICE = "只接受 PDF、图片（JPG、PNG、WebP、GIF）、Word（.docx）或 Excel（.xlsx）文件，且文件须完整可读"
MAX_OFFICE_ENTRIES = 2000  # parts in a .docx/.xlsx zip (a large report has a few hundred)


def max_bytes() -> int:
    """The largest attachment accepted (setting ``EVIDENCE_MAX_BYTES``, 10 MB by default)."""
    return getattr(settings, "EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)


def detect_type(head: bytes) -> str | None:
    """The real type of a file from its first bytes (never from its name): images and PDF only."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def office_type(data: bytes) -> str | None:
    """DOCX or XLSX when ``data`` is a zip whose directory holds ``[Content_Types].xml`` and the main part of one
    of them; the directory is read, no entry is inflated. Anything else (a bare zip, a truncated file) gives None."""
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_OFFICE_ENTRIES:
                return None
            names = {entry.filename for entry in entries}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    return next((kind for kind, part in OFFICE_MAIN_PART.items() if part in names), None)


def content_is(content_type: str, data: bytes) -> bool:
    """Whether ``data`` is a whole, readable file of ``content_type`` (a PDF ends with %%EOF; an image decodes)."""
    if content_type == "application/pdf":
        return b"%%EOF" in data[-2048:]
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(BytesIO(data)) as image:
            image.verify()
            return Image.MIME.get(image.format) == content_type
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False


@dataclass(frozen=True)
class Checked:
    data: bytes
    content_type: str
    name: str  # the uploaded name, cleaned, for display and download only

    @property
    def extension(self) -> str:
        return TYPES.get(self.content_type) or OFFICE_TYPES[self.content_type]


def clean_name(value, default: str) -> str:
    text = str(value or "").replace("\x00", "").replace("\\", "/").strip()
    return os.path.basename(text)[:200] or default


def check_upload(upload, *, field: str = "file", default_name: str = "附件", limit: int | None = None,
                 office: bool = False) -> Checked:
    """Read and check an uploaded file: ``ValidationError`` on ``field`` (Chinese) unless it is a complete image or
    PDF (or, with ``office``, a .docx/.xlsx container) within the size limit."""
    if upload is None:
        raise ValidationError({field: gettext("请选择文件")})
    limit = max_bytes() if limit is None else limit
    too_big = ValidationError({field: too_big_text(limit)})
    if upload.size > limit:
        raise too_big
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise too_big
    content_type = detect_type(data[:16])
    if content_type is None and office:
        content_type = office_type(data)
        if content_type is not None:
            return Checked(data, content_type, clean_name(upload.name, f"{default_name}.{OFFICE_TYPES[content_type]}"))
    if content_type is None or not content_is(content_type, data):
        raise ValidationError({field: REFUSED_OFFICE if office else REFUSED})
    return Checked(data, content_type, clean_name(upload.name, f"{default_name}.{TYPES[content_type]}"))
