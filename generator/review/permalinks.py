"""Stable links: a paper's URL, once published, changes only when its own title does, and then the old URL
redirects to the new one. A topic keeps its published key (URL) and label while it stays recognisably the
same group, though topics are found afresh on every run.

The mapping lives in a committed file the generator maintains (`permalinks.json` by default), so links
survive across machines and CI. For each published slug it keeps the paper id, its title key and its
record ids; a paper whose id changed (a re-titled paper without DOI or arXiv id) is recognised by its
records.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from rapidfuzz import fuzz

from ..dedup import dedup_title_key
from ..model import UNSORTED, Paper, Topic
from ..writer import write_if_changed

VERSION = 1


@dataclass
class Permalinks:
    papers: dict[str, dict] = field(default_factory=dict)  # slug -> {"id", "title_key", "records", "topic"}
    redirects: dict[str, str] = field(default_factory=dict)  # old slug -> current slug
    topics: dict[str, dict] = field(default_factory=dict)  # key -> {"terms", "label"} as last published
    topic_redirects: dict[str, str] = field(default_factory=dict)  # gone topic key -> the live one

    @classmethod
    def load(cls, path: Path) -> "Permalinks":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(dict(data.get("papers", {})), dict(data.get("redirects", {})), dict(data.get("topics", {})),
                       dict(data.get("topic_redirects", {})))
        except FileNotFoundError:
            return cls()
        except (ValueError, AttributeError, TypeError) as error:
            raise ValueError(f"{path}: not a permalinks file ({error}); restore it from git or delete it "
                             "(every URL would then be assigned afresh)") from error

    def dump(self) -> str:
        return json.dumps({"version": VERSION, "papers": dict(sorted(self.papers.items())),
                           "redirects": dict(sorted(self.redirects.items())),
                           "topics": dict(sorted(self.topics.items())),
                           "topic_redirects": dict(sorted(self.topic_redirects.items()))},
                          indent=1, ensure_ascii=False) + "\n"

    def save(self, path: Path) -> bool:
        return write_if_changed(path, self.dump())

    def publish_topics(self, pinned: dict[str, Topic], namer: str, members: dict[str, set[str]],
                       previous: dict[str, set[str]], asked: int | None = None) -> None:
        """Record the topics as published now, and redirect the published ones that are gone. `asked`: the
        topic count set in litsite.yml, recorded with each topic (the fit can give another number)."""
        self.topic_redirects = topic_redirects(self.topics, pinned, members, previous, self.topic_redirects)
        self.topics = {topic.key: {"terms": list(topic.terms), "label": topic.label, "namer": namer,
                                   "named": topic.named, **({"asked": asked} if asked is not None else {})}
                       for topic in pinned.values() if topic.key != UNSORTED.key}

    def paper_topics(self) -> dict[str, tuple[str, bool, float | None]]:
        """Paper id -> its topic key when last published, whether the fit (not nearness) put it there, and
        its centrality there."""
        return {entry["id"]: (entry["topic"], not entry.get("placed", False), entry.get("centrality"))
                for entry in self.papers.values() if isinstance(entry.get("topic"), str) and "id" in entry}

    def record_topics(self, papers, placed: set[str]) -> None:
        """Keep each paper's topic, centrality and whether nearness placed it beside its slug, for the next
        run (TopicModel.keep)."""
        for paper in papers:
            entry = self.papers.get(paper.slug)
            if entry is None:
                continue
            entry["topic"], entry["centrality"] = paper.topic, paper.centrality
            if paper.id in placed:
                entry["placed"] = True
            else:
                entry.pop("placed", None)

    def previous_slugs(self) -> dict[str, str]:
        """Old slugs and ids -> the current paper id (for notes written against a paper's old name)."""
        return {alias: entry["id"] for entry in self.papers.values() for alias in entry.get("aliases", [])}


def stabilize(papers: list[Paper], links: Permalinks) -> tuple[list[Paper], Permalinks]:
    """Pin each known paper to its published slug unless its title changed; redirect changed slugs."""
    by_id = {entry["id"]: slug for slug, entry in links.papers.items()}
    by_record: dict[str, str] = {}
    for slug, entry in links.papers.items():
        for record_id in entry.get("records", []):
            by_record.setdefault(record_id, slug)
    claimed: set[str] = set()
    result: list[Paper] = []
    moved: dict[str, str] = {}
    def predecessor(paper: Paper, key: str) -> str | None:
        """The slug this paper had, by id, else by a record it shares. A positional id (file:line, from
        formats without keys) only counts with a similar title: other lines shift when one is removed."""
        if paper.id in by_id:
            return by_id[paper.id]
        for record in paper.records:
            slug = by_record.get(record.record_id)
            if slug is None:
                continue
            positional = record.record_id == str(record.location)
            if not positional or fuzz.token_set_ratio(links.papers[slug].get("title_key", ""), key) >= 60:
                return slug
        return None

    for paper in papers:
        key = dedup_title_key(paper.title)
        old_slug = predecessor(paper, key)
        slug = paper.slug
        if old_slug and old_slug not in claimed:
            if links.papers[old_slug].get("title_key") == key:
                slug = old_slug  # same title: the published URL stays, whatever else changed
            elif old_slug != slug:
                moved[old_slug] = slug  # re-titled: a new URL, and the old one redirects to it
        claimed.add(slug)
        result.append(paper if slug == paper.slug else replace(paper, slug=slug))

    live = {paper.slug for paper in result}
    new_links = Permalinks()
    for paper in result:
        entry = {"id": paper.id, "title_key": dedup_title_key(paper.title),
                 "records": sorted(r.record_id for r in paper.records)}
        # Old ids and slugs stay names of the paper, so notes written against them keep working.
        old_slug = next((old for old, new in moved.items() if new == paper.slug), None)
        previous = links.papers.get(old_slug, {}) if old_slug else links.papers.get(paper.slug, {})
        # Its topic as last published (and whether nearness placed it there) stay until topics are found.
        entry.update({name: previous[name] for name in ("topic", "centrality", "placed") if name in previous})
        aliases = set(previous.get("aliases", []))
        if old_slug:
            aliases |= {old_slug, previous.get("id", "")}
        aliases -= {"", paper.id, paper.slug}
        if aliases:
            entry["aliases"] = sorted(aliases)
        new_links.papers[paper.slug] = entry
    new_links.redirects = settled({**links.redirects, **moved}, live)  # a paper re-titled twice: a chain
    new_links.topics = links.topics  # pinned later, once topics are found (pin_topics)
    new_links.topic_redirects = links.topic_redirects
    return result, new_links


PIN_OVERLAP = 0.3  # share of key terms (of both topics' together) that makes a new topic the old one


def pin_topics(topics: list[Topic], published: dict[str, dict], namer: str = "",
               members: dict[str, set[str]] | None = None, previous: dict[str, set[str]] | None = None
               ) -> dict[str, Topic]:
    """Each freshly found topic (by its own key) as it should appear: under the key of the published topic
    it most resembles, and with that topic's label while its three leading terms are the same ones.

    Topics are refitted on every run, so one edited abstract can reorder two nearly equal terms and with
    them a topic's key, URL and label; every page of that topic was then rewritten. Matching by shared key
    terms (best pairs first) keeps what readers bookmarked and what litsite.yml labels by key. With the
    papers of each fresh topic (`members`, by its own key) and of each published one (`previous`), a topic
    that holds most of a published topic's papers takes its key first, whatever its terms."""
    def term_set(terms) -> set[str]:
        return {str(term).lower() for term in terms}

    members, previous = members or {}, previous or {}
    pairs = []
    for topic in topics:
        mine = members.get(topic.key, set())
        for old_key, theirs in previous.items():
            shared = len(mine & theirs)
            if old_key in published and shared * 2 > len(theirs):  # most of its papers stay together
                pairs.append((-1.0 - shared / len(theirs), topic.key, old_key))
    for topic in topics:
        mine = term_set(topic.terms)
        for old_key, entry in published.items():
            theirs = term_set(entry.get("terms", []))
            overlap = len(mine & theirs) / len(mine | theirs) if mine and theirs else 0.0
            if overlap >= PIN_OVERLAP:
                pairs.append((-overlap, topic.key, old_key))
    matched: dict[str, str] = {}
    for _, new_key, old_key in sorted(pairs):
        if new_key not in matched and old_key not in matched.values():
            matched[new_key] = old_key
    taken = set(matched.values())
    pinned = {}
    for topic in topics:
        if topic.key in matched:
            old = published[matched[topic.key]]
            same_lead = term_set(topic.terms[:3]) == term_set(old.get("terms", [])[:3])
            # A label made the same way is kept while the leading terms stay; one made by an older namer
            # (a list of terms) gives way once to the new name.
            kept = same_lead and isinstance(old.get("label"), str) and old.get("namer", "") == namer
            label = old["label"] if kept else topic.label
            named = bool(old.get("named", topic.named)) if kept else topic.named
            pinned[topic.key] = replace(topic, key=matched[topic.key], label=label, named=named)
            continue
        key = topic.key
        while key in taken:
            key += "-2"
        taken.add(key)
        pinned[topic.key] = replace(topic, key=key)
    return pinned


def settle_topics(papers: list[Paper], assigned: list[tuple[str, float]], found: dict[str, Topic], placed: set[str],
                  links: Permalinks, kept: bool, namer: str,
                  asked: int | None = None) -> tuple[list[Paper], list[Topic]]:
    """The papers in their topics (assigned: each paper's topic by the fit's own key, and centrality) under
    the keys published before (pin_topics; unless the topics were kept as published), and the topics;
    `links` records both, with redirects for published topics that are gone. `asked`: the topic count set."""
    previous = links.paper_topics()
    members = topic_members(papers, [key for key, _ in assigned], previous)
    pinned = dict(found) if kept else pin_topics(list(found.values()), links.topics, namer, *members)
    links.publish_topics(pinned, namer, *members, asked=asked)
    papers = [replace(paper, topic=pinned[key].key if key in pinned else key, centrality=centrality)
              for paper, (key, centrality) in zip(papers, assigned)]
    links.record_topics(papers, placed)
    return papers, list(pinned.values())


def topic_members(papers: list[Paper], keys: list[str], previous: dict[str, tuple]) -> tuple[dict, dict]:
    """The papers of each fresh topic (keys: each paper's, by the fit's own keys) and of each topic as last
    published (previous: Permalinks.paper_topics())."""
    members: dict[str, set[str]] = {}
    for paper, key in zip(papers, keys):
        members.setdefault(key, set()).add(paper.id)
    published: dict[str, set[str]] = {}
    for paper_id, (key, *_) in previous.items():
        published.setdefault(key, set()).add(paper_id)
    return members, published


def topic_redirects(published: dict[str, dict], pinned: dict[str, Topic], members: dict[str, set[str]],
                    previous: dict[str, set[str]], redirects: dict[str, str]) -> dict[str, str]:
    """Old topic key -> the live topic that took most of its papers, for published topics no fresh topic
    took the key of (their URLs redirect there); earlier redirects are kept, followed through chains, and
    dropped once their key is live again."""
    live = {topic.key for topic in pinned.values()}
    result = dict(redirects)
    for old_key in published:
        if old_key in live or not previous.get(old_key):
            continue
        counts = {pinned[key].key: len(members.get(key, set()) & previous[old_key]) for key in pinned}
        best = max(sorted(counts), key=lambda key: counts[key], default=None)
        if best is not None and counts[best]:
            result[old_key] = best
    return settled(result, live)


def settled(redirects: dict[str, str], live: set[str]) -> dict[str, str]:
    """Redirects with chains followed to their end; those whose old name is live again, or whose end is
    not live, dropped."""
    result = {}
    for old, target in redirects.items():
        seen = {old}
        while target in redirects and target not in seen and target not in live:
            seen.add(target)
            target = redirects[target]
        if old not in live and target in live:
            result[old] = target
    return result


def redirect_page(target_slug: str, what: str = "paper") -> str:
    """A static page at the old URL sending the reader (and search engines) to the new one."""
    target = f"../{target_slug}/"
    return (f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Moved</title>\n'
            f'<link rel="canonical" href="{target}">\n<meta http-equiv="refresh" content="0; url={target}">\n'
            f'<meta name="robots" content="noindex">\n</head>\n<body>\n<p>This {what} moved to '
            f'<a href="{target}">its new page</a>.</p>\n</body>\n</html>\n')
