"""documents: the committee's documents (Văn bản) and their files

Revision ID: 0011_documents
Revises: 0010_pages
Create Date: 2026-12-03 10:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_documents'
down_revision = '0010_pages'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
