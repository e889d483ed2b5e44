"""A document's files: what they are, told from their bytes, and where they are kept.

The name's extension and the browser's type say nothing an uploader cannot choose, so each
format is recognised by its content: PDF by ``%PDF-`` at the start; DOC by the OLE2 compound
file signature; DOCX by a ZIP whose ``[Content_Types].xml`` declares a WordprocessingML main
part and which holds ``word/document.xml``; ODT by a ZIP whose first entry is ``mimetype``,
stored, reading ``application/vnd.oasis.opendocument.text`` (OpenDocument 1.2, part 3, 3.3).
The extension must then name the same format. ZIP archives are read from their central
directory only: the few small entries looked at are read with a cap, nothing is extracted, so
an archive that would inflate to gigabytes costs no more than its listing.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePath

from flask import current_app

from ..core.text import slugify
from ..media.storage import save_file, uploads_folder
from .models import DOCUMENTS_FOLDER, DocumentFile


@dataclass(frozen=True)
class Format:
    """A document format staff may attach."""

    extension: str
    media_type: str
    label: str


PDF = Format("pdf", "application/pdf", "PDF")
DOC = Format("doc", "application/msword", "Word (DOC)")
DOCX = Format(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Word (DOCX)",
)
ODT = Format("odt", "application/vnd.oasis.opendocument.text", "OpenDocument (ODT)")
FORMATS = {item.extension: item for item in (PDF, DOC, DOCX, ODT)}
ACCEPT = ",".join([*(f".{name}" for name in FORMATS), *(f.media_type for f in FORMATS.values())])

OLE2_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MAX_ZIP_ENTRIES = 5000  # a real DOCX or ODT has tens
MAX_SMALL_ENTRY = 1024 * 1024  # [Content_Types].xml is a few KB

NOT_ALLOWED = "Chỉ nhận tệp PDF, DOC, DOCX hoặc ODT."
MISMATCH = "Nội dung tệp “{name}” không phải là {label} như phần mở rộng của tên tệp cho biết."
UNKNOWN = "Tệp “{name}” không phải là tệp PDF, DOC, DOCX hoặc ODT hợp lệ."
EMPTY = "Tệp “{name}” rỗng."
NAME_MISSING = "Tệp tải lên cần có tên (ví dụ huong-dan.pdf)."


class FileRefused(ValueError):
    """An upload that is not an allowed document; ``message`` says why, in Vietnamese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def too_large_message(limit: int) -> str:
    """The refusal for a file over ``limit`` bytes."""
    megabytes = f"{limit / (1024 * 1024):.3g}".replace(".", ",")  # Vietnamese decimal comma
    return f"Mỗi tệp văn bản tối đa {megabytes} MB."


def _small_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | None:
    # The declared size can lie: read at most one byte past the cap whatever it says.
    if info.file_size > MAX_SMALL_ENTRY:
        return None
    with archive.open(info) as entry:
        data = entry.read(MAX_SMALL_ENTRY + 1)
    return data if len(data) <= MAX_SMALL_ENTRY else None


def _zip_format(data: bytes) -> Format | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
        if not entries or len(entries) > MAX_ZIP_ENTRIES:
            return None
        names = {info.filename: info for info in entries}
        first = entries[0]
        if first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED:
            if _small_entry(archive, first) == ODT.media_type.encode("ascii"):
                return ODT
            return None
        types = names.get("[Content_Types].xml")
        if types is None or "word/document.xml" not in names:
            return None
        declared = _small_entry(archive, types)
        if declared is not None and WORD_MAIN.encode("ascii") in declared:
            return DOCX
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError):
        # Damaged, encrypted or in a compression zipfile cannot read: not a document we take.
        return None
    return None


def detect_format(data: bytes) -> Format | None:
    """The format ``data`` is in, from its content alone, or None."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(OLE2_SIGNATURE):
        return DOC
    if data.startswith(b"PK\x03\x04"):
        return _zip_format(data)
    return None


def clean_name(filename: str) -> str:
    """The uploaded name without any folder part or surrounding blanks, at most 255 characters
    (the extension kept)."""
    name = PurePath(filename.replace("\\", "/")).name.strip()
    if len(name) > 255:
        stem, dot, extension = name.rpartition(".")
        name = stem[: 254 - len(extension)] + dot + extension if dot else name[:255]
    return name


def check_file(data: bytes, filename: str) -> tuple[Format, str]:
    """The format of an upload and its cleaned name; ``FileRefused`` when it may not be kept."""
    name = clean_name(filename)
    if not name:
        raise FileRefused(NAME_MISSING)
    limit = current_app.config["DOCUMENT_MAX_BYTES"]
    if len(data) > limit:
        raise FileRefused(f"Tệp “{name}” quá lớn. " + too_large_message(limit))
    if not data:
        raise FileRefused(EMPTY.format(name=name))
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    claimed = FORMATS.get(extension)
    if claimed is None:
        raise FileRefused(f"Tệp “{name}”: {NOT_ALLOWED}")
    found = detect_format(data)
    if found is None:
        raise FileRefused(UNKNOWN.format(name=name))
    if found is not claimed:
        raise FileRefused(MISMATCH.format(name=name, label=claimed.label))
    return found, name


def documents_folder() -> Path:
    """``instance/uploads/documents/``, created on first use."""
    folder = uploads_folder() / DOCUMENTS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store_bytes(data: bytes, found: Format) -> str:
    """Keep ``data`` under its content hash; returns the stored name."""
    name = f"{hashlib.sha256(data).hexdigest()}.{found.extension}"
    save_file(documents_folder(), name, data)
    return name


def stored_file(data: bytes, found: Format, name: str, sort_order: int = 0) -> DocumentFile:
    """Keep ``data`` (checked already) and return its row, for a document's ``files``."""
    return DocumentFile(
        stored_name=store_bytes(data, found),
        original_name=name,
        media_type=found.media_type,
        size=len(data),
        sort_order=sort_order,
    )


def download_name(original: str, extension: str) -> str:
    """The ASCII file name a download's URL ends with (``huong-dan-so-15.pdf``)."""
    stem = original.rpartition(".")[0] or original
    return f"{slugify(stem, 80) if stem else 'van-ban'}.{extension}"


def human_size(size: int) -> str:
    """``1,2 MB``, ``35 KB``: a file's size for readers."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} KB"
