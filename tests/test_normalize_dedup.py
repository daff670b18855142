"""Normalization of titles and deduplication into papers."""

import random

from generator.dedup import Decisions, deduplicate
from generator.model import Location, Record
from generator.normalize import clean_text, title_key


def record(title, line=1, path="s.txt", abstract="An abstract.", **fields):
    where = Location(path, line)
    return Record(str(where), where, title, abstract, **fields)


def test_title_key_folds_case_punctuation_whitespace_and_unicode():
    same = ["A Markov Categorical Framework for Language Modeling",
            "a markov  categorical framework for language modeling.",
            "A Markov Categorical Framework for Language-Modeling",
            "Ａ Ｍarkov Categorical Framework for Language Modeling",   # full-width letters
            "A Márkov Categorical Framework for Language Modeling"]      # accent
    assert len({title_key(title) for title in same}) == 1
    assert title_key("Mamba-2") != title_key("Mamba 3")


def test_clean_text_removes_control_and_bidi_characters():
    assert clean_text("Title\u202e with\tcontrol\x00 chars\n") == "Title with control chars"


def test_merged_paper_keeps_every_source_and_the_richest_metadata():
    records = [
        record("Looped Transformers", 1, "a.txt", "Short."),
        record("looped transformers!", 7, "b.txt", "A much longer abstract than the first one.", author_count=4,
               date="2024-10-15", upvotes=3),
        record("Looped  Transformers", 9, "c.txt", "Mid abstract here.", author_count=5, date="2024-09-01",
               upvotes=1),
    ]
    result = deduplicate(records)
    papers, problems = result.papers, result.problems
    assert problems == [] and len(papers) == 1
    paper = papers[0]
    assert [str(r.location) for r in paper.records] == ["a.txt:1", "b.txt:7", "c.txt:9"]
    assert paper.abstract == "A much longer abstract than the first one."
    assert paper.title == "looped transformers!"  # the title of the record with the richest abstract
    assert (paper.author_count, paper.date, paper.upvotes) == (5, "2024-09-01", 3)


def test_ids_and_slugs_do_not_depend_on_input_order():
    records = [record(f"Paper number {i}", i) for i in range(30)]
    first = deduplicate(records).papers
    shuffled = records[:]
    random.Random(4).shuffle(shuffled)
    second = deduplicate(shuffled).papers
    assert [(p.id, p.slug) for p in first] == [(p.id, p.slug) for p in second]


def test_adding_a_paper_keeps_the_other_slugs():
    base = deduplicate([record("Attention Is All You Need"), record("Mamba", 2)]).papers
    grown = deduplicate([record("Attention Is All You Need"), record("Mamba", 2), record("Attention is all", 3)]).papers
    assert {p.id: p.slug for p in base}.items() <= {p.id: p.slug for p in grown}.items()


def test_title_without_letters_is_rejected():
    result = deduplicate([record("?!?"), record("Real Title", 2)])
    assert [p.title for p in result.papers] == ["Real Title"]
    assert [(str(p.location), p.level) for p in result.problems] == [("s.txt:1", "rejected")]


def test_seed_corpus_dedupes_to_268_papers(seed_papers):
    assert len(seed_papers) == 268
    assert len({p.slug for p in seed_papers}) == 268
    markov = [p for p in seed_papers if p.title == "A Markov Categorical Framework for Language Modeling"]
    assert len(markov) == 1 and len(markov[0].records) == 5
    assert len({r.location.path for r in markov[0].records}) == 5


def rec(key, title, **fields):
    where = Location(f"{key}.bib", 1)
    return Record(key, where, title, **fields)


def clusters_of(records, decisions=None):
    result = deduplicate(records, decisions)
    return sorted(sorted(r.record_id for r in paper.records) for paper in result.papers), result


