from pathlib import Path

from etl.load import StoredSource
from etl.pipeline import Counts, batched, plan, prepare
from etl.records import SourceFile


def _file(tmp_path: Path, name: str, data: bytes) -> SourceFile:
    p = tmp_path / name
    p.write_bytes(data)
    st = p.stat()
    return SourceFile(name, p, st.st_size, st.st_mtime_ns)


BODY = ("Titre de l'article de test\n\n" + "Une phrase de prose qui compte largement plus de douze mots pour "
        "passer le filtre du nettoyeur de pages.\n").encode()


def test_plan_skips_files_whose_size_and_mtime_are_known(tmp_path):
    a, b = _file(tmp_path, "a.txt", BODY), _file(tmp_path, "b.txt", BODY)
    stored = {"a.txt": StoredSource("a.txt", "h", a.size, a.mtime_ns, "loaded"),
              "b.txt": StoredSource("b.txt", "h", b.size, b.mtime_ns + 1, "loaded")}
    p = plan([a, b], stored)
    assert [f.path for f in p.to_read] == ["b.txt"]
    assert [u[0] for u in p.unchanged] == ["a.txt"]
    assert [f.path for f in plan([a, b], stored, rehash=True).to_read] == ["a.txt", "b.txt"]


def test_prepare_marks_same_hash_as_unchanged_and_transforms_the_rest(tmp_path):
    from etl.transform import sha256_hex

    a, b = _file(tmp_path, "a.txt", BODY), _file(tmp_path, "b.txt", BODY + b"x")
    c, d = _file(tmp_path, "c.txt", b""), _file(tmp_path, "d.txt", b"y" * 500)
    stored = {"a.txt": StoredSource("a.txt", sha256_hex(BODY), 0, 0, "loaded")}
    batch = prepare([a, b, c, d], stored, max_bytes=400)
    assert [u[0] for u in batch.unchanged] == ["a.txt"]
    assert [x.source_path for x, _ in batch.articles] == ["b.txt"]
    assert {(r.source_path, r.reason) for r, _ in batch.rejected} == {("c.txt", "empty"), ("d.txt", "too_large")}
    too_large = next(r for r, _ in batch.rejected if r.reason == "too_large")
    assert too_large.sha256 == sha256_hex(b"y" * 500)  # recorded, so an unchanged big file is not re-read
    assert [x.source_path for x, _ in prepare([a], stored, 10_000, reprocess=True).articles] == ["a.txt"]


def test_counts_add():
    c = Counts(files_seen=1, loaded=1)
    c.add(Counts(files_seen=2, quarantined=2))
    assert c.as_dict() == {"files_seen": 3, "loaded": 1, "unchanged": 0, "duplicates": 0, "quarantined": 2, "failed": 0}


def test_batched():
    assert [len(b) for b in batched(list(range(7)), 3)] == [3, 3, 1]
