"""Screening decisions from notes, verdicts and conflicts, the ranked queue, and the PRISMA flow's arithmetic."""

from __future__ import annotations

from dataclasses import replace

from generator.model import FileReport, Location, Paper, Problem, Record
from generator.report import Report
from generator.review.prisma import flow
from generator.review.screening import Decision, parse_decisions, queue, verdict


def paper(key: str, title: str = "A paper", abstract: str = "", decisions=(), records: int = 1, reasons=()) -> Paper:
    recs = tuple(Record(f"{key}-{i}", Location("s.ris", i + 1), title) for i in range(records))
    return Paper(key, key, title, abstract, recs, screening=tuple(decisions), merge_reasons=tuple(reasons))


def test_decisions_are_read_in_both_forms_and_wrong_ones_are_named():
    assert parse_decisions("include", ()) == ((Decision("title-abstract", "include"),), [])
    decisions, errors = parse_decisions([
        {"reviewer": "ana", "stage": "full-text", "decision": "not-retrieved"},
        {"reviewer": "ben", "decision": "exclude", "reason": "wrong population"},
        {"reviewer": "ben", "decision": "exclude", "reason": "too old"},
        {"decision": "not-retrieved"},  # only at the full text
        "include",
    ], ("wrong population",))
    assert decisions == (Decision("full-text", "not-retrieved", "", "ana"),
                         Decision("title-abstract", "exclude", "wrong population", "ben"),
                         Decision("title-abstract", "exclude", "other", "ben"))
    assert [error.split(":")[0] for error in errors] == ["screening[3]", "screening[4]", "screening[5]"]
    assert "'too old' is not in the review's list" in errors[0]


def test_reviewers_who_disagree_make_a_conflict_and_a_later_line_replaces_an_earlier_one():
    agree = paper("a", decisions=[Decision("title-abstract", "include", reviewer="ana"),
                                  Decision("title-abstract", "include", reviewer="ben")])
    disagree = paper("b", decisions=[Decision("title-abstract", "include", reviewer="ana"),
                                     Decision("title-abstract", "exclude", "x", reviewer="ben")])
    changed = paper("c", decisions=[Decision("title-abstract", "maybe", reviewer="ana"),
                                    Decision("title-abstract", "include", reviewer="ana")])
    assert [verdict(p, "title-abstract") for p in (agree, disagree, changed)] == ["include", "conflict", "include"]
    assert verdict(agree, "full-text") == ""


def test_the_queue_puts_the_likeliest_includes_first_once_there_are_includes_and_excludes():
    include = [Decision("title-abstract", "include")]
    exclude = [Decision("title-abstract", "exclude", "wrong topic")]
    decided = [paper(f"in{i}", f"Taurine deficiency and dilated cardiomyopathy in dogs {i}",
                     "Plasma taurine was low in dogs with dilated cardiomyopathy.", include) for i in range(3)]
    decided += [paper(f"out{i}", f"Otitis externa in spaniels {i}", "Ear canal infection and otitis.", exclude)
                for i in range(3)]
    todo = [paper("t1", "Ear infections: otitis in cocker spaniels", "Otitis externa of the ear canal."),
            paper("t2", "Cardiomyopathy with taurine deficiency in a spaniel", "Low taurine, dilated heart.")]
    ranked, method = queue(decided + todo)
    assert method == "model" and [p.id for p, _ in ranked] == ["t2", "t1"] and ranked[0][1] > ranked[1][1]
    ranked, method = queue(decided[:3] + todo, criteria="otitis of the ear")  # all includes: the criteria rank
    assert method == "criteria" and [p.id for p, _ in ranked] == ["t1", "t2"]
    ranked, method = queue(todo)
    assert method == "newest" and {p.id for p, _ in ranked} == {"t1", "t2"}


def test_the_prisma_boxes_add_up_and_follow_every_decision():
    ta, ft = "title-abstract", "full-text"
    papers = [
        paper("included", decisions=[Decision(ta, "include"), Decision(ft, "include")]),
        paper("straight-to-full-text", decisions=[Decision(ft, "include")]),
        paper("excluded-ta", decisions=[Decision(ta, "exclude", "wrong population")]),
        paper("conflict", decisions=[Decision(ta, "include", reviewer="a"), Decision(ta, "exclude", "x", "b")]),
        paper("maybe", decisions=[Decision(ta, "maybe")]),
        paper("excluded-ft", decisions=[Decision(ta, "include"), Decision(ft, "exclude", "wrong design")]),
        paper("not-retrieved", decisions=[Decision(ta, "include"), Decision(ft, "not-retrieved")]),
        paper("waiting", decisions=[Decision(ta, "include")], records=3,
              reasons=("r1 + r2: same DOI 10.1/x", "r1 + r3: marked same in dedup.yml")),
        paper("unscreened"),
    ]
    files = [FileReport("sources/pubmed.ris", "ris", 10, problems=(Problem(Location("sources/pubmed.ris", 4), "bad",
                                                                          "rejected"),)),
             FileReport("sources/wos.ris", "ris", 3)]
    report = Report(files, papers, excluded=[(paper("gone", records=2), "off topic")])
    diagram = flow(report, {"pubmed.ris": "PubMed"})
    counts = {key: box.count for key, box in diagram.boxes.items()}
    assert counts == {"identified": 14, "duplicates": 1, "duplicates_by_you": 1, "unusable": 1, "excluded_by_you": 2,
                      "screened": 9, "excluded_screening": 1, "awaiting_screening": 3, "sought": 5,
                      "not_retrieved": 1, "awaiting_full_text": 1, "assessed": 3, "excluded_full_text": 1,
                      "included": 2}
    assert diagram.balanced() and report.balanced
    assert diagram["identified"].details == [("PubMed", 11), ("wos.ris", 3)]
    assert diagram["excluded_full_text"].details == [("wrong design", 1)]
    assert {p.id for p in diagram["included"].papers} == {"included", "straight-to-full-text"}
    broken = replace(report, papers=papers[:-1])  # a paper lost between the report and the diagram
    assert not flow(broken).balanced()
