"""pages: the committee's own pages (Vietnamese and English) and the contact form's messages

Revision ID: 0010_pages
Revises: 0009_search
Create Date: 2026-12-03 10:00:00.000000

Only the tables: a site already in use gets no sample pages (its admin writes them at
/quan-tri/trang/); a new site gets them with the rest of the sample content.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_pages'
down_revision = '0009_search'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('summary', sa.Text(), server_default='', nullable=False),
    sa.Column('body_source', sa.Text(), server_default='', nullable=False),
    sa.Column('body_html', sa.Text(), server_default='', nullable=False),
    sa.Column('title_en', sa.String(length=500), server_default='', nullable=False),
    sa.Column('slug_en', sa.String(length=200), nullable=True),
    sa.Column('body_source_en', sa.Text(), server_default='', nullable=False),
    sa.Column('body_html_en', sa.Text(), server_default='', nullable=False),
    sa.Column('in_menu', sa.Boolean(), server_default='0', nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('sort_order', sa.Integer(), server_default='0', nullable=False),
    sa.Column('published', sa.Boolean(), server_default='1', nullable=False),
    sa.Column('kind', sa.String(length=20), server_default='page', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['pages.id'], name=op.f('fk_pages_parent_id_pages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pages')),
    sa.UniqueConstraint('slug', name=op.f('uq_pages_slug')),
    sa.UniqueConstraint('slug_en', name=op.f('uq_pages_slug_en'))
    )
    with op.batch_alter_table('pages', schema=None) as batch_op:
        batch_op.create_index('ix_pages_parent_id_sort_order', ['parent_id', 'sort_order'], unique=False)

    op.create_table('contact_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.Column('done_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['done_by'], ['users.id'], name=op.f('fk_contact_messages_done_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_messages'))
    )
    with op.batch_alter_table('contact_messages', schema=None) as batch_op:
        batch_op.create_index('ix_contact_messages_created_at', ['created_at'], unique=False)
        batch_op.create_index('ix_contact_messages_done_at_created_at', ['done_at', 'created_at'], unique=False)


def downgrade():
    with op.batch_alter_table('contact_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_contact_messages_done_at_created_at')
        batch_op.drop_index('ix_contact_messages_created_at')

    op.drop_table('contact_messages')
    with op.batch_alter_table('pages', schema=None) as batch_op:
        batch_op.drop_index('ix_pages_parent_id_sort_order')

    op.drop_table('pages')
