"""pages: the committee's own pages (Vietnamese and English) and the contact form's messages

Revision ID: 0010_pages
Revises: 0009_search
Create Date: 2026-12-03 10:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_pages'
down_revision = '0009_search'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
