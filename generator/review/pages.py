"""The screening pages: the queue and conflicts, the PRISMA flow diagram, one list per box of the diagram,
and the included studies as downloads. A page family of its own, rendered from the site's context (render/context.py)."""

from __future__ import annotations

from ..render import export
from ..render.context import Site
from ..model import Page
from .prisma import flow
from .screening import QUEUE_SHOWN, STAGES, conflicts, queue, verdict


def screening_pages(site: Site) -> list[Page]:
    papers, config = site.corpus.papers, site.config
    diagram = flow(site.report, config.databases)
    pages = [site.render("prisma.md.j2", "screening/prisma.md", flow=diagram)]
    for box in diagram.boxes.values():
        if box.papers is not None and box.path.startswith("screening/") and box.path != "screening/index.md":
            pages += site.paginated("screening_list.md.j2", box.path.removesuffix(".md"), box.papers, box=box)
    ranked, method = queue(papers, config.criteria)
    labelled = sum(verdict(paper, STAGES[0]) in ("include", "exclude") for paper in papers)
    pages.append(site.render(
        "screening_index.md.j2", "screening/index.md", flow=diagram, queue=ranked[:QUEUE_SHOWN], todo=len(ranked),
        conflicts=conflicts(papers), reasons=config.exclusion_reasons, labelled=labelled, ranked=method))
    included = diagram["included"].papers
    keys = site.common["citation_keys"]
    urls = {paper.id: f"papers/{paper.slug}/" for paper in included}
    pages += [Page("downloads/included.bib", export.papers_bib(included, keys)),
              Page("downloads/included.ris", export.papers_ris(included, keys)),
              Page("downloads/included.csv", export.papers_csv(included, urls))]
    return pages
