"""The search entry a paper gets, and the theme icons moved into one sprite (unit level; the built
site is checked in test_site_e2e.py)."""

from generator.icons import IconSprite
from generator.model import Location, Paper, Record, Tag, Topic
from generator.search_text import AbstractTerms, search_text, venue_short_names

ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M3 6h18v2H3z"/></svg>'


def make_paper(**fields):
    record = Record("k", Location("s.bib", 1), "A title")
    return Paper(id=fields.pop("id", "p0123456789ab"), slug="s", title="A title",
                 abstract=fields.pop("abstract", ""), records=(record,), **fields)


def entry(paper, tags=None, topics=None, others=()):
    """The search entry of `paper` in a collection holding it and `others`."""
    return search_text(paper, tags or {}, topics or {}, AbstractTerms([paper, *others]))


def test_search_text_holds_authors_venue_short_name_year_tags_with_acronyms_topic_and_abstract_words():
    tags = {"moe": Tag("moe", "Mixture of experts", acronyms=("MoE",)), "llm": Tag("llm", "Large language models")}
    topics = {"experts": Topic("experts", "Sparse experts", ("expert",))}
    paper = make_paper(authors=("Cai, Weilin", "Jiang, Juyong"), year=2024, tags=("moe", "llm"), topic="experts",
                       venue="International Conference on Learning Representations",
                       abstract="We route tokens to experts with a learned gate, for genomics.")
    text = entry(paper, tags, topics)
    assert text.startswith("Weilin Cai, Juyong Jiang · International Conference on Learning Representations · "
                           "ICLR · 2024 Tags: Mixture of experts (MoE); Large language models. Topic: Sparse experts.")
    assert text.endswith("route tokens experts learned gate genomics")  # stop words and title words left out


def test_known_venues_get_their_usual_short_name_others_their_initials():
    assert venue_short_names("Advances in Neural Information Processing Systems 33") == ["NeurIPS", "NIPS"]
    assert venue_short_names("Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition") \
        == ["CVPR"]
    assert venue_short_names("Journal of Statistical Software") == ["JSS"]
    assert venue_short_names("arXiv") == [] and venue_short_names("Nature") == []


def test_accented_words_are_found_without_their_accents():
    paper = make_paper(authors=("van Merriënboer, Bart", "Müller, Klaus-Robert"), abstract="Ångström-level detail.")
    text = entry(paper)
    assert "Merriënboer" in text and "Merrienboer" in text and "Muller" in text and "Angstrom" in text


def test_an_abstract_gives_its_rarest_words_and_at_most_twenty():
    common = "network training data model accuracy benchmark results method approach performance " * 2
    others = [make_paper(abstract=common, id=f"p{n:012d}") for n in range(5)]
    rare = " ".join(f"rareword{n}" for n in range(25))
    paper = make_paper(abstract=f"{common} {rare}")
    words = AbstractTerms([paper, *others])(paper).split()
    assert len(words) == 20 and all(word.startswith("rareword") for word in words)
    assert words == sorted(words, key=lambda word: rare.split().index(word))  # in the abstract's order


def test_search_text_names_at_most_thirty_authors():
    authors = tuple(f"Author{number}, A." for number in range(40))
    text = entry(make_paper(authors=authors))
    assert "A. Author29" in text and "Author30" not in text


def test_search_text_of_a_bare_paper_is_empty():
    assert entry(make_paper()) == ""


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
    text = entry(make_paper(note="Read with **Linear-MoE** for the systems side. " * 20))
    assert text.startswith("Note: Read with **Linear-MoE** for the systems side.") and len(text) < 320
