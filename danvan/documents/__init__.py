"""Documents (Văn bản): staff publish the committee's documents with their files; residents
filter the list, read a document and download its files.

``models.py`` the tables; ``files.py`` what a file is (from its bytes) and where it is kept;
``lookups.py`` the types and fields; ``queries.py`` the public list; ``views.py`` the public
pages; ``sample.py`` the sample documents of a new site. The staff screens are in
``danvan/admin/documents.py`` and ``admin/document_lookups.py``; the search index of documents
in ``danvan/search/document_index.py``.
"""

from __future__ import annotations

from flask import Flask, current_app, request

from . import views

# The staff forms that may carry several files: their request body may hold that many.
FILES_PER_FORM = 5
UPLOAD_ENDPOINTS = frozenset({"admin.document_create", "admin.document_update"})


def _allow_document_bodies() -> None:
    if request.endpoint in UPLOAD_ENDPOINTS:
        request.max_content_length = (
            current_app.config["DOCUMENT_MAX_BYTES"] * FILES_PER_FORM + 1024 * 1024
        )


def init_app(app: Flask) -> None:
    """Serve the documents' pages; let the document forms' bodies hold their files."""
    app.register_blueprint(views.bp)
    # Before every other hook: CSRF and the control-character check read the body first.
    app.before_request_funcs.setdefault(None, []).insert(0, _allow_document_bodies)
