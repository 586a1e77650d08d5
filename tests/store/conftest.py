"""Fixtures of the store tests."""

import pytest

from etl.store import runs


@pytest.fixture()
def run_id(engine):
    return runs.start_run(engine, "in", "test", None)
