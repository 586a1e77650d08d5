"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-21 08:20:37.223078
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('entities',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('type', sa.Text(), nullable=False),
    sa.Column('norm_name', sa.Text(), nullable=False),
    sa.CheckConstraint("type IN ('PERSON', 'ORG', 'LOC', 'MISC')", name=op.f('ck_entities_type')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entities')),
    sa.UniqueConstraint('type', 'norm_name', name=op.f('uq_entities_type_norm_name'))
    )
    op.create_table('etl_runs',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.Text(), server_default='running', nullable=False),
    sa.Column('input_dir', sa.Text(), nullable=False),
    sa.Column('code_version', sa.Text(), nullable=False),
    sa.Column('prefect_flow_run_id', sa.Text(), nullable=True),
    sa.Column('files_seen', sa.Integer(), server_default='0', nullable=False),
    sa.Column('loaded', sa.Integer(), server_default='0', nullable=False),
    sa.Column('unchanged', sa.Integer(), server_default='0', nullable=False),
    sa.Column('quarantined', sa.Integer(), server_default='0', nullable=False),
    sa.Column('failed', sa.Integer(), server_default='0', nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.CheckConstraint("status IN ('running', 'succeeded', 'completed_with_errors', 'failed')", name=op.f('ck_etl_runs_status')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_etl_runs'))
    )
    op.create_table('articles',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('source_path', sa.Text(), nullable=False),
    sa.Column('content_sha256', sa.Text(), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('language', sa.Text(), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('updated_on', sa.Date(), nullable=True),
    sa.Column('publisher', sa.Text(), nullable=True),
    sa.Column('author', sa.Text(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('captions', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('run_id', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('fts', postgresql.TSVECTOR(), sa.Computed("to_tsvector('french'::regconfig, coalesce(title, '') || ' ' || body)", persisted=True), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['etl_runs.id'], name=op.f('fk_articles_run_id_etl_runs'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_articles')),
    sa.UniqueConstraint('source_path', name=op.f('uq_articles_source_path'))
    )
    op.create_index(op.f('ix_articles_content_sha256'), 'articles', ['content_sha256'], unique=False)
    op.create_index(op.f('ix_articles_fts'), 'articles', ['fts'], unique=False, postgresql_using='gin')
    op.create_index(op.f('ix_articles_run_id'), 'articles', ['run_id'], unique=False)
    op.create_table('entity_aliases',
    sa.Column('entity_id', sa.BigInteger(), nullable=False),
    sa.Column('alias', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], name=op.f('fk_entity_aliases_entity_id_entities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('entity_id', 'alias', name=op.f('pk_entity_aliases'))
    )
    op.create_index(op.f('ix_entity_aliases_entity_id'), 'entity_aliases', ['entity_id'], unique=False)
    op.create_table('events',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('event_type', sa.Text(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('event_date', sa.Date(), nullable=True),
    sa.Column('date_text', sa.Text(), nullable=True),
    sa.Column('status', sa.Text(), nullable=True),
    sa.Column('location_entity_id', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['location_entity_id'], ['entities.id'], name=op.f('fk_events_location_entity_id_entities'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events'))
    )
    op.create_index(op.f('ix_events_location_entity_id'), 'events', ['location_entity_id'], unique=False)
    op.create_table('quarantine',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('run_id', sa.BigInteger(), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('sha256', sa.Text(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('detail', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['etl_runs.id'], name=op.f('fk_quarantine_run_id_etl_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quarantine')),
    sa.UniqueConstraint('run_id', 'path', name=op.f('uq_quarantine_run_id_path'))
    )
    op.create_index(op.f('ix_quarantine_path'), 'quarantine', ['path'], unique=False)
    op.create_index(op.f('ix_quarantine_run_id'), 'quarantine', ['run_id'], unique=False)
    op.create_table('sources',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('sha256', sa.Text(), nullable=False),
    sa.Column('size_bytes', sa.BigInteger(), nullable=False),
    sa.Column('mtime_ns', sa.BigInteger(), nullable=True),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('first_run_id', sa.BigInteger(), nullable=False),
    sa.Column('last_run_id', sa.BigInteger(), nullable=False),
    sa.Column('first_seen_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("outcome IN ('loaded', 'quarantined')", name=op.f('ck_sources_outcome')),
    sa.ForeignKeyConstraint(['first_run_id'], ['etl_runs.id'], name=op.f('fk_sources_first_run_id_etl_runs')),
    sa.ForeignKeyConstraint(['last_run_id'], ['etl_runs.id'], name=op.f('fk_sources_last_run_id_etl_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sources')),
    sa.UniqueConstraint('path', 'sha256', name=op.f('uq_sources_path_sha256'))
    )
    op.create_index(op.f('ix_sources_first_run_id'), 'sources', ['first_run_id'], unique=False)
    op.create_index(op.f('ix_sources_last_run_id'), 'sources', ['last_run_id'], unique=False)
    op.create_table('entity_mentions',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('article_id', sa.BigInteger(), nullable=False),
    sa.Column('entity_id', sa.BigInteger(), nullable=False),
    sa.Column('surface', sa.Text(), nullable=False),
    sa.Column('start_char', sa.Integer(), nullable=False),
    sa.Column('end_char', sa.Integer(), nullable=False),
    sa.Column('role', sa.Text(), nullable=True),
    sa.CheckConstraint('start_char >= 0 AND end_char > start_char', name=op.f('ck_entity_mentions_span')),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_entity_mentions_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], name=op.f('fk_entity_mentions_entity_id_entities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entity_mentions'))
    )
    op.create_index(op.f('ix_entity_mentions_article_id'), 'entity_mentions', ['article_id'], unique=False)
    op.create_index(op.f('ix_entity_mentions_entity_id'), 'entity_mentions', ['entity_id'], unique=False)
    op.create_table('event_mentions',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('event_id', sa.BigInteger(), nullable=False),
    sa.Column('article_id', sa.BigInteger(), nullable=False),
    sa.Column('start_char', sa.Integer(), nullable=False),
    sa.Column('end_char', sa.Integer(), nullable=False),
    sa.Column('date_text', sa.Text(), nullable=True),
    sa.Column('event_date', sa.Date(), nullable=True),
    sa.Column('location_entity_id', sa.BigInteger(), nullable=True),
    sa.Column('participant_ids', postgresql.ARRAY(sa.BigInteger()), server_default='{}', nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_event_mentions_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_mentions_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['location_entity_id'], ['entities.id'], name=op.f('fk_event_mentions_location_entity_id_entities'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_mentions'))
    )
    op.create_index(op.f('ix_event_mentions_article_id'), 'event_mentions', ['article_id'], unique=False)
    op.create_index(op.f('ix_event_mentions_event_id'), 'event_mentions', ['event_id'], unique=False)
    op.create_index(op.f('ix_event_mentions_location_entity_id'), 'event_mentions', ['location_entity_id'], unique=False)
    op.create_table('event_participants',
    sa.Column('event_id', sa.BigInteger(), nullable=False),
    sa.Column('entity_id', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], name=op.f('fk_event_participants_entity_id_entities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_participants_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'entity_id', name=op.f('pk_event_participants'))
    )
    op.create_index(op.f('ix_event_participants_entity_id'), 'event_participants', ['entity_id'], unique=False)
    op.create_index(op.f('ix_event_participants_event_id'), 'event_participants', ['event_id'], unique=False)
    op.create_table('quotes',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('article_id', sa.BigInteger(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('speaker_entity_id', sa.BigInteger(), nullable=True),
    sa.Column('speaker_text', sa.Text(), nullable=True),
    sa.Column('cue', sa.Text(), nullable=True),
    sa.Column('start_char', sa.Integer(), nullable=False),
    sa.Column('end_char', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('statement', 'scare')", name=op.f('ck_quotes_kind')),
    sa.CheckConstraint('start_char >= 0 AND end_char > start_char', name=op.f('ck_quotes_span')),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_quotes_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['speaker_entity_id'], ['entities.id'], name=op.f('fk_quotes_speaker_entity_id_entities'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quotes'))
    )
    op.create_index(op.f('ix_quotes_article_id'), 'quotes', ['article_id'], unique=False)
    op.create_index(op.f('ix_quotes_speaker_entity_id'), 'quotes', ['speaker_entity_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_quotes_speaker_entity_id'), table_name='quotes')
    op.drop_index(op.f('ix_quotes_article_id'), table_name='quotes')
    op.drop_table('quotes')
    op.drop_index(op.f('ix_event_participants_event_id'), table_name='event_participants')
    op.drop_index(op.f('ix_event_participants_entity_id'), table_name='event_participants')
    op.drop_table('event_participants')
    op.drop_index(op.f('ix_event_mentions_location_entity_id'), table_name='event_mentions')
    op.drop_index(op.f('ix_event_mentions_event_id'), table_name='event_mentions')
    op.drop_index(op.f('ix_event_mentions_article_id'), table_name='event_mentions')
    op.drop_table('event_mentions')
    op.drop_index(op.f('ix_entity_mentions_entity_id'), table_name='entity_mentions')
    op.drop_index(op.f('ix_entity_mentions_article_id'), table_name='entity_mentions')
    op.drop_table('entity_mentions')
    op.drop_index(op.f('ix_sources_last_run_id'), table_name='sources')
    op.drop_index(op.f('ix_sources_first_run_id'), table_name='sources')
    op.drop_table('sources')
    op.drop_index(op.f('ix_quarantine_run_id'), table_name='quarantine')
    op.drop_index(op.f('ix_quarantine_path'), table_name='quarantine')
    op.drop_table('quarantine')
    op.drop_index(op.f('ix_events_location_entity_id'), table_name='events')
    op.drop_table('events')
    op.drop_index(op.f('ix_entity_aliases_entity_id'), table_name='entity_aliases')
    op.drop_table('entity_aliases')
    op.drop_index(op.f('ix_articles_run_id'), table_name='articles')
    op.drop_index(op.f('ix_articles_fts'), table_name='articles', postgresql_using='gin')
    op.drop_index(op.f('ix_articles_content_sha256'), table_name='articles')
    op.drop_table('articles')
    op.drop_table('etl_runs')
    op.drop_table('entities')