def test_same_doi_or_arxiv_id_merges_a_preprint_with_its_published_version():
    records = [
        rec("pre", "Attention is all you need", arxiv_id="1706.03762", arxiv_version="v7", year=2017,
            authors=("Vaswani, Ashish",), venue="arXiv preprint arXiv:1706.03762"),
        rec("pub", "Attention Is All You Need", doi="10.5555/3295222.3295349", year=2017,
            authors=("Vaswani, Ashish", "Shazeer, Noam"), venue="NeurIPS", entry_type="inproceedings"),
        rec("hf", "Attention is All you Need", arxiv_id="1706.03762", abstract="The dominant sequence models..."),
    ]
    groups, result = clusters_of(records)
    assert groups == [["hf", "pre", "pub"]]
    paper = result.papers[0]
    assert (paper.venue, paper.doi, paper.arxiv_id, paper.arxiv_version) == (
        "NeurIPS", "10.5555/3295222.3295349", "1706.03762", "v7")
    assert paper.pdf_url == "https://arxiv.org/pdf/1706.03762"
    assert any("same arXiv id" in reason for reason in paper.merge_reasons)


def test_an_arxiv_record_dated_by_its_latest_version_merges_with_the_version_of_its_first_year():
    # arXiv's BibTeX gives the year of the latest version (v7 of 1706.03762 is from 2023); the id says the
    # work first appeared in June 2017 (NeMo's bibliography holds both records).
    authors = ("Vaswani, Ashish", "Shazeer, Noam")
    records = [rec("latest", "Attention Is All You Need", arxiv_id="1706.03762", year=2023, authors=authors,
                   entry_type="misc"),
               rec("proceedings", "Attention is all you need", year=2017, authors=authors,
                   venue="Advances in Neural Information Processing Systems", entry_type="inproceedings"),
               # a work first posted in 2023 is not the 2017 one, whatever its title
               rec("other", "Attention is all you need", arxiv_id="2301.01234", year=2023, authors=authors)]
    groups, _ = clusters_of(records)
    assert groups == [["latest", "proceedings"], ["other"]]


def test_same_title_with_different_dois_is_two_works():
    records = [rec("a", "Introduction to the Minitrack on Crowdsourcing", doi="10.24251/hicss.2021.510", year=2021,
                   authors=("Deng, Xuefei",)),
               rec("b", "Introduction to the Minitrack on Crowdsourcing", doi="10.24251/hicss.2022.544", year=2022,
                   authors=("Deng, Xuefei",))]
    groups, result = clusters_of(records)
    assert groups == [["a"], ["b"]]
    assert len({p.id for p in result.papers}) == 2 and len({p.slug for p in result.papers}) == 2


def test_generic_titles_need_the_same_year_and_first_author():
    records = [rec("a", "Deep learning", year=2015, authors=("LeCun, Yann",)),
               rec("b", "Deep Learning", year=2016, authors=("Goodfellow, Ian",)),
               rec("c", "Deep learning", year=2015, authors=("LeCun, Y.",)),
               rec("d", "Introduction", year=2020)]
    groups, result = clusters_of(records)
    assert groups == [["a", "c"], ["b"], ["d"]]
    assert any(p.reason.startswith("same title, but") for p in result.possible)


def test_numbered_parts_and_versions_stay_apart():
    records = [rec("a", "Mamba-2: faster state space models", year=2024, authors=("Gu, Albert",)),
               rec("b", "Mamba-3: faster state space models", year=2024, authors=("Gu, Albert",)),
               rec("c", "Learning theory, part II", year=2020, authors=("Smith, J",)),
               rec("d", "Learning theory, part III", year=2020, authors=("Smith, J",))]
    groups, result = clusters_of(records)
    assert groups == [["a"], ["b"], ["c"], ["d"]]
    assert {p.reason for p in result.possible} >= {"similar titles, but numbers in the titles differ"}


def test_fuzzy_titles_merge_only_with_confirming_evidence():
    base = dict(year=2017, authors=("Deng, Chaoqun", "Ravichandran, T."))
    records = [
        rec("a", "How Consumers Perceive Trustworthiness of Providers in Sharing Economy - Effects of Photos", **base),
        rec("b", "How Consumers Perceive Trustworthiness of Providers in Sharing Economy: Effects of Photos", **base),
        rec("c", "Making the Most of Virtual Expertise in Telemedicine and Telehealth Environments", year=2011,
            authors=("Standing, Craig",), doi="10.1109/dasc.2011.166"),
        rec("d", "Making the Most of Virtual Expertise in Telemedicine and Telehealth Environment", year=2014,
            authors=("Standing, Craig",), doi="10.1080/10919392.2014.896714"),
    ]
    groups, _ = clusters_of(records)
    assert groups == [["a", "b"], ["c"], ["d"]]


