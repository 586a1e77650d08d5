"""SQLAlchemy 2 typed models of the schema. Alembic revisions in ``migrations/`` create it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Computed,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Full-text search in the article's own language (PostgreSQL's stemmers), 'simple' otherwise; over
# the columns title, body and language (migration 0016's trigger, etl.store.search_vectors.SearchVectors).
FTS_EXPRESSION = (
    "to_tsvector(CASE language WHEN 'fr' THEN 'french'::regconfig WHEN 'en' THEN 'english'::regconfig "
    "WHEN 'de' THEN 'german'::regconfig WHEN 'es' THEN 'spanish'::regconfig "
    "WHEN 'it' THEN 'italian'::regconfig WHEN 'pt' THEN 'portuguese'::regconfig "
    "WHEN 'nl' THEN 'dutch'::regconfig ELSE 'simple'::regconfig END, coalesce(title, '') || ' ' || body)"
)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _pk() -> Mapped[int]:
    return mapped_column(BigInteger, Identity(always=False), primary_key=True)


def _created() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now())


class EtlRun(Base):
    """One execution of the ETL flow."""

    __tablename__ = "etl_runs"
    id: Mapped[int] = _pk()
    started_at: Mapped[datetime] = _created()
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(Text, server_default="running")
    input_dir: Mapped[str] = mapped_column(Text)
    code_version: Mapped[str] = mapped_column(Text)
    prefect_flow_run_id: Mapped[str | None] = mapped_column(Text)
    files_seen: Mapped[int] = mapped_column(Integer, server_default="0")
    loaded: Mapped[int] = mapped_column(Integer, server_default="0")
    unchanged: Mapped[int] = mapped_column(Integer, server_default="0")
    duplicates: Mapped[int] = mapped_column(Integer, server_default="0")
    quarantined: Mapped[int] = mapped_column(Integer, server_default="0")
    failed: Mapped[int] = mapped_column(Integer, server_default="0")
    error: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (
        CheckConstraint(
            "status IN ('running', 'succeeded', 'completed_with_errors', 'failed', 'skipped')", name="status"
        ),
    )


class Source(Base):
    """One version of one input file: (path, sha256), with the runs that saw it."""

    __tablename__ = "sources"
    id: Mapped[int] = _pk()
    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(Text)
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    mtime_ns: Mapped[int | None] = mapped_column(BigInteger)
    outcome: Mapped[str] = mapped_column(Text)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"), index=True)
    first_run_id: Mapped[int] = mapped_column(ForeignKey("etl_runs.id"), index=True)
    last_run_id: Mapped[int] = mapped_column(ForeignKey("etl_runs.id"), index=True)
    first_seen_at: Mapped[datetime] = _created()
    last_seen_at: Mapped[datetime] = _created()
    __table_args__ = (
        UniqueConstraint("path", "sha256"),
        CheckConstraint("outcome IN ('loaded', 'quarantined', 'duplicate')", name="outcome"),
    )


class Quarantine(Base):
    """An input file version that could not become an article, and why."""

    __tablename__ = "quarantine"
    id: Mapped[int] = _pk()
    run_id: Mapped[int] = mapped_column(ForeignKey("etl_runs.id", ondelete="CASCADE"))  # indexed by (run_id, path)
    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    detail: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = _created()
    __table_args__ = (Index(None, "path"), UniqueConstraint("run_id", "path"))


class Article(Base):
    """A clean article: one per current input file."""

    __tablename__ = "articles"
    id: Mapped[int] = _pk()
    source_path: Mapped[str] = mapped_column(Text, unique=True)
    content_sha256: Mapped[str] = mapped_column(Text, index=True)
    title: Mapped[str | None] = mapped_column(Text)
    display_title: Mapped[str | None] = mapped_column(Text)
    title_is_derived: Mapped[bool] = mapped_column(Boolean, server_default="false")
    language: Mapped[str] = mapped_column(Text)
    published_on: Mapped[date | None] = mapped_column(Date)
    updated_on: Mapped[date | None] = mapped_column(Date)
    publisher: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    captions: Mapped[list | None] = mapped_column(JSONB(none_as_null=True))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("etl_runs.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = _created()
    updated_at: Mapped[datetime] = _created()
    fts: Mapped[str] = mapped_column(TSVECTOR)  # FTS_EXPRESSION, kept by the trigger articles_fts (0016)
    __table_args__ = (Index(None, "fts", postgresql_using="gin"),)


class ArticleLine(Base):
    """Fingerprint of a short non-prose line of an article's page: the corpus's site template."""

    __tablename__ = "article_lines"
    article_id: Mapped[int] = mapped_column(  # the primary key's first column: no index of its own
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    line_hash: Mapped[str] = mapped_column(Text, primary_key=True)  # counted over the whole table: no index


class Entity(Base):
    """One real-world entity across all articles."""

    __tablename__ = "entities"
    id: Mapped[int] = _pk()
    name: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(Text)
    norm_name: Mapped[str] = mapped_column(Text)
    last_word: Mapped[str] = mapped_column(
        Text, Computed("regexp_replace(norm_name, '^.* ', '')", persisted=True), index=True
    )
    __table_args__ = (
        UniqueConstraint("type", "norm_name"),
        CheckConstraint("type IN ('PERSON', 'ORG', 'LOC', 'MISC')", name="type"),
        Index(
            "ix_entities_norm_name_trgm",
            "norm_name",
            postgresql_using="gin",
            postgresql_ops={"norm_name": "gin_trgm_ops"},
        ),
    )


class EntityAlias(Base):
    """Another surface form of an entity."""

    __tablename__ = "entity_aliases"
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True, index=True)
    alias: Mapped[str] = mapped_column(Text, primary_key=True)
    alias_key: Mapped[str] = mapped_column(Text, index=True)


class EntityMention(Base):
    """One occurrence of an entity in an article body."""

    __tablename__ = "entity_mentions"
    id: Mapped[int] = _pk()
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    surface: Mapped[str] = mapped_column(Text)
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)
    role: Mapped[str | None] = mapped_column(Text)
    __table_args__ = (CheckConstraint("start_char >= 0 AND end_char > start_char", name="span"),)


class QuoteRow(Base):
    """A direct quotation in an article."""

    __tablename__ = "quotes"
    id: Mapped[int] = _pk()
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)
    speaker_entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id", ondelete="SET NULL"), index=True)
    speaker_text: Mapped[str | None] = mapped_column(Text)
    cue: Mapped[str | None] = mapped_column(Text)
    cue_lemma: Mapped[str | None] = mapped_column(Text)
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)
    __table_args__ = (
        CheckConstraint("kind IN ('statement', 'scare')", name="kind"),
        CheckConstraint("start_char >= 0 AND end_char > start_char", name="span"),
    )


class Event(Base):
    """One real-world event across all articles."""

    __tablename__ = "events"
    id: Mapped[int] = _pk()
    event_type: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    event_date: Mapped[date | None] = mapped_column(Date)
    date_text: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(Text)
    location_entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id", ondelete="SET NULL"))
    people_key: Mapped[str | None] = mapped_column(Text)
    party_ids: Mapped[list[int]] = mapped_column(ARRAY(BigInteger), server_default="{}")
    # consolidation reads the latest events of a day, a place (and family) or a set of people:
    # (key, id) indexes give them newest first without reading every event of a busy day or place
    __table_args__ = (
        Index("ix_events_event_date_id", "event_date", "id"),
        Index("ix_events_location_entity_id_event_type_id", "location_entity_id", "event_type", "id"),
        Index("ix_events_people_key_id", "people_key", "id"),
    )


class EventMentionRow(Base):
    """An article's evidence for an event."""

    __tablename__ = "event_mentions"
    id: Mapped[int] = _pk()
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    start_char: Mapped[int] = mapped_column(Integer)
    end_char: Mapped[int] = mapped_column(Integer)
    date_text: Mapped[str | None] = mapped_column(Text)
    event_date: Mapped[date | None] = mapped_column(Date)
    location_entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id", ondelete="SET NULL"), index=True)
    participant_ids: Mapped[list[int]] = mapped_column(ARRAY(BigInteger), server_default="{}")
    status: Mapped[str | None] = mapped_column(Text)
    date_expr: Mapped[dict | None] = mapped_column(JSONB(none_as_null=True))


