"""The short search entry a paper gets, and the theme icons moved into one sprite (unit level; the built
site is checked in test_site_e2e.py)."""

from generator.icons import IconSprite
from generator.model import Location, Paper, Record, Tag
from generator.render import search_text

ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M3 6h18v2H3z"/></svg>'


def make_paper(**fields):
    record = Record("k", Location("s.bib", 1), "A title")
    return Paper(id="p0123456789ab", slug="s", title="A title", abstract=fields.pop("abstract", ""),
                 records=(record,), **fields)


def test_search_text_holds_authors_venue_year_and_tag_labels():
    tags = {"moe": Tag("moe", "Mixture of experts"), "llm": Tag("llm", "Large language models")}
    abstract = "We route tokens to experts. " + "More detail follows here. " * 20
    text = search_text(make_paper(authors=("Cai, Weilin", "Jiang, Juyong"), venue="arXiv", year=2024,
                                  abstract=abstract, tags=("moe", "llm")), tags)
    assert text == "Weilin Cai, Juyong Jiang · arXiv · 2024 Tags: Mixture of experts, Large language models"


def test_search_text_names_at_most_eight_authors():
    authors = tuple(f"Author{number}, A." for number in range(30))
    text = search_text(make_paper(authors=authors), {})
    assert "Author7" in text and "Author8," not in text and "and 22 more" in text


def test_search_text_of_a_bare_paper_is_empty():
    assert search_text(make_paper(), {}) == ""


def test_icons_outside_the_article_become_references_and_article_icons_stay():
    sprite = IconSprite()
    page = f"<header>{ICON}{ICON}</header><article>{ICON}</article><footer>{ICON}</footer>"
    out = sprite.replace(page, "../assets/litsite-icons.svg")
    assert out.count("<use xlink:href=\"../assets/litsite-icons.svg#") == 3
    assert f"<article>{ICON}</article>" in out
    assert len(sprite.symbols) == 1


def test_sprite_file_holds_each_symbol_once(tmp_path):
    sprite = IconSprite()
    sprite.replace(f"<p>{ICON}</p>", "x.svg")
    sprite.replace(f"<p>{ICON.replace('M3', 'M4')}</p>", "x.svg")
    sprite.write(tmp_path)
    written = (tmp_path / "assets" / "litsite-icons.svg").read_text()
    assert written.count("<symbol ") == 2 and 'viewBox="0 0 24 24"' in written


def test_search_text_carries_the_opening_of_the_reviewers_note():
    text = search_text(make_paper(note="Read with **Linear-MoE** for the systems side. " * 20), {})
    assert text.startswith("Note: Read with **Linear-MoE** for the systems side.") and len(text) < 320
