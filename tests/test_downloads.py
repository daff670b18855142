"""Issue #17 point 4: the formats the whole collection is published in are a setting (`downloads:`), since each
is the whole collection again (at 76,751 papers the five took 550 MB of a 2 GB site)."""

import re
import shutil

import pytest

from generator.config import ConfigError, load_config
from generator.pipeline import generate

from .conftest import make_project
from .site_helpers import reader, requires_browser
from .test_readers_formats import REALWORLD

EXPORT = REALWORLD / "ris" / "asysd_tests_wos_test.ris"  # Web of Science, veterinary papers (50 records)


def wos_project(root, downloads: str):
    if not EXPORT.exists():
        pytest.skip(f"no real exports at {EXPORT.parent}")
    return make_project(root, sources={"wos.ris": EXPORT.read_bytes()},
                        config=f"title: Cocker spaniels\ndownloads: {downloads}\n")


def published(downloads):
    """The whole collection's downloads (the included studies' are written whatever the setting: they are
    a screened few, and the review's result)."""
    return sorted(path.name for path in downloads.iterdir() if not path.name.startswith("included.")
                  and path.is_file())


def test_only_the_chosen_formats_are_written_linked_and_offered(tmp_path):
    root = wos_project(tmp_path / "project", "[ris, csv]")
    result = generate(load_config(root))
    downloads = root / "content" / "downloads"
    assert published(downloads) == ["papers.csv", "papers.ris", "topics.json"]
    assert len(re.findall(r"^TY  - ", (downloads / "papers.ris").read_text(encoding="utf-8"), re.M)) == len(
        result.corpus.papers)
    home = (root / "content" / "index.md").read_text(encoding="utf-8")
    assert "Download the collection as [RIS](downloads/papers.ris) or [CSV](downloads/papers.csv)." in home
    assert "papers.bib" not in home and "papers.json" not in home
    index = (root / "content" / "papers" / "index.md").read_text(encoding="utf-8")
    assert 'data-formats="ris"' in index and "papers-csl.json" not in index
    paper = next((root / "content" / "papers").glob("*-*.md")).read_text(encoding="utf-8")
    assert re.findall(r'data-litsite-export="(\w+)"', paper) == ["ris"]


def test_each_papers_entry_is_found_in_the_downloads_by_its_byte_range(tmp_path):
    """A paper page's buttons save one paper by asking for its entry's bytes alone (export.js), where
    downloads/entries/<shard>.json and sections.json say they are: those bytes are exactly the paper's entry
    in each format the buttons save in, also where titles and names hold characters of more than one byte."""
    import json

    from generator.readers.bibtex import BibTeXReader
    from generator.readers.csl_json import CSLJSONReader
    from generator.readers.ris import RISReader
    from generator.render.export import entry_shard

    bib = "".join(f"@article{{key{number},\n  title = {{Über Größen {number}: naïve café in Zürich — {number}}},\n"
                  f"  author = {{Müller, Jürgen and Ødegård, Åse}},\n  year = {{20{number:02d}}},\n"
                  f"  abstract = {{Eine Studie über Größen, Ökologie und Ästhetik ({number}).}}\n}}\n\n"
                  for number in range(12))
    root = make_project(tmp_path / "project", sources={"library.bib": bib}, config="title: Größen\n")
    papers = generate(load_config(root)).corpus.papers
    downloads = root / "content" / "downloads"
    files = {"bibtex": ("papers.bib", BibTeXReader), "ris": ("papers.ris", RISReader),
             "csl": ("papers-csl.json", CSLJSONReader)}
    whole = {name: (downloads / file).read_bytes() for name, (file, _) in files.items()}
    keys = set()
    sections = json.loads((downloads / "entries" / "sections.json").read_text(encoding="utf-8"))
    for paper in papers:
        shard = entry_shard(paper.id)
        entries = json.loads((downloads / "entries" / f"{shard}.json").read_text(encoding="utf-8"))
        key = next(key for key in entries if key == paper.records[0].citation_key)
        keys.add(key)
        for name, (_, format_reader) in files.items():
            first, end = (sections[name][shard] + place for place in entries[key][name])
            text = whole[name][first:end].decode("utf-8")
            if name == "csl":
                text = json.dumps([json.loads(text)])
            records = format_reader().read(text, "one").records
            assert [(record.citation_key or record.record_id, record.title) for record in records] == \
                [(key, paper.title)], (name, text[:200])
    assert len(keys) == len(papers) == 12


def test_a_format_left_out_later_is_removed_and_none_at_all_offers_no_button(tmp_path):
    root = wos_project(tmp_path / "project", "[bibtex, ris, csl-json, json, csv]")
    generate(load_config(root))
    downloads = root / "content" / "downloads"
    assert (downloads / "papers.bib").exists() and (downloads / "papers-csl.json").exists()
    (root / "litsite.yml").write_text("title: Cocker spaniels\ndownloads: []\n", encoding="utf-8")
    generate(load_config(root))
    assert published(downloads) == ["topics.json"]
    assert not list((downloads / "entries").glob("*")), "the entry index of buttons no page offers"
    home = (root / "content" / "index.md").read_text(encoding="utf-8")
    assert "Download the collection" not in home
    paper = next((root / "content" / "papers").glob("*-*.md")).read_text(encoding="utf-8")
    assert "data-litsite-export" not in paper and "Save this paper as" not in paper
    index = (root / "content" / "papers" / "index.md").read_text(encoding="utf-8")
    assert "download" not in index.lower().replace('data-downloads="../downloads/"', "")


def test_an_unknown_format_is_a_settings_error_naming_the_known_ones(tmp_path):
    root = make_project(tmp_path / "project", config="downloads: [bibtex, endnote]\n")
    with pytest.raises(ConfigError) as error:
        load_config(root)
    assert "downloads: unknown format 'endnote' (known: bibtex, ris, csl-json, json, csv)" in str(error.value)


@requires_browser
def test_the_table_exports_in_the_one_format_published(tmp_path):
    """The All-papers table offers a button for each published format export.js saves papers in, and its
    export holds the shown papers in that format."""
    root = wos_project(tmp_path / "project", "[ris, json]")
    result = generate(load_config(root))
    site = tmp_path / "site"
    shutil.copytree(root / "content" / "assets", site / "assets")
    shutil.copytree(root / "content" / "downloads", site / "downloads")
    (site / "papers").mkdir()
    shutil.copy(root / "content" / "papers" / "table.json", site / "papers" / "table.json")
    table = re.search(r'<div id="litsite-papers".*?</div>',
                      (root / "content" / "papers" / "index.md").read_text(encoding="utf-8"), re.S).group(0)
    (site / "papers" / "index.html").write_text(
        f'<!doctype html><html lang="en"><head><title>All papers</title></head><body>{table}'
        '<script src="../assets/export.js"></script><script src="../assets/papers-table.js"></script></body></html>',
        encoding="utf-8")
    with reader(site) as (base, page, _):
        page.goto(base + "/papers/", wait_until="networkidle")
        buttons = page.locator(".litsite-controls button[data-format]")
        total = len(result.corpus.papers)
        assert buttons.all_inner_texts() == [f"Export all {total} as RIS"]
        with page.expect_download() as download:
            buttons.first.click()
        text = open(download.value.path(), encoding="utf-8").read()
        assert len(re.findall(r"^TY  - ", text, re.M)) == total
        assert page.errors == []
