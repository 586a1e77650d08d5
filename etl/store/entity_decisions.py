"""A batch's entity references decided against the stored entities, then written.

Candidates are fetched once per batch by index (same key or alias, same last word, a trigram-near
spelling); :func:`decide_entities` then decides in memory, article after article, in input order
(:class:`etl.store.resolve_entities.EntityPool`), as if the articles were loaded one by one;
:func:`write_entities` writes renames, new entities and aliases.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import overload

from sqlalchemy import Connection, text

from etl.nlp.gazetteer import default_gazetteer
from etl.records import Article, EntityRef
from etl.store.resolve_entities import Candidate, EntityPool
from etl.text.normalize import entity_key

RefKey = tuple[str, str]  # (type, normalised name)


def entity_refs(a: Article) -> dict[RefKey, tuple[EntityRef, set[str]]]:
    """Every entity the article refers to, by (type, key), with all surface forms seen."""
    refs: dict[RefKey, tuple[EntityRef, set[str]]] = {}

    def add(ref: EntityRef | None, surface: str | None = None) -> None:
        if ref is None:
            return
        key = (ref.type, entity_key(ref.name))
        entry = refs.setdefault(key, (ref, set()))
        if len(ref.name) > len(entry[0].name):
            refs[key] = entry = (ref, entry[1])
        entry[1].update({ref.name, *ref.aliases} | ({surface} if surface else set()))

    for mention in a.mentions:
        add(mention.entity, mention.surface)
    for q in a.quotes:
        add(q.speaker)
    for ev in a.events:
        add(ev.location)
        for part in ev.participants:
            add(part)
    for child, parent in a.place_links:
        add(child)
        add(parent)
    return refs


def entity_candidates(conn: Connection, refs: Iterable[tuple[RefKey, tuple[EntityRef, set[str]]]]) -> list[Candidate]:
    """Known entities that any of ``refs`` may denote: same name or alias, same last word or
    surname, or a trigram-similar name (the pool then decides)."""
    refs = list(refs)
    keys = sorted({k for (_, k), _ in refs} | {entity_key(a) for _, (_, forms) in refs for a in forms})
    lasts = sorted({k.split()[-1] for (_, k), _ in refs if k})
    types = sorted({t for (t, _), _ in refs})
    near = sorted({(t, k) for (t, k), _ in refs if len(k) >= 5})  # near spellings (resolve.choose, rule 4)
    rows = conn.execute(
        text("""
        WITH unknown AS MATERIALIZED (  -- names not stored as they are: only they need a near spelling
            SELECT * FROM unnest(CAST(:nt AS text[]), CAST(:nk AS text[])) AS k(type, key)
            WHERE NOT EXISTS (SELECT 1 FROM entities x WHERE x.type = k.type AND x.norm_name = k.key)
        ), hits AS (
            SELECT id FROM entities WHERE norm_name = ANY(:keys) OR last_word = ANY(:lasts)
                                       OR norm_name = ANY(:lasts)
            UNION SELECT entity_id FROM entity_aliases WHERE alias_key = ANY(:keys)
            UNION SELECT e.id FROM unknown k JOIN entities e ON e.type = k.type AND e.norm_name % k.key
        )
        SELECT e.id, e.type, e.name, e.norm_name,
               coalesce(array_agg(a.alias_key) FILTER (WHERE a.alias_key IS NOT NULL), '{}')
        FROM entities e JOIN hits h ON h.id = e.id LEFT JOIN entity_aliases a ON a.entity_id = e.id
        WHERE e.type = ANY(:types)
        GROUP BY e.id ORDER BY e.id
    """),
        {"keys": keys, "lasts": lasts, "types": types, "nt": [t for t, _ in near], "nk": [k for _, k in near]},
    )
    return [Candidate(r[0], r[1], r[2], r[3], frozenset(r[4])) for r in rows]


@dataclass
class EntityBatch:
    """Entity decisions of a batch before they are written (new entities have ids < 0)."""

    pool: EntityPool
    new: dict[int, Candidate] = field(default_factory=dict)
    renamed: dict[int, str] = field(default_factory=dict)  # stored entity id -> its name before
    aliases: set[tuple[int, str]] = field(default_factory=set)


def decide_entities(
    per_article: Sequence[dict[RefKey, tuple[EntityRef, set[str]]]], known: Sequence[Candidate]
) -> tuple[EntityBatch, list[dict[RefKey, int]]]:
    """Each article's references decided against the ``known`` entities and what earlier articles
    of the batch left: entity ids (new entities get temporary ids < 0), renames and aliases to
    write (:func:`write_entities`). No database access."""
    batch = EntityBatch(EntityPool(known))
    gazetteer = default_gazetteer()
    decided: list[dict[RefKey, int]] = []
    for refs in per_article:
        # an article's references are decided against what earlier articles left (the article's
        # own names were already resolved among themselves by the transform)
        ids: dict[RefKey, int] = {}
        fresh: list[Candidate] = []
        renames: list[tuple[int, str]] = []
        for tk in sorted(refs):
            ref = refs[tk][0]
            entry = gazetteer.lookup(ref.name)
            decision = batch.pool.choose(ref, canonical=bool(entry and ref.name in entry.canonicals()))
            if decision.entity_id is None:
                fresh.append(Candidate(-(len(batch.new) + len(fresh) + 1), ref.type, ref.name, tk[1]))
                ids[tk] = fresh[-1].id
            else:
                ids[tk] = decision.entity_id
                if decision.rename_to:
                    renames.append((decision.entity_id, decision.rename_to))
        for entity_id, name in renames:
            _rename(batch, entity_id, name)
        for c in fresh:
            batch.new[c.id] = c
            batch.pool.add(c)
        forms = {(ids[tk], form) for tk in refs for form in refs[tk][1] if form}
        batch.aliases |= forms
        for entity_id in {i for i, _ in forms}:  # later articles find them by these names too
            c = batch.pool.get(entity_id)
            keys = c.alias_keys | {entity_key(f) for i, f in forms if i == entity_id}
            if keys != c.alias_keys:
                batch.pool.add(replace(c, alias_keys=keys))
                if entity_id < 0:
                    batch.new[entity_id] = batch.pool.get(entity_id)
        decided.append(ids)
    return batch, decided


def _rename(batch: EntityBatch, entity_id: int, name: str) -> None:
    """Give an entity a fuller name, keeping the old one as an alias (unless the new key is taken)."""
    old = batch.pool.get(entity_id)
    key = entity_key(name)
    holder = batch.pool.holder(old.type, key)
    if (holder is not None and holder != entity_id) or old.name == name:
        return
    renamed = Candidate(entity_id, old.type, name, key, old.alias_keys | {entity_key(old.name)})
    batch.pool.add(renamed)
    if entity_id < 0:
        batch.new[entity_id] = renamed
    else:
        batch.renamed.setdefault(entity_id, old.name)
    batch.aliases.add((entity_id, old.name))


def write_entities(conn: Connection, batch: EntityBatch) -> dict[int, int]:
    """Write renames, new entities and aliases; return real ids of the new (negative) ones."""
    renames = sorted(batch.renamed)
    if renames:
        conn.execute(
            text("""
            UPDATE entities e SET name = u.name, norm_name = u.key
            FROM unnest(CAST(:i AS bigint[]), CAST(:n AS text[]), CAST(:k AS text[])) AS u(id, name, key)
            WHERE e.id = u.id"""),
            {
                "i": renames,
                "n": [batch.pool.get(i).name for i in renames],
                "k": [batch.pool.get(i).norm_name for i in renames],
            },
        )
    real: dict[int, int] = {}
    if batch.new:
        temp = sorted(batch.new, reverse=True)  # -1, -2, …: creation order
        fresh = (
            conn.execute(
                text("SELECT nextval(pg_get_serial_sequence('entities', 'id')) FROM generate_series(1, :n)"),
                {"n": len(temp)},
            )
            .scalars()
            .all()
        )
        real = dict(zip(temp, sorted(fresh), strict=True))
        rows = [batch.pool.get(t) for t in temp]
        inserted = {
            r[0]
            for r in conn.execute(
                text("""
            INSERT INTO entities (id, type, norm_name, name)
            SELECT * FROM unnest(CAST(:i AS bigint[]), CAST(:t AS text[]), CAST(:k AS text[]), CAST(:n AS text[]))
            ON CONFLICT (type, norm_name) DO NOTHING RETURNING id"""),
                {
                    "i": [real[t] for t in temp],
                    "t": [c.type for c in rows],
                    "k": [c.norm_name for c in rows],
                    "n": [c.name for c in rows],
                },
            )
        }
        for t, c in zip(temp, rows, strict=True):  # a key taken meanwhile: that entity it is
            if real[t] not in inserted:
                real[t] = conn.execute(
                    text("SELECT id FROM entities WHERE type = :t AND norm_name = :k"), {"t": c.type, "k": c.norm_name}
                ).scalar_one()
    aliases = sorted({(real.get(i, i), form) for i, form in batch.aliases})
    if aliases:
        conn.execute(
            text("""
            INSERT INTO entity_aliases (entity_id, alias, alias_key)
            SELECT * FROM unnest(CAST(:e AS bigint[]), CAST(:a AS text[]), CAST(:k AS text[]))
            ON CONFLICT DO NOTHING"""),
            {"e": [i for i, _ in aliases], "a": [f for _, f in aliases], "k": [entity_key(f) for _, f in aliases]},
        )
        conn.execute(
            text(
                "DELETE FROM entity_aliases a USING entities e WHERE a.entity_id = e.id "
                "AND a.alias = e.name AND e.id = ANY(:ids)"
            ),
            {"ids": sorted({i for i, _ in aliases})},
        )
    return real


@overload
def ref_id(ids: dict[RefKey, int], ref: EntityRef) -> int: ...
@overload
def ref_id(ids: dict[RefKey, int], ref: EntityRef | None) -> int | None: ...
def ref_id(ids: dict[RefKey, int], ref: EntityRef | None) -> int | None:
    """The entity id of a reference resolved by :func:`etl.store.write_articles.write_articles`."""
    return None if ref is None else ids[(ref.type, entity_key(ref.name))]
