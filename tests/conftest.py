"""Shared fixtures: the repository's paths, the seed corpus, and throwaway projects to generate into."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from generator.config import load_config
from generator.dedup import deduplicate
from generator.readers import read_sources

# Property tests draw the same examples on every run, so the suite passes or fails the same way in CI as
# here. LITSITE_EXPLORE=1 draws new ones (run it now and then: it is how the fuzz tests find bugs).
settings.register_profile("litsite", derandomize=not os.environ.get("LITSITE_EXPLORE"))
settings.load_profile("litsite")

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "sources"
SEED_FILES = sorted(SEEDS.glob("*.txt"))


# Modules whose tests took longest (pytest --durations, session 15: 115, 81, 50, 48, 42 s of a 498 s run)
# go out to the workers first, so no worker starts one of them while the other is nearly done.
SLOWEST_FIRST = ("test_hostile.py", "test_deployed.py", "test_pipeline_cli.py", "test_site_e2e.py",
                 "test_crash_safety.py", "test_theme_shell.py")


def pytest_collection_modifyitems(items):
    order = {name: rank for rank, name in enumerate(SLOWEST_FIRST)}
    items.sort(key=lambda item: order.get(item.path.name, len(order)))  # stable: the rest keep their order


@pytest.fixture(scope="session")
def seed_records():
    records, files = read_sources(SEEDS, REPO)
    return records, files


@pytest.fixture(scope="session")
def seed_papers(seed_records):
    result = deduplicate(seed_records[0])
    assert result.problems == []
    return result.papers


def make_project(root: Path, sources: dict[str, str | bytes] | None = None, seeds: bool = False,
                 config: str = "") -> Path:
    """A project folder like the repository's: mkdocs.yml, content/ with the hand-written CSS, sources/."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "content" / "assets", root / "content" / "assets")
    shutil.copytree(REPO / "theme_overrides", root / "theme_overrides", dirs_exist_ok=True)
    (root / "sources").mkdir(exist_ok=True)
    if seeds:
        for path in SEED_FILES:
            shutil.copy(path, root / "sources" / path.name)
    for name, data in (sources or {}).items():
        target = root / "sources" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    (root / "litsite.yml").write_text(config or "title: Test collection\n", encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path):
    """A factory: project(sources={...}, seeds=True) returns (folder, Config)."""
    def factory(**kwargs):
        root = make_project(tmp_path / "project", **kwargs)
        return root, load_config(root)
    return factory


def daily(*entries: tuple[str, str], header: bool = True) -> str:
    """A Daily Papers text dump (blank-line layout) of (title, abstract) pairs."""
    chrome = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n" \
             "byAK and the research community\n\nApr 14\n\n" if header else ""
    return chrome + "".join(f"{title}\n\n{abstract}\n\n" for title, abstract in entries)
