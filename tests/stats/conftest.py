"""What the statistics tests share."""

import pytest


@pytest.fixture
def stats_app(app_factory):
    """The sample site with the figures read fresh on every request (no 15 s cache)."""
    from danvan.content.sample import load_sample_content

    app = app_factory(STATS_CACHE=0)
    with app.app_context():
        load_sample_content()
    return app