def test_decisions_force_and_forbid_merges():
    records = [rec("a", "Same title here", year=2020, authors=("Smith, J",)),
               rec("b", "Same title here", year=2020, authors=("Smith, J",)),
               rec("c", "A completely different title", year=2020)]
    groups, _ = clusters_of(records, Decisions(same=(("a", "c"),), different=(("a", "b"),)))
    assert groups == [["a", "c"], ["b"]]


def test_a_pair_marked_different_is_no_longer_listed_as_a_possible_duplicate():
    """The Report page says "to keep it apart and silence it, under different:"; biblatex's two "Cramming more
    components onto integrated circuits" records (same title, venues differ) stayed listed after that."""
    records = [rec("moore", "Cramming more components onto integrated circuits", year=1965, venue="Electronics"),
               rec("moore:related", "Cramming more components onto integrated circuits", year=1965,
                   venue="Proceedings of the IEEE"),
               rec("other", "Cramming even more components", year=1965)]
    assert [(p.a.record_id, p.b.record_id) for p in deduplicate(records).possible] == [("moore", "moore:related")]
    for pair in (("moore", "moore:related"), ("moore:related", "moore")):
        result = deduplicate(records, Decisions(different=(pair,)))
        assert result.possible == [] and len(result.papers) == 3


def test_same_library_as_bibtex_and_ris_gives_the_same_papers(tmp_path):
    from generator.readers import read_sources
    (tmp_path / "lib.bib").write_text(
        "@article{smith2020, author={Smith, John and Doe, Jane}, title={A Study of Things}, journal={J. Things},"
        " year={2020}, doi={10.1000/xyz}}\n@inproceedings{lee2019, author={Lee, Kim}, title={Other Work},"
        " booktitle={Proc. Conf}, year=2019}\n")
    (tmp_path / "lib.ris").write_text(
        "TY  - JOUR\nAU  - Smith, John\nAU  - Doe, Jane\nTI  - A study of things\nT2  - J. Things\n"
        "PY  - 2020\nDO  - 10.1000/XYZ\nER  - \n\nTY  - CONF\nAU  - Lee, Kim\nTI  - Other work\nPY  - 2019\n"
        "T2  - Proc. Conf\nER  - \n")
    records, files = read_sources(tmp_path, tmp_path)
    assert [f.reader for f in files] == ["bibtex", "ris"]
    papers = deduplicate(records).papers
    assert sorted(len(p.records) for p in papers) == [2, 2]


def test_variant_forms_of_one_doi_merge_their_records():
    """Issue #15 class 5: "10.1037//..." (an old APA form), percent-encoding and case are one DOI."""
    from generator.readers.fields import normalize_doi
    forms = ["10.1037//0022-3514.54.6.1063", "https://doi.org/10.1037/0022-3514.54.6.1063",
             "10.1037%2F0022-3514.54.6.1063", "DOI: 10.1037/0022-3514.54.6.1063."]
    assert {normalize_doi(form) for form in forms} == {"10.1037/0022-3514.54.6.1063"}
    records = [record("Development and validation of brief measures of positive and negative affect", line,
                      doi=normalize_doi(form), year=1988) for line, form in enumerate(forms[:2], start=1)]
    records.append(record("Development and validation of brief measures of positive and negative affect: the PANAS "
                          "scales", 3, doi=normalize_doi(forms[2]), year=1988))
    result = deduplicate(records)
    assert len(result.papers) == 1 and len(result.papers[0].records) == 3


def test_a_chapter_and_the_book_it_is_in_stay_two_works():
    """Found by the BibTeX round trip (issue #12) in biblatex's own examples: "On Alternative Modernities",
    a chapter in the collection "Alternative Modernities" by the same editor and year, was merged with
    the collection ("on" is not a title word). A record whose venue is the other's title is a part of it;
    the pair goes to the possible-duplicates queue with that reason."""
    records = [rec("gaonkar", "Alternative Modernities", year=2001, authors=("Gaonkar, Dilip Parameshwar",),
                   entry_type="collection", publisher="Duke University Press"),
               rec("gaonkar:in", "On Alternative Modernities", year=2001, authors=("Gaonkar, Dilip Parameshwar",),
                   entry_type="incollection", venue="Alternative Modernities", pages="1–23")]
    groups, result = clusters_of(records)
    assert groups == [["gaonkar"], ["gaonkar:in"]]
    assert any("part of the other" in pair.reason for pair in result.possible)


