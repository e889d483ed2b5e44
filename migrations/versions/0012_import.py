"""import: what a NukeViet import keeps (old ids and links, earlier figures)

Revision ID: 0012_import
Revises: 0011_documents
Create Date: 2026-12-03 10:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_import'
down_revision = '0011_documents'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
