"""The words a paper's page hides for the search index, and the theme icons moved into one sprite (unit
level; the built site and its search are checked in test_site_e2e.py and test_deployed.py)."""

from generator.icons import IconSprite
from generator.model import Location, Paper, Record, Tag
from generator.search_terms import search_terms, venue_short_names

ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M3 6h18v2H3z"/></svg>'


def make_paper(**fields):
    record = Record("k", Location("s.bib", 1), "A title")
    return Paper(id=fields.pop("id", "p0123456789ab"), slug="s", title="A title",
                 abstract=fields.pop("abstract", ""), records=(record,), **fields)


def test_search_terms_hold_venue_short_names_tag_acronyms_keys_and_authors_the_page_does_not_list():
    tags = {"moe": Tag("moe", "Mixture of experts", acronyms=("MoE",)), "llm": Tag("llm", "Large language models"),
            "ssm": Tag("ssm", "State space models", acronyms=("SSM", "SSMs"))}
    authors = tuple(f"Author{number}, A." for number in range(25))
    paper = make_paper(authors=authors, year=2024, tags=("moe", "llm", "ssm"),
                       venue="International Conference on Learning Representations")
    terms = search_terms(paper, tags, authors_shown=20, keys=["author2024iclr", "Author.ea.2024"]).split(" ")
    assert terms[:5] == ["ICLR", "MoE", "MoEs", "SSM", "SSMs"]  # plurals: Pagefind does not stem acronyms
    assert " ".join(terms[5:]) == ("A. Author20 A. Author21 A. Author22 A. Author23 A. Author24 "
                                   "author2024iclr Author.ea.2024")


def test_a_paper_whose_page_shows_everything_has_no_search_terms():
    paper = make_paper(authors=("Cai, Weilin",), venue="Nature", tags=("llm",))
    assert search_terms(paper, {"llm": Tag("llm", "Large language models")}, authors_shown=20) == ""
    assert search_terms(make_paper(), {}, authors_shown=20) == ""


def test_known_venues_get_their_usual_short_name_others_their_initials():
    assert venue_short_names("Advances in Neural Information Processing Systems 33") == ["NeurIPS", "NIPS"]
    assert venue_short_names("Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition") \
        == ["CVPR"]
    assert venue_short_names("Journal of Statistical Software") == ["JSS"]
    assert venue_short_names("arXiv") == [] and venue_short_names("Nature") == []


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
