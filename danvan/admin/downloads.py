"""Files staff download from their pages."""

from __future__ import annotations

import csv
import io

from flask import Response


def csv_response(rows: list[list[object]], filename: str) -> Response:
    """A UTF-8 CSV download (with a byte-order mark, so spreadsheet programs read Vietnamese)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return Response(
        buffer.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
