"""sign-in attempts counted per keyed hash and minute (staff/throttle.py)

Revision ID: 0007_sign_in_attempts
Revises: 0006_publishing
Create Date: 2026-12-01 12:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_sign_in_attempts'
down_revision = '0006_publishing'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sign_in_attempts',
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('minute', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('pending', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key_hash', 'minute', name=op.f('pk_sign_in_attempts'))
    )


def downgrade():
    op.drop_table('sign_in_attempts')
