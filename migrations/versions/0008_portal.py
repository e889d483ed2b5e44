"""the portal: nested, ordered, hideable categories; tags; an article's lead image

Revision ID: 0008_portal
Revises: 0007_sign_in_attempts
Create Date: 2026-12-01 13:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_portal'
down_revision = '0007_sign_in_attempts'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.add_column(sa.Column('description', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('parent_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('sort_order', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('hidden', sa.Boolean(), server_default='0', nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_categories_parent_id_categories'), 'categories', ['parent_id'], ['id'])

    op.create_table('tags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tags')),
    sa.UniqueConstraint('slug', name=op.f('uq_tags_slug'))
    )
    op.create_table('article_tags',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_tags_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_article_tags_tag_id_tags'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', 'tag_id', name=op.f('pk_article_tags'))
    )
    with op.batch_alter_table('article_tags', schema=None) as batch_op:
        batch_op.create_index('ix_article_tags_tag_id', ['tag_id', 'article_id'], unique=False)

    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('image_name', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('image_alt', sa.String(length=300), server_default='', nullable=False))
        batch_op.create_index('ix_articles_category_published', ['category_id', 'status', 'published_at'], unique=False)
        batch_op.create_index('ix_articles_id_status_published', ['id', 'status', 'published_at'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_articles_image_name_uploads'), 'uploads', ['image_name'], ['name'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_articles_image_name_uploads'), type_='foreignkey')
        batch_op.drop_index('ix_articles_id_status_published')
        batch_op.drop_index('ix_articles_category_published')
        batch_op.drop_column('image_alt')
        batch_op.drop_column('image_name')

    with op.batch_alter_table('article_tags', schema=None) as batch_op:
        batch_op.drop_index('ix_article_tags_tag_id')

    op.drop_table('article_tags')
    op.drop_table('tags')
    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_categories_parent_id_categories'), type_='foreignkey')
        batch_op.drop_column('hidden')
        batch_op.drop_column('sort_order')
        batch_op.drop_column('parent_id')
        batch_op.drop_column('description')
