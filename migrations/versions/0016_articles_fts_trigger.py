"""articles.fts kept by a trigger instead of a generated column, so that the loader can write
vectors PostgreSQL computed ahead (on another connection, while the flow waits for transforms)
and the serial load transaction does not compute them; article_lines loses its line_hash index
(no query reads by it: the template is counted over the whole table)

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 16:20:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# the expression of 0004 (etl.store.models.FTS_EXPRESSION), written here as it stands: a revision does
# not change when the code does
FTS = ("to_tsvector(CASE {r}language WHEN 'fr' THEN 'french'::regconfig WHEN 'en' THEN 'english'::regconfig "
       "WHEN 'de' THEN 'german'::regconfig WHEN 'es' THEN 'spanish'::regconfig "
       "WHEN 'it' THEN 'italian'::regconfig WHEN 'pt' THEN 'portuguese'::regconfig "
       "WHEN 'nl' THEN 'dutch'::regconfig ELSE 'simple'::regconfig END, coalesce({r}title, '') || ' ' || {r}body)")

# A row written without a vector gets one; an update of the title, body or language that does not
# bring its own vector gets a new one. A vector written with the row is kept as it is.
FUNCTION = f"""
CREATE FUNCTION articles_fts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.fts IS NULL OR (TG_OP = 'UPDATE' AND NEW.fts IS NOT DISTINCT FROM OLD.fts
                           AND (NEW.title, NEW.body, NEW.language) IS DISTINCT FROM (OLD.title, OLD.body, OLD.language))
    THEN
        NEW.fts := {FTS.format(r='NEW.')};
    END IF;
    RETURN NEW;
END
$$"""

OLD_COMMENT = "Full-text search vector of title and body, in the article's language."
NEW_COMMENT = ("Full-text search vector of title and body, in the article's language (kept by the trigger "
               "articles_fts; the loader may write it computed ahead with the same expression).")


def upgrade() -> None:
    op.execute("ALTER TABLE articles ALTER COLUMN fts DROP EXPRESSION")
    op.alter_column('articles', 'fts', existing_type=postgresql.TSVECTOR(), existing_nullable=False,
                    comment=NEW_COMMENT, existing_comment=OLD_COMMENT)
    op.execute(FUNCTION)
    op.execute("CREATE TRIGGER articles_fts BEFORE INSERT OR UPDATE ON articles "
               "FOR EACH ROW EXECUTE FUNCTION articles_fts()")
    op.drop_index(op.f('ix_article_lines_line_hash'), table_name='article_lines')


def downgrade() -> None:
    op.create_index(op.f('ix_article_lines_line_hash'), 'article_lines', ['line_hash'], unique=False)
    op.execute("DROP TRIGGER articles_fts ON articles")
    op.execute("DROP FUNCTION articles_fts()")
    # a generated column cannot be given back its expression (PostgreSQL 15): it is made again, and
    # the view that reads it with it, as it stands (definition, comments; the reader's grant comes
    # from the schema's default privileges)
    conn = op.get_bind()
    view = conn.execute(sa.text("SELECT pg_get_viewdef('analytics.article_text'::regclass)")).scalar()
    comments = conn.execute(sa.text("""
        SELECT coalesce(a.attname, ''), d.description FROM pg_description d
        LEFT JOIN pg_attribute a ON a.attrelid = d.objoid AND a.attnum = d.objsubid AND d.objsubid > 0
        WHERE d.objoid = 'analytics.article_text'::regclass""")).all()
    op.execute("DROP VIEW analytics.article_text")
    op.drop_index(op.f('ix_articles_fts'), table_name='articles', postgresql_using='gin')
    op.drop_column('articles', 'fts')
    op.add_column('articles', sa.Column('fts', postgresql.TSVECTOR(), sa.Computed(FTS.format(r=''), persisted=True),
                                        nullable=False, comment=OLD_COMMENT))
    op.create_index(op.f('ix_articles_fts'), 'articles', ['fts'], unique=False, postgresql_using='gin')
    op.execute(f"CREATE VIEW analytics.article_text AS {view}")
    for column, comment in comments:
        target = f"COLUMN analytics.article_text.{column}" if column else "VIEW analytics.article_text"
        op.execute(f"COMMENT ON {target} IS '" + comment.replace("'", "''") + "'")  # COMMENT takes no parameter
