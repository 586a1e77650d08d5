"""analytics schema with documented views, comments on every table and column, reader role

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-21 09:16:28.261645
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


READER = "news_etl_reader"

VIEWS = {
    "article_overview": ("""
        SELECT a.id AS article_id, a.source_path, coalesce(a.title, a.display_title) AS title, a.title_is_derived,
               a.language, a.published_on, a.updated_on, a.publisher, a.author,
               array_length(regexp_split_to_array(trim(a.body), '\\s+'), 1) AS words,
               (SELECT count(DISTINCT m.entity_id) FROM public.entity_mentions m WHERE m.article_id = a.id) AS entities,
               (SELECT count(*) FROM public.quotes q WHERE q.article_id = a.id) AS quotes,
               (SELECT count(DISTINCT em.event_id) FROM public.event_mentions em WHERE em.article_id = a.id) AS events
          FROM public.articles a""",
        "One row per article with its metadata and how many entities, quotes and events it holds.",
        {"article_id": "Article id (public.articles.id).", "source_path": "Input file path.",
         "title": "Headline, or a title derived from the first sentence.",
         "title_is_derived": "True when the page had no headline.", "language": "ISO 639-1 language code.",
         "published_on": "Publication day stated by the page.", "updated_on": "Last update day stated by the page.",
         "publisher": "Outlet.", "author": "Byline.", "words": "Words in the clean body.",
         "entities": "Distinct entities mentioned.", "quotes": "Direct quotations.",
         "events": "Distinct events stated."}),
    "entity_leaderboard": ("""
        SELECT e.id AS entity_id, e.name, e.type, count(*) AS mentions, count(DISTINCT m.article_id) AS articles,
               min(a.published_on) AS first_published_on, max(a.published_on) AS last_published_on
          FROM public.entities e JOIN public.entity_mentions m ON m.entity_id = e.id
          JOIN public.articles a ON a.id = m.article_id
         GROUP BY e.id, e.name, e.type""",
        "Entities ranked by how often and in how many articles they are mentioned.",
        {"entity_id": "Entity id.", "name": "Canonical name.", "type": "PERSON, ORG, LOC or MISC.",
         "mentions": "Mentions in all articles.", "articles": "Articles that mention it.",
         "first_published_on": "Earliest publication day of those articles.",
         "last_published_on": "Latest publication day of those articles."}),
    "quotes": ("""
        SELECT q.id AS quote_id, q.article_id, a.source_path, a.published_on, coalesce(a.title, a.display_title) AS article_title,
               q.kind, q.text, coalesce(e.name, q.speaker_text) AS speaker, e.id AS speaker_entity_id,
               e.type AS speaker_type, q.speaker_text, q.cue
          FROM public.quotes q JOIN public.articles a ON a.id = q.article_id
          LEFT JOIN public.entities e ON e.id = q.speaker_entity_id""",
        "Every direct quotation with its speaker and article.",
        {"quote_id": "Quote id.", "article_id": "Article id.", "source_path": "Input file path.",
         "published_on": "Publication day of the article.", "article_title": "Title of the article.",
         "kind": "statement or scare.", "text": "The quoted words.",
         "speaker": "The speaker's canonical name, or the source as written.",
         "speaker_entity_id": "Speaker entity id, when known.", "speaker_type": "Type of the speaker entity.",
         "speaker_text": "The source as written.", "cue": "Attribution phrase."}),
    "quotes_by_speaker": ("""
        SELECT coalesce(e.name, q.speaker_text) AS speaker, e.id AS speaker_entity_id, e.type AS speaker_type,
               count(*) AS quotes, count(DISTINCT q.article_id) AS articles
          FROM public.quotes q LEFT JOIN public.entities e ON e.id = q.speaker_entity_id
         WHERE q.kind = 'statement'
         GROUP BY coalesce(e.name, q.speaker_text), e.id, e.type""",
        "How many statements each source made, in how many articles.",
        {"speaker": "Canonical name, or the source as written.", "speaker_entity_id": "Speaker entity id, when known.",
         "speaker_type": "Type of the speaker entity.", "quotes": "Statements.", "articles": "Articles."}),
    "entity_cooccurrence": ("""
        SELECT a.entity_id AS entity_a_id, ea.name AS entity_a, ea.type AS entity_a_type,
               b.entity_id AS entity_b_id, eb.name AS entity_b, eb.type AS entity_b_type,
               count(DISTINCT a.article_id) AS articles
          FROM (SELECT DISTINCT article_id, entity_id FROM public.entity_mentions) a
          JOIN (SELECT DISTINCT article_id, entity_id FROM public.entity_mentions) b
            ON a.article_id = b.article_id AND a.entity_id < b.entity_id
          JOIN public.entities ea ON ea.id = a.entity_id JOIN public.entities eb ON eb.id = b.entity_id
         GROUP BY a.entity_id, ea.name, ea.type, b.entity_id, eb.name, eb.type""",
        "Pairs of entities mentioned in the same articles, with how many.",
        {"entity_a_id": "First entity id (the smaller).", "entity_a": "First entity.", "entity_a_type": "Its type.",
         "entity_b_id": "Second entity id.", "entity_b": "Second entity.", "entity_b_type": "Its type.",
         "articles": "Articles that mention both."}),
    "event_timeline": ("""
        SELECT e.id AS event_id, e.event_date, e.date_text, e.event_type, e.title, e.status, loc.name AS place,
               (SELECT string_agg(x.name, ', ' ORDER BY x.name) FROM public.event_participants p
                  JOIN public.entities x ON x.id = p.entity_id WHERE p.event_id = e.id) AS participants,
               (SELECT count(DISTINCT em.article_id) FROM public.event_mentions em WHERE em.event_id = e.id) AS articles
          FROM public.events e LEFT JOIN public.entities loc ON loc.id = e.location_entity_id""",
        "One row per real-world event: day, type, title, place, participants, number of articles.",
        {"event_id": "Event id.", "event_date": "Day the event happens (NULL when unknown).",
         "date_text": "Time expression as written.", "event_type": "Event type.", "title": "Short title.",
         "status": "occurred, scheduled, announced, proposed or expected.", "place": "Most specific known place.",
         "participants": "Participants, comma-separated.", "articles": "Articles that state the event."}),
    "article_text": ("""
        SELECT a.id AS article_id, coalesce(a.title, a.display_title) AS title, a.language, a.published_on,
               a.publisher, a.body, a.fts
          FROM public.articles a""",
        "Article texts with their full-text search vector (query with the article's language, e.g. "
        "fts @@ websearch_to_tsquery('french', 'sommet Alaska')).",
        {"article_id": "Article id.", "title": "Headline or derived title.", "language": "ISO 639-1 code.",
         "published_on": "Publication day.", "publisher": "Outlet.", "body": "Clean article text.",
         "fts": "Full-text search vector (title and body) in the article's language."}),
    "articles_per_day": ("""
        SELECT a.published_on, coalesce(a.publisher, '(unknown)') AS publisher, a.language, count(*) AS articles
          FROM public.articles a GROUP BY a.published_on, coalesce(a.publisher, '(unknown)'), a.language""",
        "Articles per publication day, publisher and language.",
        {"published_on": "Publication day (NULL: not stated).", "publisher": "Outlet ('(unknown)' when not stated).",
         "language": "ISO 639-1 language code.", "articles": "Articles."}),
}

PUBLIC_TIMELINE = """
CREATE VIEW event_timeline AS
SELECT e.id AS event_id, e.event_date, e.date_text, e.event_type, e.title, e.status, loc.name AS place,
       (SELECT string_agg(x.name, ', ' ORDER BY x.name) FROM event_participants p JOIN entities x ON x.id = p.entity_id
         WHERE p.event_id = e.id) AS participants,
       (SELECT count(DISTINCT em.article_id) FROM event_mentions em WHERE em.event_id = e.id) AS articles
  FROM events e LEFT JOIN entities loc ON loc.id = e.location_entity_id
 ORDER BY e.event_date NULLS LAST, e.id
