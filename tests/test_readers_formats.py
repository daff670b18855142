"""Readers for each export format: real files from ../shared/realworld (skipped when absent) and small
fixtures of our own."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.readers import read_file, read_sources, unique_ids
from generator.readers.fields import family_first, find_arxiv_id, latex_to_text, normalize_doi, parse_date

from .conftest import REPO

REALWORLD = REPO.parent / "shared" / "realworld"
needs_realworld = pytest.mark.skipif(not REALWORLD.exists(), reason=f"no real-world exports at {REALWORLD}")


def read(path: Path):
    return read_file(path, path.name)


@needs_realworld
@pytest.mark.parametrize("name, reader, records", [
    ("bibtex/d2l-en_d2l.bib", "bibtex", 488),
    ("bibtex/mne-python_doc_references.bib", "bibtex", 233),
    ("bibtex/mne-python_doc_references_2020-05-19_025b5f6e.bib", "bibtex", 154),
    ("bibtex/nemo_docs_asr_all.bib", "bibtex", 113),
    ("bibtex/nemo_docs_nlp_all.bib", "bibtex", 35),
    ("bibtex/plk-biblatex_biblatex-examples.bib", "bibtex", 90),
    ("ris/asysd_tests_wos_test.ris", "ris", 50),
    ("ris/asysd_tests_scopus.ris", "ris", 10),
    ("csl_json/zotero-better-bibtex_Pandoc_Citation.csl.json", "csl-json", 4),
    ("arxiv/arxivpy_q_testing_s0_m100_cfe7536492ca.atom.xml", "arxiv-atom", 100),
    ("arxiv/arxivpy_pr_search_au_del_maestro.atom.xml", "arxiv-atom", 10),
    ("arxiv/arxivpy_id_astro-ph_0601001_s0_m100_3150dca9dc76.atom.xml", "arxiv-atom", 1),
    ("arxiv/arxivpy_id_0000.0000_s0_m100_8b51d9633a68.atom.xml", "arxiv-atom", 0),
    ("hf_papers/deep-diver_paper-reviewer_daily_papers_EXCERPT_first4.json", "hf-papers-json", 4),
])
def test_real_exports_are_read_by_the_right_reader(name, reader, records):
    found, report = read(REALWORLD / name)
    assert report.reader == reader
    assert len(found) == records
    assert all(record.title for record in found)


@needs_realworld
def test_malformed_bibtex_entry_is_reported_and_the_rest_read():
    found, report = read(REALWORLD / "bibtex/mne-python_doc_references_2020-05-19_025b5f6e.bib")
    assert [str(p) for p in report.problems] == [
        "mne-python_doc_references_2020-05-19_025b5f6e.bib:562: malformed BibTeX entry 'HannaEtAl2020': missing "
        "comma after field 'journal' (it swallowed 'title'), not read"]
    assert "HariSalmelin1997" in {r.record_id for r in found}


@needs_realworld
def test_bibtex_details_latex_crossref_dates_and_arxiv():
    found, _ = read(REALWORLD / "bibtex/plk-biblatex_biblatex-examples.bib")
    by_key = {r.record_id: r for r in found}
    assert by_key["westfahl:space"].venue == "Space and Beyond"  # from its crossref parent
    assert by_key["westfahl:space"].year == 2000
    assert by_key["angenendt"].title.startswith("In Honore Salvatoris – Vom Sinn")
    nemo, _ = read(REALWORLD / "bibtex/nemo_docs_nlp_all.bib")
    assert sum(1 for r in nemo if r.arxiv_id) >= 20
    d2l, _ = read(REALWORLD / "bibtex/d2l-en_d2l.bib")
    assert "Martín" in " ".join(d2l[0].authors)


@needs_realworld
def test_bibtex_commands_keep_their_words_logos_and_marks():
    """biblatex's own examples: "{\\TeX}: The Program" was read as ": The Program" and "The {\\TeX book}" as
    "The book"; a command the LaTeX parser knows but the text converter does not (\\texttt, \\mbox) lost
    its words."""
    found, _ = read(REALWORLD / "bibtex/plk-biblatex_biblatex-examples.bib")
    titles = {record.record_id: record.title for record in found}
    assert titles["knuth:ct:b"] == "TeX: The Program"
    assert titles["knuth:ct:a"] == "The TeXbook"
    assert titles["companion"] == "The LaTeX Companion"
    for latex, text in [(r"The \texttt{transformers} library", "The transformers library"),
                        (r"\texttt{baez\slash article}", "baez/article"), (r"a \mbox{non-linear} map", "a non-linear map"),
                        (r"\LaTeX\ and \BibTeX", "LaTeX and BibTeX"), (r"\LaTeXe{} class", "LaTeX2e class"),
                        (r"\XeTeX, \LuaTeX, \ConTeXt, \METAFONT", "XeTeX, LuaTeX, ConTeXt, METAFONT"),
                        (r"Nordic\hyphen Baltic", "Nordic-Baltic"), (r"\S 3 of the act", "§3 of the act"),
                        (r"{\noopsort{1973b}}1973", "1973"), (r"alphabetized under \enquote*{E}", "alphabetized under ‘E’"),
                        (r"the \mkbibquote{Rites}", "the “Rites”"), (r"see \url{https://x.org/a_b}", "see https://x.org/a_b"),
                        (r"the \href{https://x.org}{project page}", "the project page (https://x.org)"),
                        (r"as in \cite{vaswani2017}", "as in [vaswani2017]")]:
        assert latex_to_text(latex) == text, latex


@needs_realworld
def test_csl_json_html_titles_and_date_ranges():
    found, _ = read(REALWORLD / "csl_json/zotero-better-bibtex_Pandoc_Citation.csl.json")
    adams = next(r for r in found if r.record_id == "Adams2001")
    assert adams.title == "The physical volcanology of the 1600 eruption of Huaynaputina, southern Peru"
    assert adams.date == "2014-12-31" and adams.year == 2014
    assert next(r for r in found if r.record_id == "Wordsworth1883").authors == ("Wordsworth, John",)


@needs_realworld
def test_arxiv_atom_ids_versions_and_wrapped_summaries():
    found, _ = read(REALWORLD / "arxiv/arxivpy_pr_search_au_del_maestro.atom.xml")
    first = found[0]
    assert (first.arxiv_id, first.arxiv_version, first.doi) == ("1201.4869", "v1", "10.1142/s021797921244002x")
    assert "\n" not in first.abstract and "  " not in first.abstract
    assert first.authors == ("Del Maestro, Adrian",)
    old, _ = read(REALWORLD / "arxiv/arxivpy_id_astro-ph_0601001_s0_m100_3150dca9dc76.atom.xml")
    assert old[0].arxiv_id == "astro-ph/0601001"


@needs_realworld
def test_hugging_face_items_use_the_clean_title():
    found, _ = read(REALWORLD / "hf_papers/deep-diver_paper-reviewer_daily_papers_EXCERPT_first4.json")
    assert found[0].title == "Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss"
    assert (found[0].arxiv_id, found[0].upvotes, found[0].date) == ("2410.17243", 64, "2024-10-22")


@needs_realworld
def test_ris_with_bom_and_query_string_urls():
    found, _ = read(REALWORLD / "ris/asysd_tests_scopus.ris")
    assert found[0].doi == "10.3390/ani15010003" and found[0].url.startswith("https://www.scopus.com/")
    assert found[0].authors[0] == "Furlanello, T." and found[0].location.line == 1


def test_csv_and_yaml_lists(tmp_path):
    (tmp_path / "list.csv").write_text("ID,Title,Authors,Year,Journal,DOI\nk1,A Paper,Smith J; Doe A,2021,J. X,"
                                       "https://doi.org/10.1000/ABC\n,,,,,\n2,,Nobody,2020,,\n")
    (tmp_path / "mine.yaml").write_text("# my picks\n- title: Hand Picked\n  authors: [Jane Roe]\n  year: 2019\n"
                                        "  arxiv: 2101.00001v2\n- nonsense\n")
    records, files = read_sources(tmp_path, tmp_path)
    by_file = {f.path: f for f in files}
    assert [(r.record_id, r.title, r.authors, r.year, r.doi) for r in records if r.source_format == "csv"] == [
        ("k1", "A Paper", ("Smith, J", "Doe, A"), 2021, "10.1000/abc")]
    assert [str(p) for p in by_file["list.csv"].problems] == ["list.csv:4: row without a title, not read"]
    mine = next(r for r in records if r.source_format == "yaml-list")
    assert (mine.title, mine.authors, mine.arxiv_id, mine.arxiv_version, mine.location.line) == (
        "Hand Picked", ("Roe, Jane",), "2101.00001", "v2", 2)
    assert [str(p) for p in by_file["mine.yaml"].problems] == ["mine.yaml:6: entry is not a mapping, not read"]


def test_repeated_source_keys_become_unique_ids(tmp_path):
    entry = "@article{vaswani2017, title={Attention Is All You Need}, year=2017}\n"
    (tmp_path / "a.bib").write_text(entry)
    (tmp_path / "b.bib").write_text(entry + entry)
    records, _ = read_sources(tmp_path, tmp_path)
    assert [r.record_id for r in records] == ["a.bib#vaswani2017", "b.bib#vaswani2017@1", "b.bib#vaswani2017@2"]
    assert unique_ids(records) == records


@pytest.mark.parametrize("value, expected", [
    ("arXiv preprint arXiv:1607.06450", ("1607.06450", "")),
    ("https://arxiv.org/abs/2401.01234v3", ("2401.01234", "v3")),
    ("http://arxiv.org/abs/astro-ph/0601001v1", ("astro-ph/0601001", "v1")),
    ("Journal of Things 2020", ("", "")),
])
def test_arxiv_ids_are_found_where_exports_hide_them(value, expected):
    assert find_arxiv_id(value) == expected


def test_field_helpers():
    assert normalize_doi("https://doi.org/10.1000/ABC.") == "10.1000/abc"
    assert normalize_doi("NA") == ""
    assert latex_to_text(r"Sch{\"o}lkopf and {\'E}mile on {GPT} models") == "Schölkopf and Émile on GPT models"
    assert family_first("Adrian Del Maestro") == "Del Maestro, Adrian"
    assert family_first("Smith J. A.") == "Smith, J. A."
    assert family_first("et al.") == ""
    assert parse_date("2024-10-22T17:59:30.000Z"[:10]) == "2024-10-22"
    assert parse_date("2019/05") == "2019" and parse_date("2019-05") == "2019-05"


def test_bibtex_symbol_commands_keep_their_characters(tmp_path):
    """Zotero writes "<" as {\\textless}: reading it must not drop the character ("p < 0.001", issue #12)."""
    source = tmp_path / "zotero.bib"
    source.write_text("@article{a, title={Effects at p {\\textless} 0.001 and n {\\textgreater} 5}, year={2020},\n"
                      "  abstract={Scores {\\textless}50\\% differ; a\\textunderscore{}b and x\\textbar{}y.}}\n")
    records, report = read_file(source, "zotero.bib")
    assert records[0].title == "Effects at p < 0.001 and n > 5"
    assert records[0].abstract == "Scores <50% differ; a_b and x|y."
    assert latex_to_text("{\\textless}{\\textgreater}") == "<>"


def test_arxiv_id_behind_bibtex_case_protection_is_found():
    """d2l's Adam entry: journal = {Ar{X}iv:1412.6980}."""
    assert find_arxiv_id("Ar{X}iv:1412.6980") == ("1412.6980", "")


def test_a_doi_keeps_no_bidi_or_control_character():
    """A right-to-left override inside a DOI would make its label read backwards on the page."""
    from generator.readers.fields import normalize_doi
    assert normalize_doi("https://doi.org/10.1000/ab\u202ecd\u202c\u200bef") == "10.1000/abcdef"


def test_csl_literal_names_of_people_are_written_family_first_and_bodies_stay_whole():
    """Issue #12: a CSL "literal" name ("Yifan Peng") read as another person than "Peng, Yifan" elsewhere,
    and so blocked a preprint/published merge."""
    from generator.readers.csl_json import csl_names
    names = [{"literal": "Yifan Peng"}, {"literal": "Ludwig van Beethoven"}, {"literal": "World Health Organization"},
             {"literal": "The ATLAS Collaboration"}, {"literal": "Peng, Yifan"}, {"literal": "Zhiyong Lu"}]
    assert csl_names(names) == ("Peng, Yifan", "van Beethoven, Ludwig", "World Health Organization",
                                "The ATLAS Collaboration", "Peng, Yifan", "Lu, Zhiyong")


@needs_realworld
def test_howpublished_url_is_the_address_not_a_venue():
    """Issue #12: howpublished = {\\url{...}} (NeMo's ASR bibliography cites 8 documents so) became the venue
    "<https://...>", and the export wrapped it again. It is now the record's URL, exported verbatim."""
    from generator.dedup import deduplicate
    from generator.render.export import bibtex_entry
    source = REALWORLD / "bibtex" / "nemo_docs_asr_all.bib"
    records, _ = read_file(source, "nemo.bib")
    cited = [record for record in records if record.url.startswith("http") and "\\url" in "".join(
        source.read_text().splitlines()[record.location.line - 1:record.location.line + 8])]
    assert len(cited) == 8 and not any(record.venue.startswith("<") for record in records)
    volta = next(record for record in cited if "volta" in record.url)
    assert volta.url == "http://images.nvidia.com/content/volta-architecture/pdf/volta-architecture-whitepaper.pdf"
    entry = bibtex_entry(deduplicate([volta]).papers[0])
    assert f"url = {{{volta.url}}}" in entry and "howpublished" not in entry


def test_text_that_only_escapes_characters_reads_as_the_latex_parser_reads_it():
    """latex_to_text skips pylatexenc for values whose only commands escape a character (most BibTeX
    abstracts that have a backslash: "100\\%"); they must read exactly as the parser reads them, and a
    value with anything more (math, a command, a comment, TeX quotes, a line break) still goes to it."""
    from generator.readers import fields
    escaped_only = [r"achieving 100\% accuracy", r"R\&D and \#1", r"snake\_case {Protected} -- done~now",
                    r"a 50\% gain---twice"]
    for value in escaped_only:
        assert not fields.NEEDS_PARSER.search(value)
        assert latex_to_text(value) == fields.clean_text(fields._latex.latex_to_text(value)), value
    for value in [r"100\% of $x^2$", r"\textless 0.05 and 3\%", r"5% (a comment) \% b", r"``quoted'' 5\%",
                  "line\\\\ break \\%"]:
        assert fields.NEEDS_PARSER.search(value), value


MEDLINE = Path(__file__).parent / "fixtures" / "medline" / "pubmed-diabetes-set.nbib"


def test_a_pubmed_export_in_medline_format_is_read():
    """PubMed saves a search as MEDLINE text (its citation-manager file, .nbib, too) and offers no RIS:
    the file was refused with "export it as RIS". It is read: fields continued over lines, full author
    names, the DOI, the date, pages written out, MeSH headings and the authors' keywords; a record without
    a title is reported with its line, and the rest of the file is read."""
    found, report = read(MEDLINE)
    assert report.reader == "medline" and report.found == 3
    first, chapter = found
    assert first.record_id == "31000001" and first.location.line == 2
    assert first.title == ("Sodium-glucose cotransporter 2 inhibition and atherosclerosis in apolipoprotein "
                           "E-deficient mice: a randomised study.")
    assert first.abstract.startswith("BACKGROUND: Sodium-glucose") and "ApoE<sup>-/-</sup> mice. RESULTS:" in first.abstract
    assert first.authors == ("Nakamura, Keiko", "van der Berg, Jan")
    assert (first.year, first.date, first.doi) == (2019, "2019-03-15", "10.1186/s12933-019-0000-1")
    assert (first.venue, first.volume, first.number, first.pages) == ("Cardiovascular diabetology", "18", "1", "1123–1130")
    assert first.url == "https://pubmed.ncbi.nlm.nih.gov/31000001/"
    assert first.keywords[:3] == ("SGLT2 inhibitor", "empagliflozin", "Animals")
    assert "Atherosclerosis/*drug therapy/pathology" in first.keywords
    assert ("PL", "England") in first.extra and ("IS", "1475-2840 (Electronic)") in first.extra
    assert chapter.title == "Glucagon-like peptide-1 and the heart" and chapter.entry_type == "incollection"
    assert (chapter.year, chapter.publisher) == (2018, "MDText.com, Inc.")
    assert chapter.authors == ("Endotext Editorial Board",)  # CN: a group wrote it
    assert [str(problem) for problem in report.problems] == [
        "pubmed-diabetes-set.nbib:47: MEDLINE record without a title (TI/BTI), not read"]


def test_medline_headings_give_tags_as_subjects():
    """MeSH's 'Heading, Qualifier/subheading' is read as a subject ("Type 2 Diabetes Mellitus"), its check
    tags ("Animals", "Male", "Mice") are none."""
    from generator.enrich.keyphrases import keyword_phrases
    found, _ = read(MEDLINE)
    phrases = keyword_phrases(found[0].keywords)
    assert ("type", "2", "diabetes", "mellitus") in phrases and ("atherosclerosis",) in phrases
    assert not {("animal",), ("male",), ("mouse",), ("mice",)} & set(phrases)


WOS_TEXT = Path(__file__).parent / "fixtures" / "wos" / "savedrecs.txt"


def test_a_web_of_science_plain_text_export_is_read():
    """Web of Science saves records as plain text (savedrecs.txt; .ciw for "other reference software"),
    the format bibliometric tools take; it was refused with "export it as RIS or BibTeX". It is read: a
    name per line in AU and AF (full names read), a title and keywords wrapped over lines, the date from PY
    and PD, pages, the DOI, the authors' keywords then Keywords Plus; every other field is kept, one entry
    per address or cited reference. A record without a title is reported with its line, the rest is read."""
    found, report = read(WOS_TEXT)
    assert report.reader == "wos-text" and report.found == 3
    article, chapter = found
    assert article.record_id == "WOS:000460000000001" and article.location.line == 3
    assert article.title == ("Hip dysplasia in English Cocker Spaniels: a retrospective study of radiographic "
                             "screening results")
    assert article.abstract == "We screened 1,203 radiographs of English Cocker Spaniels for hip dysplasia."
    assert article.authors == ("Smith, Jane A.", "Garcia, Maria")
    assert (article.year, article.date, article.doi) == (2019, "2019-03-15", "10.1136/vr.104000")
    assert (article.venue, article.volume, article.number, article.pages) == ("VETERINARY RECORD", "184", "11",
                                                                              "345–352")
    assert article.keywords == ("hip dysplasia", "cocker spaniel", "radiographic screening", "heritability", "DOGS",
                                "INHERITANCE")
    assert ("C1", "[Garcia, Maria] Univ Complutense Madrid, Madrid, Spain.") in article.extra
    assert ("CR", "Wood JLN, 2000, VET REC, V146, P7") in article.extra
    assert ("AU", "Garcia, M") in article.extra and ("PM", "30760000") in article.extra
    assert (chapter.entry_type, chapter.venue, chapter.publisher) == ("incollection", "Companion Animal Genetics",
                                                                     "SPRINGER")
    assert (chapter.year, chapter.pages, chapter.authors) == (2018, "12", ("Okafor, Chinedu",))
    assert ("CA", "Canine Genetics Consortium") in chapter.extra
    assert [str(problem) for problem in report.problems] == [
        "savedrecs.txt:37: Web of Science record without a title (TI), not read"]
    from generator.readers.wos import wos_date
    assert wos_date("", "", "MAR 2023") == (2023, "2023-03")  # online first: no PY yet, an early access date


@needs_realworld
def test_a_real_web_of_science_plain_text_export_is_read_whole():
    """rispy's example of Web of Science's plain text (../shared/realworld): both records, every cited
    reference and address kept."""
    real = REALWORLD / "ris" / "rispy_example_wos_WoS-tagged-format.txt"
    found, report = read(real)
    assert report.reader == "wos-text" and report.problems == () and len(found) == 2
    first = found[0]
    assert first.title.startswith("Interactions stabilizing the structure of the core light-harvesting complex")
    assert first.doi == "10.1021/bi049798f" and first.date == "2004-06-08" and first.pages == "7003–7016"
    assert "ANTENNA COMPLEX" in first.keywords and len(first.authors) == 4
    cited = real.read_text(encoding="utf-8").split("\nER")[0].split("\nCR ")[1].split("\nNR ")[0]
    assert sum(tag == "CR" for tag, _ in first.extra) == len(cited.splitlines())


SCOPUS_CSV = ('"Authors","Author full names","Author(s) ID","Title","Year","Source title","Volume","Issue","Art. No.",'
              '"Page start","Page end","Page count","Cited by","DOI","Link","Abstract","Author Keywords",'
              '"Index Keywords","Document Type","Publication Stage","Open Access","Source","EID"\n'
              '"Smith J.; Garcia M.","Smith, Jane (57190000001); Garcia, Maria (57190000002)","57190000001; 57190000002",'
              '"Hip dysplasia in cocker spaniels","2019","Veterinary Record","184","11","","345","352","8","5",'
              '"10.1136/vr.104000","https://www.scopus.com/inward/record.uri?eid=2-s2.0-85060000001","We screened.",'
              '"hip dysplasia; cocker spaniel","dog; radiography","Article","Final","","Scopus","2-s2.0-85060000001"\n'
              '"Okafor C.","Okafor, Chinedu (57190000003)","57190000003","Spaniel genetics","2020","Animals","10","2",'
              '"e0123","","","","","","","","","","Review","Final","All Open Access","Scopus","2-s2.0-85060000002"\n')
WOS_TSV = ("PT\tAU\tAF\tTI\tSO\tDT\tDE\tID\tAB\tC1\tSN\tPY\tVL\tIS\tBP\tEP\tAR\tDI\tUT\n"
           "J\tSmith, J; Garcia, M\tSmith, Jane; Garcia, Maria\tHip dysplasia in cocker spaniels\tVETERINARY RECORD\t"
           "Article\thip dysplasia; cocker spaniel\tDOGS; INHERITANCE\tWe screened.\t[Smith, Jane] Univ Glasgow\t"
           "0042-4900\t2019\t184\t11\t345\t352\t\t10.1136/vr.104000\tWOS:000460000000001\n")


def test_scopus_csv_and_web_of_science_tab_delimited_exports_keep_their_keywords_pages_and_other_columns(tmp_path):
    """The CSV reader took Scopus' and Web of Science's tab-delimited exports by their titles but dropped
    their keywords, pages, Web of Science's journal and DOI (SO, DI), and every column it has no field for
    (ISSN, addresses, document type); it took Web of Science's ID column (Keywords Plus) for the record's
    id. Keywords come from every keyword column, pages from first and last page or the article number, and
    every other column with a value is kept as written (Record.extra)."""
    (tmp_path / "scopus.csv").write_text(SCOPUS_CSV, encoding="utf-8")
    (tmp_path / "savedrecs.txt").write_text(WOS_TSV, encoding="utf-8")
    records, files = read_sources(tmp_path, tmp_path)
    assert [file.reader for file in files] == ["csv", "csv"] and all(not file.problems for file in files)
    wos, scopus, article_number = records  # files in name order: savedrecs.txt, scopus.csv
    assert (scopus.record_id, scopus.authors, scopus.venue, scopus.pages) == (
        "2-s2.0-85060000001", ("Smith, J.", "Garcia, M."), "Veterinary Record", "345–352")
    assert scopus.keywords == ("hip dysplasia", "cocker spaniel", "dog", "radiography")
    assert ("Document Type", "Article") in scopus.extra and ("Cited by", "5") in scopus.extra
    assert ("Author full names", "Smith, Jane (57190000001); Garcia, Maria (57190000002)") in scopus.extra
    assert article_number.pages == "e0123" and ("Open Access", "All Open Access") in article_number.extra
    assert (wos.record_id, wos.title, wos.authors, wos.venue, wos.doi, wos.pages, wos.year) == (
        "WOS:000460000000001", "Hip dysplasia in cocker spaniels", ("Smith, Jane", "Garcia, Maria"),
        "VETERINARY RECORD", "10.1136/vr.104000", "345–352", 2019)
    assert wos.keywords == ("hip dysplasia", "cocker spaniel", "DOGS", "INHERITANCE")
    assert ("SN", "0042-4900") in wos.extra and ("C1", "[Smith, Jane] Univ Glasgow") in wos.extra
    assert ("AU", "Smith, J; Garcia, M") in wos.extra


def test_pubmeds_abstract_text_is_named_with_the_format_to_save_instead(tmp_path):
    """PubMed also saves a search as 'Abstract' text, which no reader can take apart reliably: the
    message names it and the format to save instead, which litsite reads."""
    path = tmp_path / "abstract-set.txt"
    path.write_text("1. Cardiovasc Diabetol. 2019 Mar 15;18(1):30. doi: 10.1186/x.\n\nA title.\n\n"
                    "Nakamura K(1).\n\nBACKGROUND: Text.\n\nDOI: 10.1186/x\nPMID: 31000001  [Indexed for MEDLINE]\n",
                    encoding="utf-8")
    found, report = read(path)
    assert found == [] and "PubMed's Abstract text" in report.problems[0].message
    assert "PubMed format" in report.problems[0].message


@needs_realworld
def test_a_tag_repeated_in_an_ris_record_keeps_every_value():
    """Web of Science's RIS repeats AD for each address and SN for the ISSN and the eISSN (31 and 30 of its
    50 records), Scopus' AD (9 of 10); the reader kept the first value of each. Every value is kept now,
    as the file wrote them."""
    import re
    for name in ("ris/asysd_tests_wos_test.ris", "ris/asysd_tests_scopus.ris"):
        path = REALWORLD / name
        found, _ = read(path)
        written = path.read_text(encoding="utf-8-sig").split("\nER  -")
        for record, text in zip(found, written):
            for tag in ("AD", "SN", "C3"):
                values = [" ".join(value.split()) for value in re.findall(rf"^{tag}  - (.*)$", text, re.M)]
                assert [value for key, value in record.extra if key == tag] == [v for v in values if v], (name, tag)


def test_a_csv_keyword_holding_a_comma_stays_one_keyword(tmp_path):
    """Scopus separates its keywords with semicolons, and an index term may hold a comma ("Diabetes
    Mellitus, Type 2"); the CSV reader split at every comma. Semicolons separate when a cell has any, as
    for BibTeX and CSL-JSON keywords; a list with commas alone is still split at them."""
    (tmp_path / "scopus.csv").write_text(
        '"Title","Author Keywords","Index Keywords"\n'
        '"SGLT2 and atherosclerosis","SGLT2 inhibitor; empagliflozin","Diabetes Mellitus, Type 2; Mice"\n'
        '"A hand-made list","ApoE, lesions",""\n', encoding="utf-8")
    records, _ = read_sources(tmp_path, tmp_path)
    assert [record.keywords for record in records] == [
        ("SGLT2 inhibitor", "empagliflozin", "Diabetes Mellitus, Type 2", "Mice"), ("ApoE", "lesions")]


def test_a_folder_linked_into_the_sources_is_read_once_and_a_dangling_link_is_reported(tmp_path):
    """A folder of exports kept elsewhere and linked into sources/ was left out without a word (Path.rglob
    follows no link to a folder before Python 3.13), and so was a link to a file that is gone."""
    exports = tmp_path / "zotero"
    exports.mkdir()
    (exports / "library.bib").write_text("@article{a1,\n  title = {Linked In},\n  year = {2020}\n}\n", encoding="utf-8")
    sources = tmp_path / "project" / "sources"
    sources.mkdir(parents=True)
    (sources / "own.bib").write_text("@article{b1,\n  title = {Own File},\n  year = {2021}\n}\n", encoding="utf-8")
    (sources / "zotero").symlink_to(exports, target_is_directory=True)
    (sources / "again").symlink_to(exports, target_is_directory=True)  # the same folder twice: read once
    (sources / "up").symlink_to(sources, target_is_directory=True)  # a loop
    (sources / "gone.ris").symlink_to(tmp_path / "deleted.ris")
    records, files = read_sources(sources, sources.parent)
    assert sorted(record.title for record in records) == ["Linked In", "Own File"]
    gone = [report for report in files if report.path.endswith("gone.ris")]
    assert len(gone) == 1 and gone[0].problems and "not read" in gone[0].problems[0].message


def test_a_file_that_holds_no_record_says_so(tmp_path):
    """An arXiv query with no result (../shared/realworld's id_list=0000.0000 feed), a BibTeX file of
    comments, a CSL-JSON export of nothing: each showed "0 records, 0 problems" with no word, so an empty
    export or a query gone wrong passed unnoticed; `[]` was "no reader recognises this format"."""
    feed = ('<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
            'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"><title>arXiv Query: id_list=0000.0000'
            '</title><opensearch:totalResults>0</opensearch:totalResults></feed>\n')
    files = {"query.atom.xml": feed, "comments.bib": "% my library\n@comment{nothing here}\n", "empty.json": "[]\n"}
    messages = {}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        records, report = read_file(tmp_path / name, name)
        assert records == [] and len(report.problems) == 1, (name, report)
        messages[name] = (report.problems[0].level, report.problems[0].message)
    assert messages["query.atom.xml"] == ("warning", "no records in this file (read as arXiv Atom): an empty "
                                                     "export or query?")
    assert messages["comments.bib"][0] == "warning" and "no records in this file (read as BibTeX)" in messages["comments.bib"][1]
    assert messages["empty.json"] == ("rejected", "not read: the file holds an empty JSON list: no records")
