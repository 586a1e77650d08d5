"""COPY into a table on the connection's transaction, raising as SQLAlchemy raises."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import psycopg
from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError


def copy_rows(conn: Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """``COPY table (columns) FROM STDIN`` on the connection's transaction; returns rows written."""
    n = 0
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None  # a connection inside a transaction is never detached from its driver's
    cursor = dbapi.cursor()
    try:
        with cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
    except psycopg.Error as err:  # raised as SQLAlchemy raises the others (IntegrityError, OperationalError…)
        raise DBAPIError.instance(sql, None, err, psycopg.Error) from err
    finally:
        cursor.close()
    return n
