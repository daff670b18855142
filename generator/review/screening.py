"""Screening: the reviewers' decisions (kept in their notes), each paper's verdict per stage, conflicts,
and the queue of papers still to screen, the likeliest includes first.

A note's front matter holds the decisions, one per reviewer and stage, kept apart:

    screening:
      - {reviewer: ana, stage: title-abstract, decision: include}
      - {reviewer: ben, stage: title-abstract, decision: exclude, reason: wrong population}
      - {reviewer: ana, stage: full-text, decision: exclude, reason: wrong outcome}

or, for one reviewer at the title-abstract stage, `screening: include`. Decisions are include, exclude
or maybe (and not-retrieved at the full-text stage); an exclusion names a reason from the review's list
(`review: exclusion_reasons:` in litsite.yml). Reviewers who disagree at a stage make a conflict, which
counts as undecided until they agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Paper

STAGES = ("title-abstract", "full-text")
DECISIONS = {"title-abstract": ("include", "exclude", "maybe"),
             "full-text": ("include", "exclude", "maybe", "not-retrieved")}
QUEUE_SHOWN = 200  # unscreened papers listed on the queue page (all are in `litsite screen --all`)


@dataclass(frozen=True)
class Decision:
    stage: str
    decision: str
    reason: str = ""
    reviewer: str = ""


def parse_decisions(value, reasons: tuple[str, ...]) -> tuple[tuple[Decision, ...], list[str]]:
    """A note's `screening:` value -> decisions, and the errors found (each a message naming the item)."""
    if value is None:
        return (), []
    items = [{"decision": value}] if isinstance(value, str) else value if isinstance(value, list) else None
    if items is None:
        return (), [f"screening: expected include, exclude, maybe or a list of decisions, got {value!r}"]
    decisions, errors = [], []
    for number, item in enumerate(items, start=1):
        where = f"screening[{number}]" if isinstance(value, list) else "screening"
        if not isinstance(item, dict):
            errors.append(f"{where}: expected {{reviewer, stage, decision, reason}}, got {item!r}")
            continue
        stage = str(item.get("stage") or STAGES[0])
        decision = str(item.get("decision") or "")
        reason = str(item.get("reason") or "")
        if stage not in STAGES:
            errors.append(f"{where}: stage {stage!r} is not one of {', '.join(STAGES)}")
        elif decision not in DECISIONS[stage]:
            errors.append(f"{where}: decision {decision!r} is not one of {', '.join(DECISIONS[stage])}")
        elif decision == "exclude" and reasons and reason not in reasons:
            errors.append(f"{where}: exclusion reason {reason!r} is not in the review's list "
                          f"({', '.join(reasons)}); counted as 'other'")
            decisions.append(Decision(stage, decision, "other", str(item.get("reviewer") or "")))
        else:
            decisions.append(Decision(stage, decision, reason if decision == "exclude" else "",
                                      str(item.get("reviewer") or "")))
    return tuple(decisions), errors


def verdict(paper: Paper, stage: str) -> str:
    """The paper's decision at a stage: the reviewers' common decision, "conflict", or "" (not screened)."""
    latest: dict[str, Decision] = {}
    for decision in paper.screening:
        if decision.stage == stage:
            latest[decision.reviewer] = decision  # a reviewer's later line replaces their earlier one
    decided = {decision.decision for decision in latest.values()}
    if not decided:
        return ""
    return decided.pop() if len(decided) == 1 else "conflict"


def exclusion_reason(paper: Paper, stage: str) -> str:
    reasons = sorted({d.reason for d in paper.screening if d.stage == stage and d.decision == "exclude"})
    return "; ".join(reason or "no reason given" for reason in reasons) or "no reason given"


def conflicts(papers: list[Paper]) -> list[tuple[Paper, str, list[Decision]]]:
    return [(paper, stage, [d for d in paper.screening if d.stage == stage])
            for paper in papers for stage in STAGES if verdict(paper, stage) == "conflict"]


def queue(papers: list[Paper], criteria: str = "") -> tuple[list[tuple[Paper, float | None]], str]:
    """Papers not yet screened at title-abstract, the likeliest includes first, and how they were ranked:
    "model" (a model fitted on the decisions so far, once there is at least one include and one exclude,
    as ASReview does), "criteria" (closeness to the review's inclusion criteria) or "newest" (no score)."""
    todo = [paper for paper in papers if verdict(paper, STAGES[0]) == ""]
    decided = [(paper, verdict(paper, STAGES[0])) for paper in papers]
    labelled = [(paper, answer == "include") for paper, answer in decided if answer in ("include", "exclude")]
    method = "model" if len({label for _, label in labelled}) == 2 else "criteria" if criteria.strip() else "newest"
    if not todo or method == "newest":
        newest = sorted(todo, key=lambda paper: (paper.date or str(paper.year or ""), paper.id), reverse=True)
        return [(paper, None) for paper in newest], method
    scores = rank(todo, labelled if method == "model" else [], criteria)
    order = sorted(range(len(todo)), key=lambda i: (-scores[i], todo[i].id))
    return [(todo[i], float(scores[i])) for i in order], method


def text_of(paper: Paper) -> str:
    return f"{paper.title}. {paper.title}. {paper.abstract}"  # the title twice: it is what screeners read first


def rank(todo: list[Paper], labelled: list[tuple[Paper, bool]], criteria: str):
    """Scores for `todo`: P(include) from a logistic regression on TF-IDF of the decided papers, or the
    cosine to the criteria when the decisions are all of one kind."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1, ngram_range=(1, 2),
                                 max_features=50_000)
    vectorizer.fit([text_of(paper) for paper in todo] + [text_of(paper) for paper, _ in labelled] + [criteria])
    candidates = vectorizer.transform([text_of(paper) for paper in todo])
    if labelled:
        model = LogisticRegression(class_weight="balanced", max_iter=1000)
        model.fit(vectorizer.transform([text_of(paper) for paper, _ in labelled]),
                  [int(label) for _, label in labelled])
        return model.predict_proba(candidates)[:, 1]
    return (candidates @ vectorizer.transform([criteria]).T).toarray().ravel()
