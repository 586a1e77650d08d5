"""Bench: the benchmark (``news-etl bench``) and the generator of its corpus.

In: a number of pages to generate, a database. Out: timings and memory figures (JSON). A tool on
top of the library: may import any of ``etl`` and ``flows``, never the CLI; nothing in the
pipeline imports it.
"""
