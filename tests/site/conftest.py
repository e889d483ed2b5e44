import pytest

from danvan.content.sample import load_sample_content
from tests.support.site_host import SITE, SiteClient


@pytest.fixture
def site_client(app_factory):
    """A client of a site at DANVAN_SITE_URL, with the sample content."""
    app = app_factory(SITE_URL=SITE)
    with app.app_context():
        load_sample_content()
    return SiteClient(app.test_client())
