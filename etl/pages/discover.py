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
    folder's files, then its sub-folders'), one at a time: the memory a walk holds is the names of
    the folders it is in, and does not grow as their files are yielded.

    Hidden files and folders are skipped; symbolic links are never followed, so nothing outside
    the input root is read. One ``lstat`` per file (the directory entry gives its type).
    """
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"input folder not found: {root}")
    patterns = tuple(p.lower() for p in patterns)
    yield from _walk(root, "", patterns)


def _walk(folder: Path, prefix: str, patterns: tuple[str, ...]) -> Iterator[SourceFile]:
    # Only the names are kept while the folder is walked: a DirEntry caches the stat it makes,
    # so a listing of entries held across the walk grew by one stat result per file yielded
    # (about 50 MB over a folder of 100,000 files, in a run that walks it as it transforms).
    try:
        with os.scandir(folder) as listing:
            files, folders = [], []
            for entry in listing:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.name)
                elif entry.is_file(follow_symlinks=False) and any(fnmatch(entry.name.lower(), p) for p in patterns):
                    files.append(entry.name)
    except FileNotFoundError:
        return  # deleted since its parent was listed
    for name in sorted(files):
        path = folder / name
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            continue  # deleted since the folder was listed
        if stat.S_ISREG(st.st_mode):
            yield SourceFile(prefix + name, path, st.st_size, st.st_mtime_ns)
    for name in sorted(folders):
        yield from _walk(folder / name, f"{prefix}{name}/", patterns)


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
