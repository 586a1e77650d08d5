import os
import tracemalloc

import pytest

from etl.pages.discover import discover, read_document, sha256_file
from etl.records import InputError


def _tree(root):
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("a")
    (root / "sub" / "b.html").write_text("<p>b</p>")
    (root / "c.pdf").write_bytes(b"%PDF-")
    (root / ".hidden.txt").write_text("h")
    (root / ".git").mkdir()
    (root / ".git" / "x.txt").write_text("x")
    (root / "name with spaces «é» 'q'.txt").write_text("u")
    outside = root.parent / "outside.txt"
    outside.write_text("secret")
    (root / "link.txt").symlink_to(outside)
    (root / "linkdir").symlink_to(root.parent)


def test_discover_lists_matching_regular_files_in_order(tmp_path):
    root = tmp_path / "in"
    _tree(root)
    paths = [f.path for f in discover(root)]
    assert paths == ["a.txt", "name with spaces «é» 'q'.txt", "sub/b.html"]


def test_discover_holds_no_more_as_it_walks_a_big_folder(tmp_path):
    """What the walk keeps does not grow with the files it has yielded (a held DirEntry keeps the
    stat it made: about 500 bytes a file)."""
    for i in range(3000):
        (tmp_path / f"{i:05d}.txt").touch()
    walk = discover(tmp_path)
    tracemalloc.start()
    try:
        for i, _ in enumerate(walk):
            if i == 500:
                early = tracemalloc.get_traced_memory()[0]
            elif i == 2900:
                late = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert late - early < 50_000  # 2,400 files further on; 1.2 MB more when each stat was kept


def test_discover_reports_size_and_mtime(tmp_path):
    (tmp_path / "a.txt").write_text("hello")
    [f] = list(discover(tmp_path))
    assert f.size == 5 and f.mtime_ns == os.stat(tmp_path / "a.txt").st_mtime_ns


def test_missing_root_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="input folder not found"):
        list(discover(tmp_path / "nope"))


def test_read_document_hashes_bytes(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"abc")
    [f] = list(discover(tmp_path))
    doc = read_document(f, 100)
    assert doc.data == b"abc" and doc.sha256 == sha256_file(tmp_path / "a.txt")
    assert doc.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_read_document_refuses_too_large(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"x" * 101)
    [f] = list(discover(tmp_path))
    with pytest.raises(InputError) as info:
        read_document(f, 100)
    assert info.value.reason == "too_large"


def test_read_document_vanished(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"x")
    [f] = list(discover(tmp_path))
    (tmp_path / "a.txt").unlink()
    with pytest.raises(InputError) as info:
        read_document(f, 100)
    assert info.value.reason == "vanished"
