"""Where uploaded images live (``instance/uploads/``) and how a file gets there whole."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from flask import current_app

from .models import UPLOADS_FOLDER


def uploads_folder() -> Path:
    """``instance/uploads/``, created on first use."""
    folder = Path(current_app.instance_path) / UPLOADS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_file(folder: Path, name: str, data: bytes) -> bool:
    """Write ``data`` as ``folder/name`` unless that file exists; True when it was written.

    The bytes go to a temporary name first and are renamed, so a reader (the site serving the
    file, a backup copying the folder) never sees half a file. A name is a hash of what it
    holds, so an existing file already has the right content.
    """
    target = folder / name
    if target.exists():
        return False
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as output:
            output.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True
