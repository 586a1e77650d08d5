"""One input file to one Article: the pure transform (no database, no Prefect)."""

from __future__ import annotations

import hashlib

from etl.clean import clean_dump
from etl.decode import decode_bytes
from etl.language import detect_language
from etl.records import Article, BatchResult, InputError, RawDocument, Rejected


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def transform(path: str, data: bytes) -> Article:
    """Turn one file's bytes into an Article; raise InputError when it cannot be one."""
    text = decode_bytes(data)
    cleaned = clean_dump(text)
    if not cleaned.body.strip():
        raise InputError("no_content", "no article text was found in the page")
    return Article(
        source_path=path,
        content_sha256=sha256_hex(data),
        title=cleaned.title,
        body=cleaned.body,
        language=detect_language(f"{cleaned.title or ''}\n{cleaned.body}"),
    )


def transform_document(doc: RawDocument) -> Article | Rejected:
    """Transform a read document; a bad input becomes a Rejected record, never an exception."""
    try:
        return transform(doc.path, doc.data)
    except InputError as exc:
        return Rejected(doc.path, doc.sha256, exc.reason, exc.detail)


def transform_batch(docs: list[RawDocument]) -> BatchResult:
    """Transform a batch of documents into articles and rejections."""
    result = BatchResult()
    for doc in docs:
        out = transform_document(doc)
        (result.articles if isinstance(out, Article) else result.rejected).append(out)
    return result
