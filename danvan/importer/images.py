"""The images stage: every picture in the old ``uploads/<module>/`` folder, through the site's
own pipeline (checked by content, shrunk, WebP, smaller copies: ``media/images.py``).

Each file is remembered by its path under that folder, which is what old bodies, lead images
and ``/uploads/news/...`` links name; a file whose size and time are those of the last run is
not read again. Decoding and encoding run in a pool of processes, one per core.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..media.images import ImageRefused, ProcessedImage, process_image, save_processed
from ..media.models import Upload
from .run import Run

KIND = "image"
EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
# Below this many files a pool costs more than it saves.
POOL_FROM = 16
VARIANTS_NOTE = (
    "Ảnh đã chuyển chưa có các bản nhỏ (320/640/960 điểm ảnh): hãy chạy "
    "flask --app app media variants để tạo."
)


def image_folder(run: Run) -> Path | None:
    """The old module's uploads folder (``PATH/news``), or ``PATH`` itself when it is that."""
    if run.uploads is None:
        return None
    inner = run.uploads / run.source.module_data
    return inner if inner.is_dir() else run.uploads


def file_stamp(path: Path) -> int:
    """What tells a changed file from the one imported before: its size and time."""
    status = path.stat()
    return (status.st_size * 1_000_003 + int(status.st_mtime)) % 2_000_000_000


def _load(path: str, max_width: int) -> ProcessedImage | str:
    """Read and process one file (in a worker process); a refusal's message instead.

    Without the smaller copies, which cost as much again: pages show an image without them
    (``media/variants.py``), and ``flask media variants`` makes them afterwards, as the report
    says.
    """
    try:
        return process_image(Path(path).read_bytes(), max_width, variants=False)
    except ImageRefused as refused:
        return refused.message
    except OSError as error:
        return f"không đọc được tệp ({error.strerror})"


def import_images(run: Run) -> None:
    """Bring over every image file of the news module not brought over yet (or changed)."""
    folder = image_folder(run)
    if folder is None or not folder.is_dir():
        run.report.notes.append(
            "Không có thư mục ảnh (--uploads): ảnh không được chuyển, các bài viết dùng ảnh "
            "được ghi trong mục Đã sửa."
        )
        return
    import_folder(run, folder, KIND, "Ảnh")


def module_folder(run: Run, name: str) -> Path | None:
    """Another module's uploads folder (``PATH/about``), or None when there is none."""
    if run.uploads is None or not (run.uploads / name).is_dir():
        return None
    return run.uploads / name


def import_folder(run: Run, folder: Path, kind: str, label: str) -> None:
    """Bring over every image under ``folder`` not brought over yet (or changed since), each
    remembered as ``kind`` by its path under the folder."""
    mapped = run.mapped(kind)
    todo: list[tuple[str, Path, int]] = []
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in EXTENSIONS or not path.is_file():
            continue
        key = path.relative_to(folder).as_posix()
        stamp = file_stamp(path)
        item = mapped.get(key)
        if item is not None and item.stamp == stamp and item.new_key:
            run.report.count(kind, "unchanged")
            continue
        todo.append((key, path, stamp))
    max_width = current_app.config["UPLOAD_MAX_WIDTH"]
    workers = os.cpu_count() or 1
    pool = ProcessPoolExecutor(workers) if len(todo) >= POOL_FROM and workers > 1 else None
    try:
        results = (
            pool.map(_load, [str(p) for _, p, _ in todo], [max_width] * len(todo), chunksize=8)
            if pool
            else (_load(str(p), max_width) for _, p, _ in todo)
        )
        with run.progress(label, todo) as bar:
            for done, ((key, _, stamp), result) in enumerate(zip(bar, results, strict=True), 1):
                _store(run, kind, key, stamp, result)
                if done % run.batch_size == 0:
                    run.commit()
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    run.commit()
    if todo and not run.dry_run and VARIANTS_NOTE not in run.report.notes:
        run.report.notes.append(VARIANTS_NOTE)


def image_urls(run: Run, kind: str) -> dict[str, str]:
    """The new URL of every old file of ``kind`` brought over, by its old key (a file an
    earlier run noted whose upload row is gone is left out: it is missing)."""
    stored = set(db.session.scalars(select(Upload.name)))
    return {
        key: f"/uploads/{item.new_key}"
        for key, item in run.mapped(kind).items()
        if item.new_key in stored
    }


def _store(run: Run, kind: str, key: str, stamp: int, result: ProcessedImage | str) -> None:
    if isinstance(result, str):
        run.report.skip(kind, key, result)
        return
    if run.dry_run:
        # Nothing on disk in a dry run; the row (rolled back) lets articles point at it.
        if db.session.get(Upload, result.name) is None:
            db.session.add(
                Upload(
                    name=result.name,
                    original_name=Path(key).name[:300],
                    width=result.width,
                    height=result.height,
                    size=len(result.data),
                )
            )
    else:
        save_processed(result, Path(key).name, None)
    previous = run.mapped(kind).get(key)
    run.report.count(kind, "created" if previous is None else "updated")
    run.remember(kind, key, new_key=result.name, stamp=stamp)
