"""Realistic synthetic corpora made from the default corpus, deterministic from a seed.

Titles and abstracts are recombined from the seed papers' own sentences and phrases; metadata (authors,
years, venues, upvotes) is drawn from distributions like the real ones; 15% of the works appear a second
time with the variations real exports show: other case, punctuation, a preprint/published pair, another
format. Output is split across BibTeX, RIS and Daily Papers text files.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FAMILIES = ["Wang", "Li", "Zhang", "Liu", "Chen", "Smith", "Müller", "García", "Kim", "Nguyen", "Rossi", "Sato",
            "Ivanov", "Kowalski", "Johnson", "Brown", "Singh", "Kumar", "Silva", "Dubois", "Andersson", "Cohen"]
GIVEN = ["Wei", "Anna", "Jun", "Maria", "David", "Yuki", "Omar", "Lena", "Ravi", "Sofia", "Tom", "Ines", "Ken"]
VENUES = ["NeurIPS", "ICML", "ICLR", "ACL", "EMNLP", "NAACL", "Transactions of the ACL", "Journal of Machine "
          "Learning Research", "AAAI", "CVPR", "Nature Machine Intelligence", "TMLR"]


def seed_material() -> tuple[list[str], list[str]]:
    """Titles and abstract sentences of the default corpus."""
    from generator.readers import read_sources

    records, _ = read_sources(REPO / "sources", REPO)
    titles = sorted({record.title for record in records})
    sentences = sorted({s.strip() for record in records for s in re.split(r"(?<=[.!?])\s+", record.abstract)
                        if 40 < len(s) < 400})
    return titles, sentences


def make_works(count: int, seed: int = 1) -> list[dict]:
    chooser = random.Random(seed)
    titles, sentences = seed_material()
    heads = [t.split(":")[0] for t in titles if ":" in t]
    tails = [re.sub(r"^[^:]*:\s*", "", t) for t in titles]
    works = []
    seen: set[str] = set()
    while len(works) < count:
        if chooser.random() < 0.7:
            title = f"{chooser.choice(heads)}: {chooser.choice(tails)}"
        else:
            words = chooser.choice(titles).split()
            title = " ".join(chooser.sample(words, k=min(8, len(words))))
        title = f"{title} ({len(works)})" if title.lower() in seen else title
        seen.add(title.lower())
        authors = [f"{chooser.choice(FAMILIES)}, {chooser.choice(GIVEN)}" for _ in range(chooser.randint(1, 9))]
        works.append({
            "title": title,
            "abstract": " ".join(chooser.sample(sentences, k=chooser.randint(5, 9))),
            "authors": authors,
            "year": chooser.choices(range(2015, 2026), weights=[1, 1, 2, 2, 3, 4, 6, 9, 14, 20, 18])[0],
            "venue": chooser.choice(VENUES),
            "arxiv": f"{chooser.randint(15, 25):02d}{chooser.randint(1, 12):02d}.{len(works):05d}",
            "upvotes": int(chooser.paretovariate(1.3)) - 1,
        })
    return works


def bibtex(work: dict, key: str, published: bool) -> str:
    venue = f"  booktitle = {{{work['venue']}}},\n  doi = {{10.5555/synthetic.{key}}},\n" if published else \
        f"  journal = {{arXiv preprint arXiv:{work['arxiv']}}},\n"
    return (f"@{'inproceedings' if published else 'article'}{{{key},\n  title = {{{work['title']}}},\n"
            f"  author = {{{' and '.join(work['authors'])}}},\n  year = {{{work['year']}}},\n{venue}"
            f"  abstract = {{{work['abstract']}}}\n}}\n")


def ris(work: dict, key: str) -> str:
    lines = ["TY  - JOUR", f"ID  - {key}", f"TI  - {work['title'].upper()}"]  # exports that shout
    lines += [f"AU  - {author}" for author in work["authors"]]
    lines += [f"PY  - {work['year']}", f"T2  - {work['venue']}", f"AB  - {work['abstract']}", "ER  - ", ""]
    return "\n".join(lines) + "\n"


def daily(work: dict) -> str:
    month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][work["year"] % 12]
    return (f"{work['title'].rstrip('.')}\n\n{work['abstract']}\n\n  • {len(work['authors'])} authors\n·\n"
            f"{month} {1 + work['year'] % 28}, {work['year']} {work['upvotes']}\n\n")


def write_corpus(folder: Path, records: int, seed: int = 1, duplicate_share: float = 0.15) -> dict:
    """`records` records in about `records * (1 - share)` works; returns what was written."""
    folder.mkdir(parents=True, exist_ok=True)
    works = make_works(round(records / (1 + duplicate_share)), seed)
    chooser = random.Random(seed + 1)
    bib, ris_text, text = [], [], []
    duplicates = 0
    for index, work in enumerate(works):
        target = chooser.random()
        key = f"w{index:06d}"
        if target < 0.45:
            bib.append(bibtex(work, key, published=chooser.random() < 0.5))
        elif target < 0.7:
            ris_text.append(ris(work, key))
        else:
            text.append(daily(work))
    total = len(works)
    while total < records:  # the duplicates, with the variations real exports show
        work = works[chooser.randrange(len(works))]
        variant = chooser.random()
        key = f"d{duplicates:06d}"
        if variant < 0.4:
            bib.append(bibtex(work, key, published=True))  # published version of a preprint (or again)
        elif variant < 0.7:
            ris_text.append(ris(work, key))
        else:
            text.append(daily({**work, "title": work["title"].lower() + "."}))
        duplicates += 1
        total += 1
    for name, parts, per_file in (("library", bib, 5000), ("export", ris_text, 5000), ("daily", text, 2000)):
        for start in range(0, len(parts), per_file):
            suffix = {"library": "bib", "export": "ris", "daily": "txt"}[name]
            (folder / f"{name}_{start // per_file:03d}.{suffix}").write_text("".join(parts[start:start + per_file]),
                                                                            encoding="utf-8")
    return {"records": total, "works": len(works), "duplicates": duplicates}