class PlaceLink(Base):
    """A place inside another, as an article states it ("Anchorage, en Alaska")."""

    __tablename__ = "place_links"
    article_id: Mapped[int] = mapped_column(  # the primary key's first column: no index of its own
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    child_entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    parent_entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class PlaceInclusion(Base):
    """A place inclusion stated by at least one article, once, with how many state it: what the
    loader walks to link places. Kept by triggers on ``place_links``, whatever writes or deletes
    there (the loader, a cascade from a deleted article)."""

    __tablename__ = "place_inclusions"
    child_entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True)
    parent_entity_id: Mapped[int] = mapped_column(
        ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    articles: Mapped[int] = mapped_column(Integer)


class EventStatementDate(Base):
    """A day the statements of an event give, with how many give it and the first that did. Kept
    by triggers on ``event_mentions`` (whatever writes, moves or deletes statements): what the
    loader reads of a known event instead of all its statements."""

    __tablename__ = "event_statement_dates"
    event_id: Mapped[int] = mapped_column(  # the primary key's first column: no index of its own
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    event_date: Mapped[date] = mapped_column(Date, primary_key=True)
    statements: Mapped[int] = mapped_column(Integer)
    first_statement_id: Mapped[int] = mapped_column(BigInteger)


class EventStatementPlace(Base):
    """A place the statements of an event give, with how many give it and the first that did
    (kept by triggers on ``event_mentions``)."""

    __tablename__ = "event_statement_places"
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    location_entity_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    statements: Mapped[int] = mapped_column(Integer)
    first_statement_id: Mapped[int] = mapped_column(BigInteger)


class EventStatementTotal(Base):
    """What all the statements of an event say together: how many, the first, the first date as
    written, every party they name (kept by triggers on ``event_mentions``)."""

    __tablename__ = "event_statement_totals"
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    statements: Mapped[int] = mapped_column(Integer)
    first_statement_id: Mapped[int] = mapped_column(BigInteger)
    first_dated_statement_id: Mapped[int | None] = mapped_column(BigInteger)
    first_date_text: Mapped[str | None] = mapped_column(Text)
    party_ids: Mapped[list[int]] = mapped_column(ARRAY(BigInteger))


class MergeQueueItem(Base):
    """An event, or a place that a new inclusion ties to others, that the next corpus merge pass
    must look at (written with the article that changed it, so an interrupted run loses none)."""

    __tablename__ = "event_merge_queue"
    __table_args__ = (CheckConstraint("kind IN ('event', 'place')", name="kind"),)
    kind: Mapped[str] = mapped_column(Text, primary_key=True)
    ref_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)


class EventParticipant(Base):
    """An entity that takes part in an event."""

    __tablename__ = "event_participants"
    event_id: Mapped[int] = mapped_column(  # the primary key's first column: no index of its own
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True, index=True)


def _comment_everything() -> None:
    from etl.store.schema_comments import apply_comments  # noqa: PLC0415

    apply_comments(Base.metadata)


_comment_everything()
