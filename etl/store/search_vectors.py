"""Text-search vectors computed ahead of the load, on a connection of their own.

``articles.fts`` is PostgreSQL's ``to_tsvector`` of an article's title and body
(:data:`etl.store.models.FTS_EXPRESSION`), the costliest part of writing an article row: 1.0 s of the
1.5 s that 2,000 generated pages took to insert into 100,000. The load transaction is the
pipeline's one serial stage, and the vector depends on nothing but the article, so the flow asks
PostgreSQL for the vectors of each batch as soon as the batch is transformed, on another
connection, while it waits for the next ones; the loader then writes them with the rows (read
back from text: 0.2 s for those 2,000). An article whose vector is not there (the side connection
failed, a retried load) is written without one, and the trigger ``articles_fts`` computes it
with the same expression, in the load transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

from sqlalchemy import Engine, text

from etl.records import Article
from etl.store.models import FTS_EXPRESSION

log = logging.getLogger(__name__)

_VECTORS = text(f"""
    SELECT CAST({FTS_EXPRESSION} AS text)
    FROM unnest(CAST(:title AS text[]), CAST(:body AS text[]), CAST(:language AS text[])) AS a(title, body, language)
""")  # noqa: S608 (the expression is ours)

Key = tuple[str, str]  # (source path, content sha256): one article version of the run


def _key(a: Article) -> Key:
    return a.source_path, a.content_sha256


def compute_vectors(engine: Engine, articles: Sequence[Article]) -> list[str]:
    """The articles' text-search vectors (as text, in order), computed by PostgreSQL with the
    expression of ``articles.fts``."""
    if not articles:
        return []
    with engine.connect() as conn:
        return list(
            conn.execute(
                _VECTORS,
                {
                    "title": [a.title for a in articles],
                    "body": [a.body for a in articles],
                    "language": [a.language for a in articles],
                },
            ).scalars()
        )


class SearchVectors:
    """Vectors of the run's articles, computed on a thread (and a pooled connection) of their own:
    :meth:`submit` as batches are transformed, :meth:`take` when they are loaded. One per run: an
    article version is known by its path and content hash, and the site template (hence the body)
    is the same for the whole run."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-vectors")
        self._pending: list[Future] = []
        self._ready: dict[Key, str] = {}
        self._failed = False

    def submit(self, articles: Iterable[Article]) -> None:
        """Start computing the vectors of ``articles`` (returns at once)."""
        batch = list(articles)
        if batch and not self._failed:
            self._pending.append(self._thread.submit(self._compute, batch))

    def _compute(self, batch: list[Article]) -> None:
        for a, vector in zip(batch, compute_vectors(self._engine, batch), strict=True):
            self._ready[_key(a)] = vector

    def wait(self) -> None:
        """Return once the work submitted so far is done (or failed: then nothing more is submitted)."""
        pending, self._pending = self._pending, []
        for future in pending:
            try:
                future.result()
            except Exception as exc:  # noqa: BLE001 (an optimisation: the trigger computes what is missing)
                if not self._failed:
                    log.warning("text-search vectors not computed ahead (%s): the load computes them", exc)
                self._failed = True

    def take(self, articles: Iterable[Article]) -> dict[Key, str]:
        """The vectors of ``articles``, by (path, sha256), once the work submitted so far is done
        (the last batch's, usually milliseconds); each is handed out once. Articles whose vector
        could not be computed are missing: the database computes those as they are written."""
        self.wait()
        taken: dict[Key, str] = {}
        for a in articles:
            vector = self._ready.pop(_key(a), None)
            if vector is not None:
                taken[_key(a)] = vector
        return taken

    def close(self) -> None:
        """Stop the thread; vectors not taken are dropped."""
        self._thread.shutdown(wait=True, cancel_futures=True)
        self._pending.clear()
        self._ready.clear()