# Issue #15: the classes of missed duplicates, each with a guard against the false merge next to it.

def test_names_run_together_by_an_export_are_read_as_the_same_authors():
    from generator.readers.fields import split_authors

    assert split_authors("Haverslag R. T.de Groot D.Grundmann S.Goumans M. J.") == \
        ("Haverslag, R. T.", "de Groot, D.", "Grundmann, S.", "Goumans, M. J.")
    assert split_authors("J.R.R. Tolkien") == ("Tolkien, J.R.R.",)  # one name with initials stays one
    title = "Effect of adrenalectomy on the activity of small intestine enzymes in monosodium glutamate obese rats"
    records = [rec("a", title, year=2004, venue="Physiol Res", volume="53", pages="415-22",
                   authors=split_authors("Mozes S.Sefcikov Z.Lenhardt L.Racek L.")),
               rec("b", title, year=2004, venue="Physiol Res", volume="53", pages="415-422",
                   authors=split_authors("Mozes S.Sefcikova Z.Lenhardt E.Racek L."))]
    assert clusters_of(records)[0] == [["a", "b"]]


def test_a_first_author_written_family_last_or_without_particle_or_as_null_still_agrees():
    title = "Glucose variability and mortality in patients admitted to intensive care units"
    for other in (("Li, Wei",), ("Smet, Anne",), ("null", "De Smet, A.")):
        records = [rec("a", title, year=2011, authors=("Wei, Li",) if other == ("Li, Wei",) else ("De Smet, Anne",)),
                   rec("b", title, year=2011, authors=other)]
        assert clusters_of(records)[0] == [["a", "b"]], other
    records = [rec("a", title, year=2011, authors=("Wei, Li",)), rec("b", title, year=2011, authors=("Wang, Li",))]
    assert clusters_of(records)[0] == [["a"], ["b"]]


def test_an_abbreviated_venue_matches_its_full_name_whichever_record_comes_first():
    title = "Nutritional parameters after prolonged salsolinol administration in rats fed high-fat diets"
    for first, second in (("Neuro Endocrinol Lett", "Neuroendocrinology Letters"),
                          ("Current Vascular Pharmacology", "Curr Vasc Pharmacol")):
        for venues in ((first, second), (second, first)):
            records = [rec(name, title, year=2016, volume="37", authors=("Kurnik-Lucka, M.",), venue=venue)
                       for name, venue in zip("ab", venues)]
            assert clusters_of(records)[0] == [["a", "b"]], venues
    records = [rec(name, title, year=2016, volume="37", authors=("Kurnik-Lucka, M.",), venue=venue)
               for name, venue in zip("ab", ("J Biol Chem", "Journal of Clinical Investigation"))]
    assert clusters_of(records)[0] == [["a"], ["b"]]


def test_notes_in_titles_are_not_part_of_the_title():
    title = "Intensive blood glucose control and vascular outcomes in patients with type 2 diabetes"
    records = [rec("a", title, year=2008, authors=("Patel, A.",), venue="N Engl J Med"),
               rec("b", title + " [Erratum appears in N Engl J Med. 2009 Jul 2;361(1):106]", year=2008,
                   authors=("Patel, A.",), venue="N Engl J Med"),
               rec("c", title + " (vol 358, pg 2560, 2008)", year=2008, authors=("Patel, A.",), venue="N Engl J Med"),
               rec("d", title + " [42 refs]", year=2008, authors=("Patel, A.",), venue="N Engl J Med")]
    assert clusters_of(records)[0] == [["a", "b", "c", "d"]]


def test_a_title_without_its_subtitle_merges_only_with_author_year_and_venue():
    main = "Sitagliptin and coronary atherosclerosis in type 2 diabetes"
    full = main + ": a serial integrated backscatter intravascular ultrasound study"
    base = dict(year=2016, authors=("Nozue, T.",), venue="Am J Cardiovasc Dis", volume="6")
    groups, result = clusters_of([rec("a", main, **base), rec("b", full, **base)])
    assert groups == [["a", "b"]]
    groups, result = clusters_of([rec("a", main, **base), rec("b", full, **{**base, "year": 2018})])
    assert groups == [["a"], ["b"]]
    assert any("without its subtitle" in pair.reason for pair in result.possible)


