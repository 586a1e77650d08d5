"""Text helpers every stage uses: data-file vocabularies, name keys, calendar dates in text.

In: strings. Out: strings, keys, ``DateMention``. Imports nothing else of ``etl``: pages, nlp and
store all read from here, so that no stage reaches into another's room.
"""
