"""comments: residents' comments under articles, moderated

Revision ID: 0013_comments
Revises: 0012_import
Create Date: 2026-12-01 21:00:00.000000

``comments``: name, optional email (never shown), plain-text body, moderation status, the
writer's keyed browser hash (to withdraw a pending comment), the editors' answer. ``articles``
gains its own switch (``comments_enabled``, on) and the count of approved comments.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_comments'
down_revision = '0012_import'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'comments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=True),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('approved_at', sa.DateTime(), nullable=True),
        sa.Column('writer_key', sa.String(length=64), nullable=True),
        sa.Column('answer_body', sa.Text(), nullable=True),
        sa.Column('answered_by', sa.Integer(), nullable=True),
        sa.Column('answered_at', sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'rejected')", name='comments_status_known'
        ),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['answered_by'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(
        'ix_comments_article_status_created',
        'comments',
        ['article_id', 'status', 'created_at'],
        unique=False,
    )
    op.create_index(
        'ix_comments_status_created', 'comments', ['status', 'created_at'], unique=False
    )
    with op.batch_alter_table('articles') as batch_op:
        batch_op.add_column(
            sa.Column('comments_enabled', sa.Boolean(), server_default='1', nullable=False)
        )
        batch_op.add_column(
            sa.Column('comment_count', sa.Integer(), server_default='0', nullable=False)
        )


def downgrade():
    with op.batch_alter_table('articles') as batch_op:
        batch_op.drop_column('comment_count')
        batch_op.drop_column('comments_enabled')
    op.drop_index('ix_comments_status_created', table_name='comments')
    op.drop_index('ix_comments_article_status_created', table_name='comments')
    op.drop_table('comments')
