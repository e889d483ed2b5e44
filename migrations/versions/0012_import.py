"""import: what a NukeViet import keeps (old ids and links, earlier figures)

Revision ID: 0012_import
Revises: 0011_documents
Create Date: 2026-12-03 10:00:00.000000

``import_map``: every old item an import brought over (kind, old id or path) and what it became,
which makes a second run change nothing and lets old links redirect. ``rating_summaries`` gains
the votes cast on the old site before the move (count and sum), shown with the new ones.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_import'
down_revision = '0011_documents'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'import_map',
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('old_key', sa.String(length=255), nullable=False),
        sa.Column('new_id', sa.Integer(), nullable=True),
        sa.Column('new_key', sa.String(length=255), server_default='', nullable=False),
        sa.Column('stamp', sa.Integer(), server_default='0', nullable=False),
        sa.Column('figure', sa.Integer(), server_default='0', nullable=False),
        sa.PrimaryKeyConstraint('kind', 'old_key'),
    )
    with op.batch_alter_table('rating_summaries') as batch_op:
        batch_op.add_column(
            sa.Column('earlier_count', sa.Integer(), server_default='0', nullable=False)
        )
        batch_op.add_column(
            sa.Column('earlier_sum', sa.Integer(), server_default='0', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('rating_summaries') as batch_op:
        batch_op.drop_column('earlier_sum')
        batch_op.drop_column('earlier_count')
    op.drop_table('import_map')
