"""Find input files under the input root and read them (bytes + SHA-256)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from fnmatch import fnmatch
from pathlib import Path

from etl.records import InputError, RawDocument, SourceFile


def discover(root: Path, patterns: Sequence[str] = ("*.txt", "*.html", "*.htm")) -> Iterator[SourceFile]:
    """Yield the regular files under ``root`` whose names match ``patterns``, in path order.

    Hidden files and folders are skipped; symbolic links are never followed, so nothing outside
    the input root is read.
    """
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"input folder not found: {root}")
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or not any(fnmatch(name.lower(), p) for p in patterns):
                continue
            path = Path(dirpath) / name
            try:
                st = path.lstat()
            except FileNotFoundError:
                continue  # deleted since the folder was listed
            if not path.is_file() or path.is_symlink():
                continue
            yield SourceFile(path.relative_to(root).as_posix(), path, st.st_size, st.st_mtime_ns)


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
