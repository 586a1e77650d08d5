"""Find input files under the input root and read them (bytes + SHA-256)."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator, Sequence
from fnmatch import fnmatch
from pathlib import Path

from etl.records import InputError, RawDocument, SourceFile


def discover(root: Path, patterns: Sequence[str] = ("*.txt", "*.html", "*.htm")) -> Iterator[SourceFile]:
    """Yield the regular files under ``root`` whose names match ``patterns``, in path order (a
    folder's files, then its sub-folders'), one at a time: a folder of any size is walked in
    constant memory.

    Hidden files and folders are skipped; symbolic links are never followed, so nothing outside
    the input root is read. One ``lstat`` per file (the directory entry gives its type).
    """
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"input folder not found: {root}")
    patterns = tuple(p.lower() for p in patterns)
    yield from _walk(root, "", patterns)


def _walk(folder: Path, prefix: str, patterns: tuple[str, ...]) -> Iterator[SourceFile]:
    try:
        with os.scandir(folder) as listing:
            entries = sorted((e for e in listing if not e.name.startswith(".")), key=lambda e: e.name)
    except FileNotFoundError:
        return  # deleted since its parent was listed
    folders = []
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            folders.append(entry)
            continue
        if not entry.is_file(follow_symlinks=False) or not any(fnmatch(entry.name.lower(), p) for p in patterns):
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except FileNotFoundError:
            continue  # deleted since the folder was listed
        if stat.S_ISREG(st.st_mode):
            yield SourceFile(prefix + entry.name, folder / entry.name, st.st_size, st.st_mtime_ns)
    for entry in folders:
        yield from _walk(folder / entry.name, f"{prefix}{entry.name}/", patterns)


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    """SHA-256 of a file, read in chunks (constant memory)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def read_document(source: SourceFile, max_bytes: int) -> RawDocument:
    """Read a file into a RawDocument; raise InputError when it is missing, unreadable or too big."""
    try:
        size = source.abs_path.stat().st_size
        if size > max_bytes:
            raise InputError("too_large", f"{size} bytes is over the {max_bytes}-byte limit")
        with open(source.abs_path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise InputError("vanished", "the file was deleted before it could be read") from exc
    except PermissionError as exc:
        raise InputError("unreadable", f"permission denied: {exc.strerror}") from exc
    except IsADirectoryError as exc:
        raise InputError("unreadable", "not a regular file") from exc
    if len(data) > max_bytes:
        raise InputError("too_large", f"over the {max_bytes}-byte limit")
    return RawDocument(source.path, data, hashlib.sha256(data).hexdigest())
