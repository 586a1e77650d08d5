"""event_statement_dates, event_statement_places, event_statement_totals: what the statements of
each event say, aggregated and kept by triggers on event_mentions; the loader reads them for the
known events a batch may attach to, instead of every statement of those events (a frequent event
gathers thousands)

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 00:30:00.000000
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0015'
down_revision: str | None = '0014'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# New statements are added to the counts; statements deleted or changed (a re-processed article,
# a merge, the corpus dating a day) make their events counted again from what remains: their
# summaries are deleted, then the same upserts add all their statements.
SUMMARISE = """
    INSERT INTO event_statement_dates AS s (event_id, event_date, statements, first_statement_id)
    SELECT event_id, event_date, count(*), min(id) FROM {rows} AS r WHERE event_date IS NOT NULL GROUP BY 1, 2
    ON CONFLICT (event_id, event_date) DO UPDATE
    SET statements = s.statements + excluded.statements,
        first_statement_id = least(s.first_statement_id, excluded.first_statement_id);
    INSERT INTO event_statement_places AS s (event_id, location_entity_id, statements, first_statement_id)
    SELECT event_id, location_entity_id, count(*), min(id) FROM {rows} AS r WHERE location_entity_id IS NOT NULL
    GROUP BY 1, 2
    ON CONFLICT (event_id, location_entity_id) DO UPDATE
    SET statements = s.statements + excluded.statements,
        first_statement_id = least(s.first_statement_id, excluded.first_statement_id);
    INSERT INTO event_statement_totals AS s (event_id, statements, first_statement_id, first_dated_statement_id,
                                             first_date_text, party_ids)
    SELECT a.event_id, a.n, a.first, a.first_dated, a.date_text, coalesce(u.parties, '{{}}')
    FROM (SELECT event_id, count(*) AS n, min(id) AS first, min(id) FILTER (WHERE date_text IS NOT NULL) AS first_dated,
                 (array_agg(date_text ORDER BY id) FILTER (WHERE date_text IS NOT NULL))[1] AS date_text
          FROM {rows} AS r GROUP BY event_id) AS a
    LEFT JOIN (SELECT event_id, array_agg(DISTINCT party ORDER BY party) AS parties
               FROM {rows} AS r CROSS JOIN unnest(r.participant_ids) AS party GROUP BY event_id) AS u USING (event_id)
    ON CONFLICT (event_id) DO UPDATE
    SET statements = s.statements + excluded.statements,
        first_statement_id = least(s.first_statement_id, excluded.first_statement_id),
        first_dated_statement_id = least(s.first_dated_statement_id, excluded.first_dated_statement_id),
        first_date_text = CASE WHEN s.first_dated_statement_id IS NULL
                                    OR excluded.first_dated_statement_id < s.first_dated_statement_id
                               THEN excluded.first_date_text ELSE s.first_date_text END,
        party_ids = ARRAY(SELECT DISTINCT p FROM unnest(s.party_ids || excluded.party_ids) AS p ORDER BY p);
"""

ADD_FUNCTION = """
CREATE FUNCTION event_statements_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
""" + SUMMARISE.format(rows="new_rows") + """
    RETURN NULL;
END
$$
"""

RECOUNT_FUNCTION = """
CREATE FUNCTION event_statements_recount(ids bigint[]) RETURNS void LANGUAGE sql AS $$
    DELETE FROM event_statement_dates WHERE event_id = ANY(ids);
    DELETE FROM event_statement_places WHERE event_id = ANY(ids);
    DELETE FROM event_statement_totals WHERE event_id = ANY(ids);
""" + SUMMARISE.format(rows="(SELECT * FROM event_mentions WHERE event_id = ANY(ids))") + """
$$
"""

CHANGED_FUNCTION = """
CREATE FUNCTION event_statements_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
BEGIN
    IF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT event_id) INTO ids FROM old_rows;
    ELSE
        SELECT array_agg(DISTINCT event_id) INTO ids
        FROM (SELECT event_id FROM old_rows UNION SELECT event_id FROM new_rows) AS changed;
    END IF;
    IF ids IS NOT NULL THEN
        PERFORM event_statements_recount(ids);
    END IF;
    RETURN NULL;
