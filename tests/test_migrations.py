"""The Alembic migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from danvan import create_app
from danvan.core.database import upgrade_schema
from danvan.extensions import db
from danvan.search.schema import include_name
from tests.conftest import make_config, reset_test_database


def test_migrations_match_the_models(tmp_path):
    reset_test_database()
    app = create_app(make_config(tmp_path))
    with app.app_context():
        upgrade_schema()
        tables = set(inspect(db.engine).get_table_names())
        assert {"articles", "banners", "links", "categories", "site_settings"} <= tables
        with db.engine.connect() as connection:
            # As migrations/env.py does: the search index's tables are not in the models
            # (tests/search/test_migration.py checks them).
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_name": include_name}
            )
            assert compare_metadata(context, db.metadata) == []
        upgrade_schema()  # a second run is a no-op
        db.engine.dispose()
    reset_test_database()