"""


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _analytics_up() -> None:
    op.execute("DROP VIEW IF EXISTS public.event_timeline")
    op.execute("CREATE SCHEMA IF NOT EXISTS analytics")
    op.execute("COMMENT ON SCHEMA analytics IS 'Views for BI tools and analysts: read-only, documented, stable.'")
    for name, (sql, comment, columns) in VIEWS.items():
        op.execute(f"CREATE VIEW analytics.{name} AS {sql}")
        op.execute(f"COMMENT ON VIEW analytics.{name} IS {_quote(comment)}")
        for column, text in columns.items():
            op.execute(f"COMMENT ON COLUMN analytics.{name}.{column} IS {_quote(text)}")
    # The reader group: created when the migrating role may create roles (otherwise by the
    # docker init script or `news-etl db reader`); granted SELECT on analytics only, now and for
    # every view the owner creates there later.
    op.execute(f"""
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{READER}')
               AND EXISTS (SELECT FROM pg_roles WHERE rolname = current_user AND (rolcreaterole OR rolsuper)) THEN
                CREATE ROLE {READER} NOLOGIN;
            END IF;
            IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{READER}') THEN
                EXECUTE 'GRANT USAGE ON SCHEMA analytics TO {READER}';
                EXECUTE 'GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO {READER}';
                EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA analytics GRANT SELECT ON TABLES TO {READER}',
                               current_user);
            END IF;
        END $$""")
    op.execute("ALTER TABLE etl_runs DROP CONSTRAINT ck_etl_runs_status")
    op.execute("ALTER TABLE etl_runs ADD CONSTRAINT ck_etl_runs_status CHECK "
               "(status IN ('running', 'succeeded', 'completed_with_errors', 'failed', 'skipped'))")


def _analytics_down() -> None:
    op.execute("UPDATE etl_runs SET status = 'failed' WHERE status = 'skipped'")
    op.execute("ALTER TABLE etl_runs DROP CONSTRAINT ck_etl_runs_status")
    op.execute("ALTER TABLE etl_runs ADD CONSTRAINT ck_etl_runs_status CHECK "
               "(status IN ('running', 'succeeded', 'completed_with_errors', 'failed'))")
    op.execute(f"""
        DO $$
        BEGIN
            IF EXISTS (SELECT FROM pg_roles WHERE rolname = '{READER}') THEN
                EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE %I IN SCHEMA analytics REVOKE SELECT ON TABLES FROM {READER}',
                               current_user);
                EXECUTE 'REVOKE ALL ON ALL TABLES IN SCHEMA analytics FROM {READER}';
                EXECUTE 'REVOKE USAGE ON SCHEMA analytics FROM {READER}';
            END IF;
        END $$""")
    for name in reversed(list(VIEWS)):
        op.execute(f"DROP VIEW IF EXISTS analytics.{name}")
    op.execute("DROP SCHEMA IF EXISTS analytics")
    op.execute(PUBLIC_TIMELINE)


def upgrade() -> None:
    _analytics_up()
    op.alter_column('article_lines', 'article_id',
               existing_type=sa.BIGINT(),
               comment='The article.',
               existing_nullable=False)
    op.alter_column('article_lines', 'line_hash',
               existing_type=sa.TEXT(),
               comment='Fingerprint of a normalised line.',
               existing_nullable=False)
    op.create_table_comment(
        'article_lines',
        'Fingerprints of short non-prose lines of each page: the learned site template.',
        existing_comment=None,
        schema=None
    )
    op.alter_column('articles', 'id',
               existing_type=sa.BIGINT(),
               comment='Article id.',
               existing_nullable=False,
               existing_server_default=sa.Identity(always=False, start=1, increment=1, minvalue=1, maxvalue=9223372036854775807, cycle=False, cache=1))
    op.alter_column('articles', 'source_path',
               existing_type=sa.TEXT(),
               comment='Input file path, relative to the input folder (unique).',
               existing_nullable=False)
    op.alter_column('articles', 'content_sha256',
               existing_type=sa.TEXT(),
               comment="SHA-256 of the file's bytes this row was made from.",
               existing_nullable=False)
    op.alter_column('articles', 'title',
               existing_type=sa.TEXT(),
               comment="The page's headline; NULL when the page has none.",
               existing_nullable=True)
    op.alter_column('articles', 'display_title',
               existing_type=sa.TEXT(),
               comment='The headline, or a title derived from the first sentence when there is none.',
               existing_nullable=True)
    op.alter_column('articles', 'title_is_derived',
               existing_type=sa.BOOLEAN(),
               comment='True when display_title was derived from the body (no headline on the page).',
               existing_nullable=False,
               existing_server_default=sa.text('false'))
    op.alter_column('articles', 'language',
               existing_type=sa.TEXT(),
               comment="ISO 639-1 code of the article's language ('und' when unknown).",
               existing_nullable=False)
    op.alter_column('articles', 'published_on',
               existing_type=sa.DATE(),
               comment='Day the article was published, as the page states it (NULL when it does not).',
               existing_nullable=True)
    op.alter_column('articles', 'updated_on',
               existing_type=sa.DATE(),
               comment="Day of the article's last update, as the page states it.",
               existing_nullable=True)
    op.alter_column('articles', 'publisher',
               existing_type=sa.TEXT(),
               comment='The outlet that publishes the article.',
               existing_nullable=True)
    op.alter_column('articles', 'author',
               existing_type=sa.TEXT(),
               comment='Byline: author(s) or agency.',
               existing_nullable=True)
    op.alter_column('articles', 'body',
               existing_type=sa.TEXT(),
               comment='Clean article text, paragraphs separated by a blank line; offsets index into it.',
               existing_nullable=False)
    op.alter_column('articles', 'captions',
               existing_type=postgresql.JSONB(astext_type=sa.Text()),
               comment='Image captions and photo credits (JSON list of {text, credit}); never part of the body.',
               existing_nullable=True)
    op.alter_column('articles', 'run_id',
               existing_type=sa.BIGINT(),
               comment='The ETL run that last wrote this article.',
               existing_nullable=True)
    op.alter_column('articles', 'created_at',
               existing_type=postgresql.TIMESTAMP(timezone=True),
               comment='When the article was first loaded.',
               existing_nullable=False,
               existing_server_default=sa.text('now()'))
    op.alter_column('articles', 'updated_at',
               existing_type=postgresql.TIMESTAMP(timezone=True),
               comment='When the article was last reloaded.',
               existing_nullable=False,
               existing_server_default=sa.text('now()'))
    op.alter_column('articles', 'fts',
               existing_type=postgresql.TSVECTOR(),
               comment="Full-text search vector of title and body, in the article's language.",
               existing_nullable=False,
               existing_server_default=sa.Computed("to_tsvector(\nCASE language\n    WHEN 'fr'::text THEN 'french'::regconfig\n    WHEN 'en'::text THEN 'english'::regconfig\n    WHEN 'de'::text THEN 'german'::regconfig\n    WHEN 'es'::text THEN 'spanish'::regconfig\n    WHEN 'it'::text THEN 'italian'::regconfig\n    WHEN 'pt'::text THEN 'portuguese'::regconfig\n    WHEN 'nl'::text THEN 'dutch'::regconfig\n    ELSE 'simple'::regconfig\nEND, ((COALESCE(title, ''::text) || ' '::text) || body))", persisted=True))
    op.create_table_comment(
        'articles',
        'One clean article per current input file.',
        existing_comment=None,
        schema=None
    )
    op.alter_column('entities', 'id',
               existing_type=sa.BIGINT(),
               comment='Entity id.',
               existing_nullable=False,
               existing_server_default=sa.Identity(always=False, start=1, increment=1, minvalue=1, maxvalue=9223372036854775807, cycle=False, cache=1))
    op.alter_column('entities', 'name',
               existing_type=sa.TEXT(),
               comment='Canonical name: the fullest or authoritative form seen.',
               existing_nullable=False)
    op.alter_column('entities', 'type',
               existing_type=sa.TEXT(),
               comment='PERSON, ORG, LOC or MISC.',
               existing_nullable=False)
    op.alter_column('entities', 'norm_name',
               existing_type=sa.TEXT(),
               comment='Case-, accent- and hyphen-insensitive key of the name (unique per type).',
               existing_nullable=False)
    op.alter_column('entities', 'last_word',
               existing_type=sa.TEXT(),
               comment='Last word of norm_name (surname lookups).',
               existing_nullable=False,
               existing_server_default=sa.Computed("regexp_replace(norm_name, '^.* '::text, ''::text)", persisted=True))
    op.create_table_comment(
        'entities',
        'One row per real-world person, organisation, place or other named thing.',
        existing_comment=None,
        schema=None
    )
    op.alter_column('entity_aliases', 'entity_id',
               existing_type=sa.BIGINT(),
               comment='The entity.',
               existing_nullable=False)
    op.alter_column('entity_aliases', 'alias',
               existing_type=sa.TEXT(),
               comment='A surface form as seen in text.',
               existing_nullable=False)
    op.alter_column('entity_aliases', 'alias_key',
               existing_type=sa.TEXT(),
               comment='Normalised key of the alias.',
               existing_nullable=False)
    op.create_table_comment(
        'entity_aliases',
        'Other surface forms of an entity (Poutine, Putin, Alliance atlantique…).',
        existing_comment=None,
        schema=None
    )
    op.alter_column('entity_mentions', 'id',
               existing_type=sa.BIGINT(),
               comment='Mention id.',
               existing_nullable=False,
               existing_server_default=sa.Identity(always=False, start=1, increment=1, minvalue=1, maxvalue=9223372036854775807, cycle=False, cache=1))
    op.alter_column('entity_mentions', 'article_id',
               existing_type=sa.BIGINT(),
               comment='The article.',
               existing_nullable=False)
    op.alter_column('entity_mentions', 'entity_id',
               existing_type=sa.BIGINT(),
               comment='The entity mentioned.',
               existing_nullable=False)
    op.alter_column('entity_mentions', 'surface',
               existing_type=sa.TEXT(),
               comment='The text as written (body[start_char:end_char]).',
               existing_nullable=False)
    op.alter_column('entity_mentions', 'start_char',
               existing_type=sa.INTEGER(),
               comment='Start offset in articles.body (Python string index).',
               existing_nullable=False)
    op.alter_column('entity_mentions', 'end_char',
               existing_type=sa.INTEGER(),
               comment='End offset in articles.body (exclusive).',
               existing_nullable=False)
    op.alter_column('entity_mentions', 'role',
               existing_type=sa.TEXT(),
               comment='Function or title written next to the person (ministre des Affaires étrangères…).',
               existing_nullable=True)
    op.create_table_comment(
        'entity_mentions',
        'Each occurrence of an entity in an article body.',
        existing_comment=None,
        schema=None
    )
    op.alter_column('etl_runs', 'id',
               existing_type=sa.BIGINT(),
               comment='Run id.',
               existing_nullable=False,
               existing_server_default=sa.Identity(always=False, start=1, increment=1, minvalue=1, maxvalue=9223372036854775807, cycle=False, cache=1))
    op.alter_column('etl_runs', 'started_at',
               existing_type=postgresql.TIMESTAMP(timezone=True),
               comment='Start time.',
               existing_nullable=False,
               existing_server_default=sa.text('now()'))
    op.alter_column('etl_runs', 'finished_at',
               existing_type=postgresql.TIMESTAMP(timezone=True),
               comment='End time (NULL while running or after a crash).',
               existing_nullable=True)
    op.alter_column('etl_runs', 'status',
               existing_type=sa.TEXT(),
               comment='running, succeeded, completed_with_errors, failed or skipped.',
               existing_nullable=False,
               existing_server_default=sa.text("'running'::text"))
    op.alter_column('etl_runs', 'input_dir',
               existing_type=sa.TEXT(),
               comment='The input folder.',
               existing_nullable=False)
    op.alter_column('etl_runs', 'code_version',
               existing_type=sa.TEXT(),
               comment='news-etl version and git commit.',
               existing_nullable=False)
    op.alter_column('etl_runs', 'prefect_flow_run_id',
               existing_type=sa.TEXT(),
               comment='The Prefect flow run.',
               existing_nullable=True)
    op.alter_column('etl_runs', 'files_seen',
               existing_type=sa.INTEGER(),
               comment='Files discovered.',
               existing_nullable=False,
               existing_server_default=sa.text('0'))
    op.alter_column('etl_runs', 'loaded',
               existing_type=sa.INTEGER(),
               comment='Articles written.',
               existing_nullable=False,
               existing_server_default=sa.text('0'))
    op.alter_column('etl_runs', 'unchanged',
               existing_type=sa.INTEGER(),
               comment='Files skipped as unchanged.',
               existing_nullable=False,
               existing_server_default=sa.text('0'))
    op.alter_column('etl_runs', 'quarantined',
               existing_type=sa.INTEGER(),
               comment='Files quarantined.',
               existing_nullable=False,
               existing_server_default=sa.text('0'))
    op.alter_column('etl_runs', 'failed',
               existing_type=sa.INTEGER(),
               comment='Articles that could not be written.',
               existing_nullable=False,
               existing_server_default=sa.text('0'))
    op.alter_column('etl_runs', 'error',
               existing_type=sa.TEXT(),
               comment='Error message of a failed run (no credentials).',
               existing_nullable=True)
    op.create_table_comment(
        'etl_runs',
        'One row per ETL run.',
        existing_comment=None,
        schema=None
    )
    op.alter_column('event_mentions', 'id',
               existing_type=sa.BIGINT(),
               comment='Event mention id.',
               existing_nullable=False,
               existing_server_default=sa.Identity(always=False, start=1, increment=1, minvalue=1, maxvalue=9223372036854775807, cycle=False, cache=1))
    op.alter_column('event_mentions', 'event_id',
               existing_type=sa.BIGINT(),
               comment='The event.',
               existing_nullable=False)
    op.alter_column('event_mentions', 'article_id',
               existing_type=sa.BIGINT(),
               comment='The article.',
               existing_nullable=False)
    op.alter_column('event_mentions', 'start_char',
               existing_type=sa.INTEGER(),
               comment='Start offset of the evidence sentence in articles.body.',
               existing_nullable=False)
    op.alter_column('event_mentions', 'end_char',
               existing_type=sa.INTEGER(),
               comment='End offset of the evidence sentence (exclusive).',
               existing_nullable=False)
    op.alter_column('event_mentions', 'date_text',
               existing_type=sa.TEXT(),
               comment='The time expression in this article.',
               existing_nullable=True)
    op.alter_column('event_mentions', 'event_date',
               existing_type=sa.DATE(),
               comment='The day this article gives (or that the corpus resolved for it).',
               existing_nullable=True)
    op.alter_column('event_mentions', 'location_entity_id',
               existing_type=sa.BIGINT(),
               comment='The place this article gives.',
               existing_nullable=True)
    op.alter_column('event_mentions', 'participant_ids',
               existing_type=postgresql.ARRAY(sa.BIGINT()),
               comment='Entity ids of the parties this article names.',
               existing_nullable=False,
               existing_server_default=sa.text("'{}'::bigint[]"))
    op.alter_column('event_mentions', 'status',
               existing_type=sa.TEXT(),
               comment='Status in this article (scheduled before the event, occurred after…).',
               existing_nullable=True)
    op.alter_column('event_mentions', 'date_expr',
               existing_type=postgresql.JSONB(astext_type=sa.Text()),
               comment='The time expression, structured, for resolution once an anchor date is known.',
               existing_nullable=True)
    op.create_table_comment(
        'event_mentions',
        "An article's statement of an event, with its evidence.",
        existing_comment=None,
        schema=None
    )
    op.alter_column('event_participants', 'event_id',
               existing_type=sa.BIGINT(),
               comment='The event.',
               existing_nullable=False)
    op.alter_column('event_participants', 'entity_id',
               existing_type=sa.BIGINT(),
               comment='A participant.',
               existing_nullable=False)
    op.create_table_comment(
        'event_participants',
        'Entities that take part in an event (union over its mentions).',
        existing_comment=None,
        schema=None
    )
    op.alter_column('events', 'id',
               existing_type=sa.BIGINT(),
               comment='Event id.',
               existing_nullable=False,
               existing_server_default=sa.Identity(always=False, start=1, increment=1, minvalue=1, maxvalue=9223372036854775807, cycle=False, cache=1))
    op.alter_column('events', 'event_type',
               existing_type=sa.TEXT(),
               comment='summit, meeting, call, visit, statement, expiry, sanction, protest, deployment, election, attack, trial, death, announcement or other.',
               existing_nullable=False)
    op.alter_column('events', 'title',
               existing_type=sa.TEXT(),
               comment='Short title (type, parties, place).',
               existing_nullable=False)
    op.alter_column('events', 'event_date',
               existing_type=sa.DATE(),
               comment='Day the event happens (not the publication day); NULL when unknown.',
               existing_nullable=True)
    op.alter_column('events', 'date_text',
               existing_type=sa.TEXT(),
               comment='The time expression as written (vendredi, le 5 février prochain…).',
               existing_nullable=True)
    op.alter_column('events', 'status',
               existing_type=sa.TEXT(),
               comment='occurred, scheduled, announced, proposed or expected.',
               existing_nullable=True)
    op.alter_column('events', 'location_entity_id',
               existing_type=sa.BIGINT(),
               comment='The most specific place known for the event.',
               existing_nullable=True)
    op.create_table_comment(
        'events',
        'One row per real-world event, consolidated across articles.',
        existing_comment=None,
        schema=None
    )
    op.alter_column('place_links', 'article_id',
               existing_type=sa.BIGINT(),
               comment='The article that states it.',
               existing_nullable=False)
    op.alter_column('place_links', 'child_entity_id',
               existing_type=sa.BIGINT(),
               comment='The smaller place.',
               existing_nullable=False)
    op.alter_column('place_links', 'parent_entity_id',
               existing_type=sa.BIGINT(),
               comment='The larger place that contains it.',
               existing_nullable=False)
    op.create_table_comment(
        'place_links',
        'Places stated to lie inside other places (Anchorage, en Alaska).',
        existing_comment=None,
        schema=None
    )
    op.alter_column('quarantine', 'id',
               existing_type=sa.BIGINT(),
               comment='Quarantine row id.',
               existing_nullable=False,
               existing_server_default=sa.Identity(always=False, start=1, increment=1, minvalue=1, maxvalue=9223372036854775807, cycle=False, cache=1))
    op.alter_column('quarantine', 'run_id',
               existing_type=sa.BIGINT(),
               comment='The run that rejected the file.',
               existing_nullable=False)
    op.alter_column('quarantine', 'path',
               existing_type=sa.TEXT(),
               comment='Input file path.',
               existing_nullable=False)
    op.alter_column('quarantine', 'sha256',
               existing_type=sa.TEXT(),
               comment='SHA-256 of the rejected bytes, when they could be read.',
               existing_nullable=True)
    op.alter_column('quarantine', 'reason',
               existing_type=sa.TEXT(),
               comment='Short reason code (empty, binary, undecodable, too_large, unreadable, vanished…).',
               existing_nullable=False)
    op.alter_column('quarantine', 'detail',
               existing_type=sa.TEXT(),
               comment='Human-readable detail.',
               existing_nullable=True)
    op.alter_column('quarantine', 'created_at',
               existing_type=postgresql.TIMESTAMP(timezone=True),
               comment='When it was quarantined.',
               existing_nullable=False,
               existing_server_default=sa.text('now()'))
    op.create_table_comment(
        'quarantine',
        'Input files that could not become articles, and why.',
        existing_comment=None,
        schema=None
    )
    op.alter_column('quotes', 'id',
               existing_type=sa.BIGINT(),
               comment='Quote id.',
               existing_nullable=False,
               existing_server_default=sa.Identity(always=False, start=1, increment=1, minvalue=1, maxvalue=9223372036854775807, cycle=False, cache=1))
    op.alter_column('quotes', 'article_id',
               existing_type=sa.BIGINT(),
               comment='The article.',
               existing_nullable=False)
    op.alter_column('quotes', 'text',
               existing_type=sa.TEXT(),
               comment='The words inside the quotation marks.',
               existing_nullable=False)
    op.alter_column('quotes', 'kind',
               existing_type=sa.TEXT(),
               comment='statement (words attributed to a source) or scare (a term in quotes with no source).',
               existing_nullable=False)
    op.alter_column('quotes', 'speaker_entity_id',
               existing_type=sa.BIGINT(),
               comment='The speaker, when it is a known entity.',
               existing_nullable=True)
    op.alter_column('quotes', 'speaker_text',
               existing_type=sa.TEXT(),
               comment='The source as written (leurs entourages, il, le président russe…).',
               existing_nullable=True)
    op.alter_column('quotes', 'cue',
               existing_type=sa.TEXT(),
               comment='The attribution phrase (a-t-il déclaré, selon…).',
               existing_nullable=True)
    op.alter_column('quotes', 'start_char',
               existing_type=sa.INTEGER(),
               comment='Start offset of the quotation (marks included) in articles.body.',
               existing_nullable=False)
    op.alter_column('quotes', 'end_char',
               existing_type=sa.INTEGER(),
               comment='End offset of the quotation (exclusive).',
               existing_nullable=False)
    op.create_table_comment(
        'quotes',
        'Direct quotations, with their source.',
        existing_comment=None,
        schema=None
    )
    op.alter_column('sources', 'id',
               existing_type=sa.BIGINT(),
               comment='Source version id.',
               existing_nullable=False,
               existing_server_default=sa.Identity(always=False, start=1, increment=1, minvalue=1, maxvalue=9223372036854775807, cycle=False, cache=1))
    op.alter_column('sources', 'path',
               existing_type=sa.TEXT(),
               comment='Input file path, relative to the input folder.',
               existing_nullable=False)
    op.alter_column('sources', 'sha256',
               existing_type=sa.TEXT(),
               comment="SHA-256 of this version's bytes.",
               existing_nullable=False)
    op.alter_column('sources', 'size_bytes',
               existing_type=sa.BIGINT(),
               comment='Size in bytes.',
               existing_nullable=False)
    op.alter_column('sources', 'mtime_ns',
               existing_type=sa.BIGINT(),
               comment='Modification time (ns) when last seen; with the size, lets re-runs skip unchanged files.',
               existing_nullable=True)
    op.alter_column('sources', 'outcome',
               existing_type=sa.TEXT(),
               comment='loaded or quarantined.',
               existing_nullable=False)
    op.alter_column('sources', 'first_run_id',
               existing_type=sa.BIGINT(),
               comment='The run that first saw this version.',
               existing_nullable=False)
    op.alter_column('sources', 'last_run_id',
               existing_type=sa.BIGINT(),
               comment='The run that last saw this version.',
               existing_nullable=False)
    op.alter_column('sources', 'first_seen_at',
               existing_type=postgresql.TIMESTAMP(timezone=True),
               comment='When this version was first seen.',
               existing_nullable=False,
               existing_server_default=sa.text('now()'))
    op.alter_column('sources', 'last_seen_at',
               existing_type=postgresql.TIMESTAMP(timezone=True),
               comment='When this version was last seen.',
               existing_nullable=False,
               existing_server_default=sa.text('now()'))
    op.create_table_comment(
        'sources',
        'One row per version (path, sha256) of every input file.',
        existing_comment=None,
        schema=None
    )


def downgrade() -> None:
    _analytics_down()
    op.drop_table_comment(
        'sources',
        existing_comment='One row per version (path, sha256) of every input file.',
        schema=None
    )
    op.alter_column('sources', 'last_seen_at',
               existing_type=postgresql.TIMESTAMP(timezone=True),
               comment=None,
               existing_comment='When this version was last seen.',
               existing_nullable=False,
               existing_server_default=sa.text('now()'))
    op.alter_column('sources', 'first_seen_at',
               existing_type=postgresql.TIMESTAMP(timezone=True),
               comment=None,
               existing_comment='When this version was first seen.',
               existing_nullable=False,
               existing_server_default=sa.text('now()'))
    op.alter_column('sources', 'last_run_id',
               existing_type=sa.BIGINT(),
               comment=None,
               existing_comment='The run that last saw this version.',
               existing_nullable=False)
    op.alter_column('sources', 'first_run_id',
               existing_type=sa.BIGINT(),
               comment=None,
               existing_comment='The run that first saw this version.',
               existing_nullable=False)
    op.alter_column('sources', 'outcome',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='loaded or quarantined.',
               existing_nullable=False)
    op.alter_column('sources', 'mtime_ns',
               existing_type=sa.BIGINT(),
               comment=None,
               existing_comment='Modification time (ns) when last seen; with the size, lets re-runs skip unchanged files.',
               existing_nullable=True)
    op.alter_column('sources', 'size_bytes',
               existing_type=sa.BIGINT(),
               comment=None,
               existing_comment='Size in bytes.',
               existing_nullable=False)
    op.alter_column('sources', 'sha256',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment="SHA-256 of this version's bytes.",
               existing_nullable=False)
    op.alter_column('sources', 'path',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='Input file path, relative to the input folder.',
               existing_nullable=False)
    op.alter_column('sources', 'id',
               existing_type=sa.BIGINT(),
               comment=None,
               existing_comment='Source version id.',
               existing_nullable=False,
               existing_server_default=sa.Identity(always=False, start=1, increment=1, minvalue=1, maxvalue=9223372036854775807, cycle=False, cache=1))
    op.drop_table_comment(
        'quotes',
        existing_comment='Direct quotations, with their source.',
        schema=None
    )
    op.alter_column('quotes', 'end_char',
               existing_type=sa.INTEGER(),
               comment=None,
               existing_comment='End offset of the quotation (exclusive).',
               existing_nullable=False)
    op.alter_column('quotes', 'start_char',
               existing_type=sa.INTEGER(),
               comment=None,
               existing_comment='Start offset of the quotation (marks included) in articles.body.',
               existing_nullable=False)
    op.alter_column('quotes', 'cue',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='The attribution phrase (a-t-il déclaré, selon…).',
               existing_nullable=True)
    op.alter_column('quotes', 'speaker_text',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='The source as written (leurs entourages, il, le président russe…).',
               existing_nullable=True)
    op.alter_column('quotes', 'speaker_entity_id',
               existing_type=sa.BIGINT(),
               comment=None,
               existing_comment='The speaker, when it is a known entity.',
               existing_nullable=True)
    op.alter_column('quotes', 'kind',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='statement (words attributed to a source) or scare (a term in quotes with no source).',
               existing_nullable=False)
    op.alter_column('quotes', 'text',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='The words inside the quotation marks.',
               existing_nullable=False)
    op.alter_column('quotes', 'article_id',
               existing_type=sa.BIGINT(),
               comment=None,
               existing_comment='The article.',
               existing_nullable=False)
    op.alter_column('quotes', 'id',
               existing_type=sa.BIGINT(),
               comment=None,
               existing_comment='Quote id.',
               existing_nullable=False,
               existing_server_default=sa.Identity(always=False, start=1, increment=1, minvalue=1, maxvalue=9223372036854775807, cycle=False, cache=1))
    op.drop_table_comment(
        'quarantine',
        existing_comment='Input files that could not become articles, and why.',
        schema=None
    )
    op.alter_column('quarantine', 'created_at',
               existing_type=postgresql.TIMESTAMP(timezone=True),
               comment=None,
               existing_comment='When it was quarantined.',
               existing_nullable=False,
               existing_server_default=sa.text('now()'))
    op.alter_column('quarantine', 'detail',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='Human-readable detail.',
               existing_nullable=True)
    op.alter_column('quarantine', 'reason',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='Short reason code (empty, binary, undecodable, too_large, unreadable, vanished…).',
               existing_nullable=False)
    op.alter_column('quarantine', 'sha256',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='SHA-256 of the rejected bytes, when they could be read.',
               existing_nullable=True)
    op.alter_column('quarantine', 'path',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='Input file path.',
               existing_nullable=False)
    op.alter_column('quarantine', 'run_id',
               existing_type=sa.BIGINT(),
               comment=None,
               existing_comment='The run that rejected the file.',
               existing_nullable=False)
    op.alter_column('quarantine', 'id',
               existing_type=sa.BIGINT(),
               comment=None,
               existing_comment='Quarantine row id.',
               existing_nullable=False,
               existing_server_default=sa.Identity(always=False, start=1, increment=1, minvalue=1, maxvalue=9223372036854775807, cycle=False, cache=1))
    op.drop_table_comment(
        'place_links',
        existing_comment='Places stated to lie inside other places (Anchorage, en Alaska).',
        schema=None
    )
    op.alter_column('place_links', 'parent_entity_id',
               existing_type=sa.BIGINT(),
               comment=None,
               existing_comment='The larger place that contains it.',
               existing_nullable=False)
    op.alter_column('place_links', 'child_entity_id',
               existing_type=sa.BIGINT(),
               comment=None,
               existing_comment='The smaller place.',
               existing_nullable=False)
    op.alter_column('place_links', 'article_id',
               existing_type=sa.BIGINT(),
               comment=None,
               existing_comment='The article that states it.',
               existing_nullable=False)
    op.drop_table_comment(
        'events',
        existing_comment='One row per real-world event, consolidated across articles.',
        schema=None
    )
    op.alter_column('events', 'location_entity_id',
               existing_type=sa.BIGINT(),
               comment=None,
               existing_comment='The most specific place known for the event.',
               existing_nullable=True)
    op.alter_column('events', 'status',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='occurred, scheduled, announced, proposed or expected.',
               existing_nullable=True)
    op.alter_column('events', 'date_text',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='The time expression as written (vendredi, le 5 février prochain…).',
               existing_nullable=True)
    op.alter_column('events', 'event_date',
               existing_type=sa.DATE(),
               comment=None,
               existing_comment='Day the event happens (not the publication day); NULL when unknown.',
               existing_nullable=True)
    op.alter_column('events', 'title',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='Short title (type, parties, place).',
               existing_nullable=False)
    op.alter_column('events', 'event_type',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='summit, meeting, call, visit, statement, expiry, sanction, protest, deployment, election, attack, trial, death, announcement or other.',
               existing_nullable=False)
    op.alter_column('events', 'id',
               existing_type=sa.BIGINT(),
               comment=None,
               existing_comment='Event id.',
               existing_nullable=False,
               existing_server_default=sa.Identity(always=False, start=1, increment=1, minvalue=1, maxvalue=9223372036854775807, cycle=False, cache=1))
    op.drop_table_comment(
        'event_participants',
        existing_comment='Entities that take part in an event (union over its mentions).',
        schema=None
    )
    op.alter_column('event_participants', 'entity_id',
               existing_type=sa.BIGINT(),
               comment=None,
               existing_comment='A participant.',
               existing_nullable=False)
    op.alter_column('event_participants', 'event_id',
               existing_type=sa.BIGINT(),
               comment=None,
               existing_comment='The event.',
               existing_nullable=False)
    op.drop_table_comment(
        'event_mentions',
        existing_comment="An article's statement of an event, with its evidence.",
        schema=None
    )
    op.alter_column('event_mentions', 'date_expr',
               existing_type=postgresql.JSONB(astext_type=sa.Text()),
               comment=None,
               existing_comment='The time expression, structured, for resolution once an anchor date is known.',
               existing_nullable=True)
    op.alter_column('event_mentions', 'status',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='Status in this article (scheduled before the event, occurred after…).',
               existing_nullable=True)
    op.alter_column('event_mentions', 'participant_ids',
               existing_type=postgresql.ARRAY(sa.BIGINT()),
               comment=None,
               existing_comment='Entity ids of the parties this article names.',
               existing_nullable=False,
               existing_server_default=sa.text("'{}'::bigint[]"))
    op.alter_column('event_mentions', 'location_entity_id',
               existing_type=sa.BIGINT(),
               comment=None,
               existing_comment='The place this article gives.',
               existing_nullable=True)
    op.alter_column('event_mentions', 'event_date',
               existing_type=sa.DATE(),
               comment=None,
               existing_comment='The day this article gives (or that the corpus resolved for it).',
               existing_nullable=True)
    op.alter_column('event_mentions', 'date_text',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='The time expression in this article.',
               existing_nullable=True)
    op.alter_column('event_mentions', 'end_char',
               existing_type=sa.INTEGER(),
               comment=None,
               existing_comment='End offset of the evidence sentence (exclusive).',
               existing_nullable=False)
    op.alter_column('event_mentions', 'start_char',
               existing_type=sa.INTEGER(),
               comment=None,
               existing_comment='Start offset of the evidence sentence in articles.body.',
               existing_nullable=False)
    op.alter_column('event_mentions', 'article_id',
               existing_type=sa.BIGINT(),
               comment=None,
               existing_comment='The article.',
               existing_nullable=False)
    op.alter_column('event_mentions', 'event_id',
               existing_type=sa.BIGINT(),
               comment=None,
               existing_comment='The event.',
               existing_nullable=False)
    op.alter_column('event_mentions', 'id',
               existing_type=sa.BIGINT(),
               comment=None,
               existing_comment='Event mention id.',
               existing_nullable=False,
               existing_server_default=sa.Identity(always=False, start=1, increment=1, minvalue=1, maxvalue=9223372036854775807, cycle=False, cache=1))
    op.drop_table_comment(
        'etl_runs',
        existing_comment='One row per ETL run.',
        schema=None
    )
    op.alter_column('etl_runs', 'error',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='Error message of a failed run (no credentials).',
               existing_nullable=True)
    op.alter_column('etl_runs', 'failed',
               existing_type=sa.INTEGER(),
               comment=None,
               existing_comment='Articles that could not be written.',
               existing_nullable=False,
               existing_server_default=sa.text('0'))
    op.alter_column('etl_runs', 'quarantined',
               existing_type=sa.INTEGER(),
               comment=None,
               existing_comment='Files quarantined.',
               existing_nullable=False,
               existing_server_default=sa.text('0'))
    op.alter_column('etl_runs', 'unchanged',
               existing_type=sa.INTEGER(),
               comment=None,
               existing_comment='Files skipped as unchanged.',
               existing_nullable=False,
               existing_server_default=sa.text('0'))
    op.alter_column('etl_runs', 'loaded',
               existing_type=sa.INTEGER(),
               comment=None,
               existing_comment='Articles written.',
               existing_nullable=False,
               existing_server_default=sa.text('0'))
    op.alter_column('etl_runs', 'files_seen',
               existing_type=sa.INTEGER(),
               comment=None,
               existing_comment='Files discovered.',
               existing_nullable=False,
               existing_server_default=sa.text('0'))
    op.alter_column('etl_runs', 'prefect_flow_run_id',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='The Prefect flow run.',
               existing_nullable=True)
    op.alter_column('etl_runs', 'code_version',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='news-etl version and git commit.',
               existing_nullable=False)
    op.alter_column('etl_runs', 'input_dir',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='The input folder.',
               existing_nullable=False)
    op.alter_column('etl_runs', 'status',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='running, succeeded, completed_with_errors, failed or skipped.',
               existing_nullable=False,
               existing_server_default=sa.text("'running'::text"))
    op.alter_column('etl_runs', 'finished_at',
               existing_type=postgresql.TIMESTAMP(timezone=True),
               comment=None,
               existing_comment='End time (NULL while running or after a crash).',
               existing_nullable=True)
    op.alter_column('etl_runs', 'started_at',
               existing_type=postgresql.TIMESTAMP(timezone=True),
               comment=None,
               existing_comment='Start time.',
               existing_nullable=False,
               existing_server_default=sa.text('now()'))
    op.alter_column('etl_runs', 'id',
               existing_type=sa.BIGINT(),
               comment=None,
               existing_comment='Run id.',
               existing_nullable=False,
               existing_server_default=sa.Identity(always=False, start=1, increment=1, minvalue=1, maxvalue=9223372036854775807, cycle=False, cache=1))
    op.drop_table_comment(
        'entity_mentions',
        existing_comment='Each occurrence of an entity in an article body.',
        schema=None
    )
    op.alter_column('entity_mentions', 'role',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='Function or title written next to the person (ministre des Affaires étrangères…).',
               existing_nullable=True)
    op.alter_column('entity_mentions', 'end_char',
               existing_type=sa.INTEGER(),
               comment=None,
               existing_comment='End offset in articles.body (exclusive).',
               existing_nullable=False)
    op.alter_column('entity_mentions', 'start_char',
               existing_type=sa.INTEGER(),
               comment=None,
               existing_comment='Start offset in articles.body (Python string index).',
               existing_nullable=False)
    op.alter_column('entity_mentions', 'surface',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='The text as written (body[start_char:end_char]).',
               existing_nullable=False)
    op.alter_column('entity_mentions', 'entity_id',
               existing_type=sa.BIGINT(),
               comment=None,
               existing_comment='The entity mentioned.',
               existing_nullable=False)
    op.alter_column('entity_mentions', 'article_id',
               existing_type=sa.BIGINT(),
               comment=None,
               existing_comment='The article.',
               existing_nullable=False)
    op.alter_column('entity_mentions', 'id',
               existing_type=sa.BIGINT(),
               comment=None,
               existing_comment='Mention id.',
               existing_nullable=False,
               existing_server_default=sa.Identity(always=False, start=1, increment=1, minvalue=1, maxvalue=9223372036854775807, cycle=False, cache=1))
    op.drop_table_comment(
        'entity_aliases',
        existing_comment='Other surface forms of an entity (Poutine, Putin, Alliance atlantique…).',
        schema=None
    )
    op.alter_column('entity_aliases', 'alias_key',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='Normalised key of the alias.',
               existing_nullable=False)
    op.alter_column('entity_aliases', 'alias',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='A surface form as seen in text.',
               existing_nullable=False)
    op.alter_column('entity_aliases', 'entity_id',
               existing_type=sa.BIGINT(),
               comment=None,
               existing_comment='The entity.',
               existing_nullable=False)
    op.drop_table_comment(
        'entities',
        existing_comment='One row per real-world person, organisation, place or other named thing.',
        schema=None
    )
    op.alter_column('entities', 'last_word',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='Last word of norm_name (surname lookups).',
               existing_nullable=False,
               existing_server_default=sa.Computed("regexp_replace(norm_name, '^.* '::text, ''::text)", persisted=True))
    op.alter_column('entities', 'norm_name',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='Case-, accent- and hyphen-insensitive key of the name (unique per type).',
               existing_nullable=False)
    op.alter_column('entities', 'type',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='PERSON, ORG, LOC or MISC.',
               existing_nullable=False)
    op.alter_column('entities', 'name',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='Canonical name: the fullest or authoritative form seen.',
               existing_nullable=False)
    op.alter_column('entities', 'id',
               existing_type=sa.BIGINT(),
               comment=None,
               existing_comment='Entity id.',
               existing_nullable=False,
               existing_server_default=sa.Identity(always=False, start=1, increment=1, minvalue=1, maxvalue=9223372036854775807, cycle=False, cache=1))
    op.drop_table_comment(
        'articles',
        existing_comment='One clean article per current input file.',
        schema=None
    )
    op.alter_column('articles', 'fts',
               existing_type=postgresql.TSVECTOR(),
               comment=None,
               existing_comment="Full-text search vector of title and body, in the article's language.",
               existing_nullable=False,
               existing_server_default=sa.Computed("to_tsvector(\nCASE language\n    WHEN 'fr'::text THEN 'french'::regconfig\n    WHEN 'en'::text THEN 'english'::regconfig\n    WHEN 'de'::text THEN 'german'::regconfig\n    WHEN 'es'::text THEN 'spanish'::regconfig\n    WHEN 'it'::text THEN 'italian'::regconfig\n    WHEN 'pt'::text THEN 'portuguese'::regconfig\n    WHEN 'nl'::text THEN 'dutch'::regconfig\n    ELSE 'simple'::regconfig\nEND, ((COALESCE(title, ''::text) || ' '::text) || body))", persisted=True))
    op.alter_column('articles', 'updated_at',
               existing_type=postgresql.TIMESTAMP(timezone=True),
               comment=None,
               existing_comment='When the article was last reloaded.',
               existing_nullable=False,
               existing_server_default=sa.text('now()'))
    op.alter_column('articles', 'created_at',
               existing_type=postgresql.TIMESTAMP(timezone=True),
               comment=None,
               existing_comment='When the article was first loaded.',
               existing_nullable=False,
               existing_server_default=sa.text('now()'))
    op.alter_column('articles', 'run_id',
               existing_type=sa.BIGINT(),
               comment=None,
               existing_comment='The ETL run that last wrote this article.',
               existing_nullable=True)
    op.alter_column('articles', 'captions',
               existing_type=postgresql.JSONB(astext_type=sa.Text()),
               comment=None,
               existing_comment='Image captions and photo credits (JSON list of {text, credit}); never part of the body.',
               existing_nullable=True)
    op.alter_column('articles', 'body',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='Clean article text, paragraphs separated by a blank line; offsets index into it.',
               existing_nullable=False)
    op.alter_column('articles', 'author',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='Byline: author(s) or agency.',
               existing_nullable=True)
    op.alter_column('articles', 'publisher',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='The outlet that publishes the article.',
               existing_nullable=True)
    op.alter_column('articles', 'updated_on',
               existing_type=sa.DATE(),
               comment=None,
               existing_comment="Day of the article's last update, as the page states it.",
               existing_nullable=True)
    op.alter_column('articles', 'published_on',
               existing_type=sa.DATE(),
               comment=None,
               existing_comment='Day the article was published, as the page states it (NULL when it does not).',
               existing_nullable=True)
    op.alter_column('articles', 'language',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment="ISO 639-1 code of the article's language ('und' when unknown).",
               existing_nullable=False)
    op.alter_column('articles', 'title_is_derived',
               existing_type=sa.BOOLEAN(),
               comment=None,
               existing_comment='True when display_title was derived from the body (no headline on the page).',
               existing_nullable=False,
               existing_server_default=sa.text('false'))
    op.alter_column('articles', 'display_title',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='The headline, or a title derived from the first sentence when there is none.',
               existing_nullable=True)
    op.alter_column('articles', 'title',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment="The page's headline; NULL when the page has none.",
               existing_nullable=True)
    op.alter_column('articles', 'content_sha256',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment="SHA-256 of the file's bytes this row was made from.",
               existing_nullable=False)
    op.alter_column('articles', 'source_path',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='Input file path, relative to the input folder (unique).',
               existing_nullable=False)
    op.alter_column('articles', 'id',
               existing_type=sa.BIGINT(),
               comment=None,
               existing_comment='Article id.',
               existing_nullable=False,
               existing_server_default=sa.Identity(always=False, start=1, increment=1, minvalue=1, maxvalue=9223372036854775807, cycle=False, cache=1))
    op.drop_table_comment(
        'article_lines',
        existing_comment='Fingerprints of short non-prose lines of each page: the learned site template.',
        schema=None
    )
    op.alter_column('article_lines', 'line_hash',
               existing_type=sa.TEXT(),
               comment=None,
               existing_comment='Fingerprint of a normalised line.',
               existing_nullable=False)
    op.alter_column('article_lines', 'article_id',
               existing_type=sa.BIGINT(),
               comment=None,
               existing_comment='The article.',
               existing_nullable=False)
