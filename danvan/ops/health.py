"""``GET /healthz``: is the site able to answer, database included."""

from flask import Blueprint, jsonify

from ..core.database import database_answers

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """200 ``{"status": "ok"}`` when the database answers, 503 otherwise."""
    if database_answers():
        return jsonify(status="ok")
    return jsonify(status="unavailable", database="down"), 503