def test_titles_naming_different_populations_stay_apart_and_are_queued():
    base = dict(year=2019, authors=("Sponsor, A.",))
    records = [rec("a", "A trial of drug X for type 1 diabetes in pediatric patients", **base),
               rec("b", "A trial of drug X for type 1 diabetes in adult patients", **base)]
    groups, result = clusters_of(records)
    assert groups == [["a"], ["b"]]
    assert any("different populations (adult, pediatric)" in pair.reason for pair in result.possible)


def test_a_preprint_doi_does_not_keep_the_preprint_from_its_journal_version():
    title = "Single-cell atlas of the human pancreas in type 2 diabetes"
    records = [rec("a", title, year=2020, authors=("Chen, X.",), doi="10.1101/2020.03.12.988881"),
               rec("b", title, year=2021, authors=("Chen, X.",), doi="10.1016/j.cmet.2021.01.001",
                   venue="Cell Metabolism")]
    assert clusters_of(records)[0] == [["a", "b"]]
    genome = [rec("a", title, year=2021, authors=("Chen, X.",), doi="10.1101/gr.123456.120"),  # Genome Research
              rec("b", title, year=2021, authors=("Chen, X.",), doi="10.1016/j.cmet.2021.01.001")]
    groups, result = clusters_of(genome)
    assert groups == [["a"], ["b"]]
    assert any("different DOIs" in pair.reason for pair in result.possible)  # refused, and said so


def test_clusters_do_not_depend_on_the_order_records_arrive_in():
    title = "Nutritional parameters after prolonged salsolinol administration in rats fed high-fat diets"
    records = [rec(name, title, year=2016, volume="37", authors=("Kurnik-Lucka, M.",), venue=venue, doi=doi)
               for name, venue, doi in (("a", "Neuro Endocrinol Lett", ""), ("b", "Neuroendocrinology Letters", ""),
                                        ("c", "Neuro Endocrinol Lett", "10.1000/x1"),
                                        ("d", "Neuroendocrinology Letters", "10.1000/x2"))]
    seen = set()
    for seed in range(8):
        shuffled = records[:]
        random.Random(seed).shuffle(shuffled)
        seen.add(str(clusters_of(shuffled)[0]))
    assert len(seen) == 1, seen


def test_a_paper_given_by_its_book_title_or_by_its_series_is_one_paper():
    """A venue conflict needs every name of the venue to disagree: the series one export holds as its only
    venue is the other's series (kept in extra), so the same paper merges; two different books do not."""
    title = "Learning Robust Visual Features Under Occlusion"
    common = dict(authors=("Garcia, Ana", "Li, Wei"), year=2018, volume="11210", pages="55-71",
                  entry_type="inproceedings")
    in_book = rec("book", title, venue="Computer Vision - ECCV 2018",
                  extra=(("series", "Lecture Notes in Computer Science"),), **common)
    in_series = rec("series", title, venue="Lecture Notes in Computer Science", **common)
    other_book = rec("other", title, venue="Medical Image Computing and Computer Assisted Intervention",
                     **{**common, "year": 2018})
    groups, result = clusters_of([in_book, in_series])
    assert groups == [["book", "series"]]
    groups, result = clusters_of([in_book, other_book])
    assert groups == [["book"], ["other"]]
    assert any("venues differ" in pair.reason for pair in result.possible)


def test_page_formats_and_a_swapped_digit_are_the_same_first_page():
    """"1223-9" and "1223-1229", "e1230" and "1230", and "1223" typed as "1232" name one page; pages
    further apart are two publications (two abstracts in one supplement)."""
    base = dict(authors=("Hansen, F.", "Vrang, N."), year=2012, venue="Appetite", volume="59")
    title = "Liraglutide and linagliptin improve glycemic control in diet-induced obese rats"
    for first, second in (("1223-9", "1223-1229"), ("e1230", "1230"), ("1223-1229", "1232-1238")):
        groups, _ = clusters_of([rec("a", title, pages=first, **base), rec("b", title, pages=second, **base)])
        assert groups == [["a", "b"]], (first, second)
    groups, result = clusters_of([rec("a", title, pages="1223", **base), rec("b", title, pages="1301", **base)])
    assert groups == [["a"], ["b"]]
    assert any("pages differ" in pair.reason for pair in result.possible)
