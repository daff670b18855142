"""The reviewer's side: notes on papers (notes.py) and curation from litsite.yml (curation.py) applied to
the enriched papers, published URLs and topics pinned (permalinks.py), screening decisions from notes, the
screening queue and the PRISMA flow (screening.py, prisma.py, pages.py)."""
