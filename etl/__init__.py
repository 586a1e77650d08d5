"""news-etl: raw news pages to articles, entities, quotes and events in PostgreSQL."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("news-etl")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0+unknown"
