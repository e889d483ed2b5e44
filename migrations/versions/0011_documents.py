"""documents: the committee's documents (Văn bản) and their files

Revision ID: 0011_documents
Revises: 0010_pages
Create Date: 2026-12-03 10:00:00.000000

Adds the documents, their types (the standard list is inserted here, so a site upgraded from
an older version has them), fields and files, and the documents' search index (see
danvan/search/schema.py, whose statements for ``search_official`` are run here: the index is
empty, as there are no documents before this revision).
"""

from alembic import op
import sqlalchemy as sa

from danvan.core.text import slugify
from danvan.documents.lookups import STANDARD_TYPES
from danvan.search.schema import POSTGRESQL_OFFICIAL, SQLITE_OFFICIAL


# revision identifiers, used by Alembic.
revision = "0011_documents"
down_revision = "0010_pages"
branch_labels = None
depends_on = None


def upgrade():
    types = op.create_table(
        "document_types",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_types")),
        sa.UniqueConstraint("name", name=op.f("uq_document_types_name")),
        sa.UniqueConstraint("slug", name=op.f("uq_document_types_slug")),
    )
    op.create_table(
        "document_fields",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_fields")),
        sa.UniqueConstraint("name", name=op.f("uq_document_fields_name")),
        sa.UniqueConstraint("slug", name=op.f("uq_document_fields_slug")),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number_symbol", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("doc_type_id", sa.Integer(), nullable=False),
        sa.Column("issuing_body", sa.String(length=200), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=True),
        sa.Column("signer", sa.String(length=200), nullable=False),
        sa.Column("field_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["doc_type_id"],
            ["document_types.id"],
            name=op.f("fk_documents_doc_type_id_document_types"),
        ),
        sa.ForeignKeyConstraint(
            ["field_id"],
            ["document_fields.id"],
            name=op.f("fk_documents_field_id_document_fields"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
    )
    op.create_index("ix_documents_published_issued", "documents", ["published", "issued_on"])
    op.create_index("ix_documents_type_issued", "documents", ["doc_type_id", "issued_on"])
    op.create_index("ix_documents_field_issued", "documents", ["field_id", "issued_on"])
    op.create_table(
        "document_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("stored_name", sa.String(length=80), nullable=False),
        sa.Column("original_name", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_files_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_files")),
    )
    op.create_index("ix_document_files_document", "document_files", ["document_id", "sort_order"])
    op.create_index("ix_document_files_stored_name", "document_files", ["stored_name"])
    op.bulk_insert(
        types,
        [
            {"name": name, "slug": slugify(name), "sort_order": order * 10}
            for order, name in enumerate(STANDARD_TYPES)
        ],
    )
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRESQL_OFFICIAL if postgresql else SQLITE_OFFICIAL:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TABLE search_official_fts")
    op.execute("DROP TABLE search_official")
    op.drop_index("ix_document_files_stored_name", table_name="document_files")
    op.drop_index("ix_document_files_document", table_name="document_files")
    op.drop_table("document_files")
    op.drop_index("ix_documents_field_issued", table_name="documents")
    op.drop_index("ix_documents_type_issued", table_name="documents")
    op.drop_index("ix_documents_published_issued", table_name="documents")
    op.drop_table("documents")
    op.drop_table("document_fields")
    op.drop_table("document_types")
