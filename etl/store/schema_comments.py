"""Comments on every table and column (BI tools and psql's \\d+ show them)."""

from __future__ import annotations

from sqlalchemy import MetaData

COMMENTS: dict[str, tuple[str, dict[str, str]]] = {
    "articles": (
        "One clean article per current input file.",
        {
            "id": "Article id.",
            "source_path": "Input file path, relative to the input folder (unique).",
            "content_sha256": "SHA-256 of the file's bytes this row was made from.",
            "title": "The page's headline; NULL when the page has none.",
            "display_title": "The headline, or a title derived from the first sentence when there is none.",
            "title_is_derived": "True when display_title was derived from the body (no headline on the page).",
            "language": "ISO 639-1 code of the article's language ('und' when unknown).",
            "published_on": "Day the article was published, as the page states it (NULL when it does not).",
            "updated_on": "Day of the article's last update, as the page states it.",
            "publisher": "The outlet that publishes the article.",
            "author": "Byline: author(s) or agency.",
            "body": "Clean article text, paragraphs separated by a blank line; offsets index into it.",
            "captions": "Image captions and photo credits (JSON list of {text, credit}); never part of the body.",
            "run_id": "The ETL run that last wrote this article.",
            "created_at": "When the article was first loaded.",
            "updated_at": "When the article was last reloaded.",
            "fts": (
                "Full-text search vector of title and body, in the article's language (kept by the trigger "
                "articles_fts; the loader may write it computed ahead with the same expression)."
            ),
        },
    ),
    "entities": (
        "One row per real-world person, organisation, place or other named thing.",
        {
            "id": "Entity id.",
            "name": "Canonical name: the fullest or authoritative form seen.",
            "type": "PERSON, ORG, LOC or MISC.",
            "norm_name": "Case-, accent- and hyphen-insensitive key of the name (unique per type).",
            "last_word": "Last word of norm_name (surname lookups).",
        },
    ),
    "entity_aliases": (
        "Other surface forms of an entity (Poutine, Putin, Alliance atlantique…).",
        {
            "entity_id": "The entity.",
            "alias": "A surface form as seen in text.",
            "alias_key": "Normalised key of the alias.",
        },
    ),
    "entity_mentions": (
        "Each occurrence of an entity in an article body.",
        {
            "id": "Mention id.",
            "article_id": "The article.",
            "entity_id": "The entity mentioned.",
            "surface": "The text as written (body[start_char:end_char]).",
            "start_char": "Start offset in articles.body (Python string index).",
            "end_char": "End offset in articles.body (exclusive).",
            "role": "Function or title written next to the person (ministre des Affaires étrangères…).",
        },
    ),
    "quotes": (
        "Direct quotations, with their source.",
        {
            "id": "Quote id.",
            "article_id": "The article.",
            "text": "The words inside the quotation marks.",
            "kind": "statement (words attributed to a source) or scare (a term in quotes with no source).",
            "speaker_entity_id": "The speaker, when it is a known entity.",
            "speaker_text": "The source as written (leurs entourages, il, le président russe…).",
            "cue": "The attribution phrase (a-t-il déclaré, selon…).",
            "cue_lemma": "The lemma of the cue's reporting verb (déclarer, say), or selon / according to.",
            "start_char": "Start offset of the quotation (marks included) in articles.body.",
            "end_char": "End offset of the quotation (exclusive).",
        },
    ),
    "events": (
        "One row per real-world event, consolidated across articles.",
        {
            "id": "Event id.",
            "event_type": "summit, meeting, call, visit, statement, expiry, sanction, protest, deployment, election, "
            "attack, trial, death, announcement or other.",
            "title": "Short title (type, parties, place).",
            "event_date": "Day the event happens (not the publication day); NULL when unknown.",
            "date_text": "The time expression as written (vendredi, le 5 février prochain…).",
            "status": "occurred, scheduled, announced, proposed or expected.",
            "location_entity_id": "The most specific place known for the event.",
            "people_key": "The people taking part, as sorted entity ids (e.g. 12,40): finds the events of the same "
            "people when consolidating; NULL when no person takes part.",
            "party_ids": "Entity ids of every party (event_participants, as sorted ids): what consolidation checks "
            "a statement shares with the event, read with the event itself.",
        },
    ),
    "event_mentions": (
        "An article's statement of an event, with its evidence.",
        {
            "id": "Event mention id.",
            "event_id": "The event.",
            "article_id": "The article.",
            "start_char": "Start offset of the evidence sentence in articles.body.",
            "end_char": "End offset of the evidence sentence (exclusive).",
            "date_text": "The time expression in this article.",
            "event_date": "The day this article gives (or that the corpus resolved for it).",
            "location_entity_id": "The place this article gives.",
            "participant_ids": "Entity ids of the parties this article names.",
            "status": "Status in this article (scheduled before the event, occurred after…).",
            "date_expr": "The time expression, structured, for resolution once an anchor date is known.",
        },
    ),
    "event_participants": (
        "Entities that take part in an event (union over its mentions).",
        {"event_id": "The event.", "entity_id": "A participant."},
    ),
    "event_merge_queue": (
        "Work for the next corpus merge pass: events whose statements changed, places "
        "newly stated to lie in another. Emptied by the pass.",
        {
            "kind": "'event' or 'place'.",
            "ref_id": "The event id, or the entity id of the smaller place of a new inclusion.",
        },
    ),
    "place_links": (
        "Places stated to lie inside other places (Anchorage, en Alaska).",
        {
            "article_id": "The article that states it.",
            "child_entity_id": "The smaller place.",
            "parent_entity_id": "The larger place that contains it.",
        },
    ),
    "place_inclusions": (
        "Each place inclusion the articles state, once, with how many articles state it "
        "(kept by triggers on place_links).",
        {
            "child_entity_id": "The smaller place.",
            "parent_entity_id": "The larger place that contains it.",
            "articles": "How many articles state it.",
        },
    ),
    "event_statement_dates": (
        "Each day the statements of an event give, with how many give it (kept by "
        "triggers on event_mentions): what the loader reads of a known event.",
        {
            "event_id": "The event.",
            "event_date": "A day its statements give.",
            "statements": "How many of its statements give that day.",
            "first_statement_id": "The first statement (event_mentions.id) that gave it.",
        },
    ),
    "event_statement_places": (
        "Each place the statements of an event give (kept by triggers on event_mentions).",
        {
            "event_id": "The event.",
            "location_entity_id": "A place its statements give.",
            "statements": "How many of its statements give that place.",
            "first_statement_id": "The first statement (event_mentions.id) that gave it.",
        },
    ),
    "event_statement_totals": (
        "What all the statements of an event say together (kept by triggers on event_mentions).",
        {
            "event_id": "The event.",
            "statements": "How many statements it has.",
            "first_statement_id": "Its first statement (event_mentions.id).",
            "first_dated_statement_id": "Its first statement with a date as written.",
            "first_date_text": "That statement's date as written.",
            "party_ids": "Entity ids of every party its statements name, sorted.",
        },
    ),
    "article_lines": (
        "Fingerprints of short non-prose lines of each page: the learned site template.",
        {"article_id": "The article.", "line_hash": "Fingerprint of a normalised line."},
    ),
    "sources": (
        "One row per version (path, sha256) of every input file.",
        {
            "id": "Source version id.",
            "path": "Input file path, relative to the input folder.",
            "sha256": "SHA-256 of this version's bytes.",
            "size_bytes": "Size in bytes.",
            "mtime_ns": "Modification time (ns) when last seen; with the size, lets re-runs skip unchanged files.",
            "outcome": "loaded, quarantined, or duplicate (same content as another file's article).",
            "article_id": "The article made from this version (for a duplicate, the article with the same content).",
            "first_run_id": "The run that first saw this version.",
            "last_run_id": "The run that last saw this version.",
            "first_seen_at": "When this version was first seen.",
            "last_seen_at": "When this version was last seen.",
        },
    ),
    "etl_runs": (
        "One row per ETL run.",
        {
            "id": "Run id.",
            "started_at": "Start time.",
            "finished_at": "End time (NULL while running or after a crash).",
            "status": "running, succeeded, completed_with_errors, failed or skipped.",
            "input_dir": "The input folder.",
            "code_version": "news-etl version and git commit.",
            "prefect_flow_run_id": "The Prefect flow run.",
            "files_seen": "Files discovered.",
            "loaded": "Articles written.",
            "unchanged": "Files skipped as unchanged.",
            "duplicates": "Files whose content is already another file's article (recorded as its sources).",
            "quarantined": "Files quarantined.",
            "failed": "Articles that could not be written.",
            "error": "Error message of a failed run (no credentials).",
        },
    ),
    "quarantine": (
        "Input files that could not become articles, and why.",
        {
            "id": "Quarantine row id.",
            "run_id": "The run that rejected the file.",
            "path": "Input file path.",
            "sha256": "SHA-256 of the rejected bytes, when they could be read.",
            "reason": "Short reason code (empty, binary, undecodable, too_large, unreadable, vanished…).",
            "detail": "Human-readable detail.",
            "created_at": "When it was quarantined.",
        },
    ),
}


def apply_comments(metadata: MetaData) -> None:
    """Attach the comments to the tables and columns of ``metadata``."""
    for name, (table_comment, columns) in COMMENTS.items():
        table = metadata.tables[name]
        table.comment = table_comment
        for column, comment in columns.items():
            table.columns[column].comment = comment
