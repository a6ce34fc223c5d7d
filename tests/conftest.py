"""Shared fixtures: the seeds built once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seeds_out(tmp_path_factory) -> Path:
    """A build of seeds/ (no HTML store shortcuts: the real thing)."""
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("seeds-out")
    build([str(SEEDS)], out, jobs=1)
    return out


@pytest.fixture(scope="session")
def seeds_ds(seeds_out):
    from kg.pipeline import load_dataset

    return load_dataset(seeds_out)


@pytest.fixture(scope="session")
def seed_analyses():
    from kg.reader import read_inputs
    from kg.pipeline import analyse

    read = read_inputs([str(SEEDS)])
    return {Path(a.source_path).stem: analyse(a) for a in read.articles}


def in_ci() -> bool:
    return os.environ.get("CI", "") not in ("", "0", "false")


@pytest.fixture(scope="module")
def ds():
    """The small SPARQL fixture as an rdflib Dataset (see ``sparql_fixture.py``)."""
    from sparql_fixture import load_fixture

    return load_fixture()


@pytest.fixture(scope="module")
def built(tmp_path_factory, ds) -> Path:
    """An output folder whose ``store/`` holds ``ds``."""
    from kg.store import write_store

    out = tmp_path_factory.mktemp("out")
    write_store(ds, out / "store")
    return out
