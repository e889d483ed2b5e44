"""How the site tells an htmx request from a plain one, and says that it did.

Every interactive element is a real form or link; htmx only enhances it. A view that answers
htmx with a fragment and everyone else with a page or a redirect must send
``Vary: HX-Request``, so that no cache hands a fragment to a plain request or the other way.
"""

from __future__ import annotations

from flask import request
from werkzeug.wrappers import Response

HX_REQUEST = "HX-Request"
VARY_HEADERS = {"Vary": HX_REQUEST}


def is_htmx() -> bool:
    """True when htmx made this request (it sends ``HX-Request: true``)."""
    return request.headers.get(HX_REQUEST) == "true"


def vary_on_htmx(response: Response) -> Response:
    """Mark ``response`` as depending on whether htmx asked; returns it."""
    response.vary.add(HX_REQUEST)
    return response