END
$$
"""

TRIGGERS = {
    'event_mentions_inserted': ('AFTER INSERT ON event_mentions REFERENCING NEW TABLE AS new_rows',
                                'event_statements_add'),
    'event_mentions_deleted': ('AFTER DELETE ON event_mentions REFERENCING OLD TABLE AS old_rows',
                               'event_statements_changed'),
    'event_mentions_updated': ('AFTER UPDATE ON event_mentions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows',
                               'event_statements_changed'),
}


def _event_id() -> sa.Column:
    return sa.Column('event_id', sa.BigInteger(), nullable=False, comment='The event.')


def _first_statement() -> sa.Column:
    return sa.Column('first_statement_id', sa.BigInteger(), nullable=False,
                     comment='The first statement (event_mentions.id) that gave it.')


def _event_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f(f'fk_{table}_event_id_events'),
                                   ondelete='CASCADE')


def upgrade() -> None:
    op.create_table(
        'event_statement_dates',
        _event_id(),
        sa.Column('event_date', sa.Date(), nullable=False, comment='A day its statements give.'),
        sa.Column('statements', sa.Integer(), nullable=False, comment='How many of its statements give that day.'),
        _first_statement(),
        _event_fk('event_statement_dates'),
        sa.PrimaryKeyConstraint('event_id', 'event_date', name=op.f('pk_event_statement_dates')),
        comment='Each day the statements of an event give, with how many give it (kept by triggers on '
                'event_mentions): what the loader reads of a known event.',
    )
    op.create_table(
        'event_statement_places',
        _event_id(),
        sa.Column('location_entity_id', sa.BigInteger(), nullable=False, comment='A place its statements give.'),
        sa.Column('statements', sa.Integer(), nullable=False, comment='How many of its statements give that place.'),
        _first_statement(),
        _event_fk('event_statement_places'),
        sa.PrimaryKeyConstraint('event_id', 'location_entity_id', name=op.f('pk_event_statement_places')),
        comment='Each place the statements of an event give (kept by triggers on event_mentions).',
    )
    op.create_table(
        'event_statement_totals',
        _event_id(),
        sa.Column('statements', sa.Integer(), nullable=False, comment='How many statements it has.'),
        sa.Column('first_statement_id', sa.BigInteger(), nullable=False,
                  comment='Its first statement (event_mentions.id).'),
        sa.Column('first_dated_statement_id', sa.BigInteger(), nullable=True,
                  comment='Its first statement with a date as written.'),
        sa.Column('first_date_text', sa.Text(), nullable=True, comment="That statement's date as written."),
        sa.Column('party_ids', postgresql.ARRAY(sa.BigInteger()), nullable=False,
                  comment='Entity ids of every party its statements name, sorted.'),
        _event_fk('event_statement_totals'),
        sa.PrimaryKeyConstraint('event_id', name=op.f('pk_event_statement_totals')),
        comment='What all the statements of an event say together (kept by triggers on event_mentions).',
    )
    op.execute(ADD_FUNCTION)
    op.execute(RECOUNT_FUNCTION)
    op.execute(CHANGED_FUNCTION)
    op.execute("SELECT event_statements_recount(ARRAY(SELECT DISTINCT event_id FROM event_mentions))")
    for name, (when, function) in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {when} FOR EACH STATEMENT EXECUTE FUNCTION {function}()")


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name} ON event_mentions")
    for function in ('event_statements_changed()', 'event_statements_recount(bigint[])', 'event_statements_add()'):
        op.execute(f"DROP FUNCTION {function}")
    for table in ('event_statement_totals', 'event_statement_places', 'event_statement_dates'):
        op.drop_table(table)
