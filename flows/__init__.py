"""Prefect flows: thin wrappers over the ``etl`` library."""
