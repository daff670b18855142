"""How good are litsite's related papers, tags and topics? Scores and samples to judge by reading.

    python benchmarks/quality.py [--sources DIR] [--seed N] [--lists 10] [--pairs 50] [--judged FILE]

On a collection (the default corpus, or the source files in DIR: read, deduplicated and enriched as
`litsite generate` does), it prints:
- the judged development set (../shared/judged/default_corpus.json; default corpus only): how many of the
  links and tags a reader judged relevant / unrelated the current code still shows;
- related-paper links and (paper, tag) pairs judged in benchmarks/judged/ (any collection holding their
  papers): how many of those judged R, L and U are still shown, and the share of relevant among them; how
  many tags judged right (R) and wrong (W) are still given;
- related papers: how many papers list 0..5, and `--lists` random papers' lists with the shared terms, to
  judge (R relevant, L loosely related, U unrelated) by reading the abstracts;
- tags: share of papers without a tag, the largest tag's share, and `--pairs` random (paper, tag) pairs
  with the sentence that gave the tag, to judge;
- topics: count, largest share, and the mean NPMI of each topic's 10 terms over the collection's abstracts;
  the grouping alone scored the same way (each topic's 10 strongest terms in the mean TF-IDF of its papers,
  so that the terms a topic shows do not decide it); and both for plain TF-IDF + NMF at the same count
  (unigrams, litsite's stop words, each paper in its strongest component): the baseline issue #14 set.
Random draws depend only on --seed; report the seed with your judgments.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import warnings
from collections import Counter
from itertools import combinations
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.config import DEFAULT_VOCABULARY, load_config  # noqa: E402
from generator.dedup import deduplicate  # noqa: E402
from generator.enrich.related import RelatedPapers  # noqa: E402
from generator.enrich.tagging import Tagging  # noqa: E402
from generator.enrich.text_features import STOP_WORDS  # noqa: E402
from generator.enrich.tags import load_vocabulary, tag_pattern  # noqa: E402
from generator.enrich.text_features import readable  # noqa: E402
from generator.enrich.topics import TopicModel  # noqa: E402
from generator.normalize import title_key  # noqa: E402
from generator.readers import read_sources  # noqa: E402

JUDGED = REPO.parent / "shared" / "judged" / "default_corpus.json"
OWN_JUDGED = REPO / "benchmarks" / "judged" / "default_seed41_abstract_tags.json"  # judged in session 9
OWN_RELATED = sorted((REPO / "benchmarks" / "judged").glob("related_session*.json"))  # links judged by sessions
OWN_TAGS = sorted((REPO / "benchmarks" / "judged").glob("tags_session*.json"))  # (paper, tag) pairs judged by sessions
WORD = re.compile(r"[a-z][a-z0-9\-]+")


def npmi(terms: list[str], documents: list[set[str]]) -> float:
    """Mean normalized pointwise mutual information of the terms' pairs, by document co-occurrence
    (a bigram term occurs where both its words do)."""
    def occurs(term: str) -> set[int]:
        words = term.lower().split()  # terms are shown as texts write them ("SSMs"), documents are lowercase
        return {index for index, document in enumerate(documents) if all(word in document for word in words)}
    where = {term: occurs(term) for term in terms}
    total = len(documents)
    scores = []
    for a, b in combinations(terms, 2):
        both = len(where[a] & where[b])
        if not where[a] or not where[b]:
            continue
        if both == 0:
            scores.append(-1.0)
            continue
        joint = both / total
        pmi = math.log(joint / (len(where[a]) / total * len(where[b]) / total))
        scores.append(pmi / -math.log(joint) if joint < 1 else 1.0)
    return sum(scores) / len(scores) if scores else 0.0


def sentence_with(text: str, pattern: re.Pattern) -> str:
    match = pattern.search(text)
    if not match:
        return ""
    start = max(text.rfind(". ", 0, match.start()) + 2, match.start() - 150)
    end = text.find(". ", match.end())
    return text[start:end + 1 if end > 0 else match.end() + 150].strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sources", type=Path, default=REPO / "sources")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--lists", type=int, default=10)
    parser.add_argument("--pairs", type=int, default=50)
    parser.add_argument("--judged", type=Path, default=JUDGED)
    arguments = parser.parse_args()

    config = load_config(REPO)
    records, _ = read_sources(arguments.sources, arguments.sources.parent)
    papers, _ = readable(deduplicate(records).papers)  # as `litsite generate` reads them
    related = RelatedPapers(config.related_count, config.extra_stop_words)
    papers = related(papers)
    tagging = Tagging(load_vocabulary(config.vocabulary), config.title_tags,  # as `litsite generate` does
                      shipped=config.vocabulary == DEFAULT_VOCABULARY)
    papers = tagging(papers)
    tags, broad = tagging.tags, tagging.broad
    topics = TopicModel(config.topic_count, extra_stop_words=config.extra_stop_words)
    papers_with_topics = topics(papers)
    by_id = {paper.id: paper for paper in papers}
    print(f"# {arguments.sources}: {len(papers)} papers, seed {arguments.seed}\n")

    by_title = {title_key(paper.title): paper for paper in papers}
    if arguments.judged.exists() and arguments.sources.resolve() == (REPO / "sources").resolve():
        judged = json.loads(arguments.judged.read_text(encoding="utf-8"))
        shown, total = Counter(), Counter()
        for item in judged["related"]:
            paper, other = by_title.get(title_key(item["paper"])), by_title.get(title_key(item["related"]))
            if paper and other:
                total[item["verdict"]] += 1
                shown[item["verdict"]] += other.id in {link.paper_id for link in paper.related}
        print("## Judged development set")
        print("related links still shown: " + ", ".join(f"{verdict} {shown[verdict]}/{total[verdict]}" for verdict in "RLU"))
        for name, path in (("development set", arguments.judged), ("seed 41, abstract-only tags", OWN_JUDGED)):
            given, mentioned, tag_total = Counter(), Counter(), Counter()
            for item in json.loads(path.read_text(encoding="utf-8"))["tags"]:
                paper = by_title.get(title_key(item["paper"]))
                if paper:
                    tag_total[item["verdict"]] += 1
                    given[item["verdict"]] += item["tag"] in paper.tags
                    mentioned[item["verdict"]] += item["tag"] in paper.mentions
            print(f"{name}: tags still given: " + ", ".join(
                f"{verdict} {given[verdict]}/{tag_total[verdict]} (and {mentioned[verdict]} as mentions)"
                for verdict in ("yes", "no")))
        print()

    own_related = [(path.stem, collection, items) for path in OWN_RELATED
                   for collection, items in json.loads(path.read_text(encoding="utf-8")).items()]
    for judged_in, collection, items in own_related:
        if collection == "about":
            continue
        found = [(by_title.get(title_key(item["paper"])), by_title.get(title_key(item["related"])), item["verdict"])
                 for item in items]
        found = [(paper, other, verdict) for paper, other, verdict in found if paper and other]
        if found:
            total = Counter(verdict for _, _, verdict in found)
            shown = Counter(verdict for paper, other, verdict in found
                            if other.id in {link.paper_id for link in paper.related})
            print(f"## Related links judged in {judged_in.replace('related_', '').replace('session', 'session ')} "
                  f"({collection}): still shown "
                  + ", ".join(f"{verdict} {shown[verdict]}/{total[verdict]}" for verdict in "RLU")
                  + f"; relevant among those shown {shown['R'] / max(sum(shown.values()), 1):.0%}\n")

    for path in OWN_TAGS:
        for collection, items in json.loads(path.read_text(encoding="utf-8")).items():
            found = [(by_title.get(title_key(item["paper"])), item["tag"], item["verdict"])
                     for item in items if collection != "about"]
            found = [(paper, tag, verdict) for paper, tag, verdict in found if paper]
            if found:
                total = Counter(verdict for _, _, verdict in found)
                given = Counter(verdict for paper, tag, verdict in found if tag in paper.tags)
                print(f"## Tags judged in {path.stem.replace('tags_', '').replace('session', 'session ')} "
                      f"({collection}): still given right {given['R']}/{total['R']}, wrong {given['W']}/{total['W']}\n")

    rng = random.Random(arguments.seed)
    counts = Counter(len(paper.related) for paper in papers)
    print("## Related papers")
    print(f"minimum score {related.minimum:.3f} (words part {related.words_minimum:.3f}); papers listing n related: "
          + ", ".join(f"{n}: {counts[n]}" for n in range(config.related_count + 1)))
    for paper in rng.sample(papers, min(arguments.lists, len(papers))):
        print(f"\n### {paper.title}\n    {paper.abstract[:400]}")
        for link in paper.related:
            other = by_id[link.paper_id]
            print(f"  - {link.score:.3f} {other.title}  [{', '.join(link.shared_terms)}]\n      {other.abstract[:200]}")
        if not paper.related:
            print("  (none)")

    tagged = [paper for paper in papers if paper.tags]
    tag_counts = Counter(tag for paper in papers for tag in paper.tags)
    mentions = sum(len(paper.mentions) for paper in papers)
    print("\n## Tags")
    print(f"papers without a tag: {len(papers) - len(tagged)} of {len(papers)} "
          f"({(len(papers) - len(tagged)) / max(len(papers), 1):.0%}); largest tag: "
          + ", ".join(f"{tag} {count / len(papers):.0%}" for tag, count in tag_counts.most_common(3)))
    print(f"(paper, tag) pairs: {sum(tag_counts.values())}; mentions (tags only the abstract repeats, on papers "
          f"whose titles name other tags; not sampled below): {mentions}")
    if tagging.set_aside:
        print("litsite's vocabulary was set aside: it does not describe this collection")
    print("tags on more than a quarter of the papers, cut to the papers whose title names them: "
          + (", ".join(f"{slug} {before} -> {after}" for slug, (before, after) in sorted(broad.capped.items()))
             or "none"))
    pairs = [(paper, tag) for paper in papers for tag in paper.tags]
    for paper, tag in rng.sample(pairs, min(arguments.pairs, len(pairs))):
        evidence = sentence_with(paper.title + ". " + paper.abstract, tag_pattern(tags[tag]))
        print(f"- [{tag}] {paper.title[:100]}\n      … {evidence[:300]}")

    documents = [set(WORD.findall((paper.title + " " + paper.abstract).lower())) for paper in papers]
    sizes = Counter(paper.topic for paper in papers_with_topics)
    scores = [npmi(list(topic.terms[:10]), documents) for topic in topics.topics.values()]
    print("\n## Topics")
    print(f"{len(topics.topics)} topics; largest holds {max(sizes.values()) / len(papers):.0%} of papers; "
          f"mean NPMI of the 10 terms {sum(scores) / max(len(scores), 1):.3f}")
    for topic, score in zip(topics.topics.values(), scores):
        print(f"- {topic.label} ({sizes[topic.key]} papers, NPMI {score:.3f}): {', '.join(topic.terms[:10])}")
    texts = [paper.title + ". " + paper.abstract for paper in papers]
    groups = [paper.topic for paper in papers_with_topics]
    print(f"grouping NPMI (10 strongest terms of each topic's mean TF-IDF): {grouping_npmi(texts, groups, documents):.3f}")
    terms_score, group_score, largest = nmf_baseline(texts, len(topics.topics), documents)
    print(f"plain TF-IDF + NMF at k={len(topics.topics)}: NPMI of its 10 terms {terms_score:.3f}, grouping NPMI "
          f"{group_score:.3f}, largest topic {largest:.0%}")


def plain_tfidf(texts: list[str]):
    from sklearn.feature_extraction.text import TfidfVectorizer
    features = TfidfVectorizer(stop_words=sorted(STOP_WORDS), min_df=2, max_df=0.5, token_pattern=WORD.pattern)
    with warnings.catch_warnings():  # a few foreign stop words tokenize apart ("ber"): harmless here
        warnings.simplefilter("ignore", UserWarning)
        matrix = features.fit_transform([text.lower() for text in texts])
    return matrix, features.get_feature_names_out()


def grouping_npmi(texts: list[str], groups: list, documents: list[set[str]]) -> float:
    """Mean NPMI of the 10 strongest terms of each group's mean TF-IDF (groups of 2+ papers)."""
    matrix, names = plain_tfidf(texts)
    labels = np.array([str(group) for group in groups])
    scores = []
    for group in sorted(set(labels)):
        rows = np.flatnonzero(labels == group)
        if len(rows) < 2:
            continue
        centroid = np.asarray(matrix[rows].mean(axis=0)).ravel()
        scores.append(npmi([names[index] for index in np.argsort(-centroid, kind="stable")[:10]], documents))
    return sum(scores) / max(len(scores), 1)


def nmf_baseline(texts: list[str], count: int, documents: list[set[str]]) -> tuple[float, float, float]:
    """Plain TF-IDF + NMF at `count` topics: NPMI of each component's 10 terms, grouping NPMI of the
    papers each in its strongest component, and the largest group's share."""
    from sklearn.decomposition import NMF
    matrix, names = plain_tfidf(texts)
    model = NMF(n_components=count, init="nndsvd", random_state=0, max_iter=400)
    weights = model.fit_transform(matrix)
    terms = [npmi([names[index] for index in np.argsort(-row, kind="stable")[:10]], documents)
             for row in model.components_]
    groups = list(weights.argmax(axis=1))
    largest = Counter(groups).most_common(1)[0][1] / len(groups)
    return sum(terms) / len(terms), grouping_npmi(texts, groups, documents), largest


if __name__ == "__main__":
    main()
