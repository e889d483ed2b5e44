"""What an import did: counts per kind and every item skipped or repaired, with why.

The same text is printed and written to ``instance/imports/<timestamp>.txt``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..core.clock import VIETNAM

# How each count reads in the report.
OUTCOMES = {
    "created": "mới",
    "updated": "cập nhật",
    "unchanged": "không đổi",
    "skipped": "bỏ qua",
}
KINDS = {
    "category": "Chuyên mục",
    "tag": "Thẻ",
    "image": "Ảnh",
    "article": "Bài viết",
    "figure": "Số liệu",
    "page": "Trang giới thiệu",
    "page_image": "Ảnh trang giới thiệu",
    "banner_image": "Ảnh banner",
    "banner": "Banner",
    "link": "Liên kết",
}


@dataclass(frozen=True)
class Problem:
    """An item that was skipped, or brought over after a repair."""

    kind: str
    old_id: str
    reason: str
    skipped: bool


@dataclass
class Report:
    """Counts and problems of one run."""

    version: str = ""
    shape: str = ""
    dry_run: bool = False
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def count(self, kind: str, outcome: str, number: int = 1) -> None:
        """Add ``number`` items of ``kind`` with ``outcome`` (a key of ``OUTCOMES``)."""
        self.counts[(kind, outcome)] += number

    def skip(self, kind: str, old_id: object, reason: str) -> None:
        """An item that did not come over, and why."""
        self.problems.append(Problem(kind, str(old_id), reason, True))
        self.count(kind, "skipped")

    def repair(self, kind: str, old_id: object, reason: str) -> None:
        """An item that came over after something in it was repaired or left out."""
        self.problems.append(Problem(kind, str(old_id), reason, False))

    def total(self, kind: str, outcome: str) -> int:
        """How many items of ``kind`` had ``outcome``."""
        return self.counts[(kind, outcome)]

    def text(self) -> str:
        """The report as printed and written."""
        title = "Chạy thử (không ghi gì)" if self.dry_run else "Nhập dữ liệu từ NukeViet"
        lines = [f"{title}: phiên bản {self.version}, dạng bảng {self.shape}", ""]
        lines += self.notes + ([""] if self.notes else [])
        for kind, label in KINDS.items():
            parts = [
                f"{word} {self.total(kind, outcome):,}"
                for outcome, word in OUTCOMES.items()
                if self.total(kind, outcome)
            ]
            if parts:
                lines.append(f"{label}: " + ", ".join(parts))
        skipped = [p for p in self.problems if p.skipped]
        repaired = [p for p in self.problems if not p.skipped]
        for heading, items in (("Bỏ qua", skipped), ("Đã sửa", repaired)):
            if items:
                lines += ["", f"{heading} ({len(items):,}):"]
                lines += [f"- {KINDS[p.kind]} {p.old_id}: {p.reason}" for p in items]
        return "\n".join(lines) + "\n"

    def write(self, instance_path: str, now: datetime) -> Path:
        """Write the report to ``instance/imports/<timestamp>.txt``; returns the path."""
        folder = Path(instance_path) / "imports"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = now.astimezone(VIETNAM).strftime("%Y%m%d-%H%M%S")
        path = folder / f"{stamp}.txt"
        number = 1
        while path.exists():
            number += 1
            path = folder / f"{stamp}-{number}.txt"
        path.write_text(self.text(), encoding="utf-8")
        return path
