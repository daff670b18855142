"""`litsite fetch` and `litsite resolve` on the command line (generator.cli hands them over)."""

from __future__ import annotations

import argparse
from datetime import datetime, timezone
from pathlib import Path

from rich.console import Console

from ..cli import EXIT_NOTHING, EXIT_OK, EXIT_ONLINE
from ..config import ConfigError, load_config, load_decisions
from ..dedup import deduplicate
from ..readers import read_sources, unique_ids
from .fetch import fetch_arxiv, fetch_hf_daily, known_arxiv_ids, write_fetched
from .files import CacheError, FetchLog, Resolved, apply_resolved
from .http import FetchError
from .resolve import ORDER, resolve
from .services import Services


def today(args: argparse.Namespace) -> str:
    return args.today or datetime.now(timezone.utc).date().isoformat()


def run_online(args: argparse.Namespace, console: Console) -> int:
    """Settings and the file the command keeps (fetched.json or resolved.json), then the command."""
    try:
        config = load_config(Path(args.project), Path(args.config) if args.config else None)
        kept = FetchLog.load(config.fetched) if args.command == "fetch" else Resolved.load(config.resolved)
    except (ConfigError, CacheError) as error:
        console.print(f"litsite: {error}", markup=False)
        return EXIT_NOTHING
    services = Services.from_settings(config.services)
    command = run_fetch if args.command == "fetch" else run_resolve
    return command(args, console, config, kept, services)


def run_fetch(args: argparse.Namespace, console: Console, config, log: FetchLog, services: Services) -> int:
    """Fetch new papers into the sources folder; record the files written in fetched.json."""
    client = services.client()
    folder = config.sources.relative_to(config.project).as_posix() if config.sources.is_relative_to(config.project) \
        else str(config.sources)
    day = today(args)
    try:
        if args.service == "arxiv":
            known = known_arxiv_ids(config.sources, config.project)
            fetched = fetch_arxiv(client, services, args.query, known, folder, day, config.project, args.max)
        else:
            fetched = fetch_hf_daily(client, services, args.first, args.last or args.first, folder, config.project)
    except FetchError as error:
        console.print(f"litsite fetch: {error}", markup=False, highlight=False)
        return EXIT_ONLINE
    write_fetched(fetched, config.project, log, args.service, day)
    log.save(config.fetched)
    for line in fetched.skipped:
        console.print(f"  skipped {line}", markup=False, highlight=False)
    for name in sorted(fetched.files):
        console.print(f"  wrote {name} ({fetched.entries[name]} entries)", markup=False, highlight=False)
    console.print(f"{sum(fetched.entries.values())} new entries in {len(fetched.files)} files"
                  + (f"; recorded in {config.fetched.name}" if fetched.files else "; nothing written"), markup=False)
    return EXIT_OK


def run_resolve(args: argparse.Namespace, console: Console, config, resolved: Resolved, services: Services) -> int:
    """Look up papers without arXiv id or DOI by title; keep what was found in resolved.json."""
    order = tuple(name.strip() for name in args.services.split(",")) if args.services else ORDER
    unknown = [name for name in order if name not in ORDER]
    if unknown:
        console.print(f"litsite resolve: unknown service {', '.join(unknown)} (known: {', '.join(ORDER)})", markup=False)
        return EXIT_NOTHING
    records, _ = read_sources(config.sources, config.project) if config.sources.exists() else ([], [])
    records, _ = apply_resolved(unique_ids(records), resolved)
    papers = deduplicate(records, load_decisions(config.dedup_decisions), config.limits).papers
    outcome = resolve(papers, resolved, services.client(), services, today(args), order, args.limit, args.retry,
                      save=lambda: resolved.save(config.resolved))
    for title in outcome.found_titles:
        console.print(f"  found {title}", markup=False, highlight=False)
    console.print(f"{outcome.looked_up} titles looked up, {outcome.found} identified; {outcome.already} already in "
                  f"{config.resolved.name}; {outcome.left} left for another run", markup=False, highlight=False)
    if outcome.error:
        console.print(f"litsite resolve: stopped: {outcome.error} (what was found so far is kept)", markup=False,
                      highlight=False)
        return EXIT_ONLINE
    return EXIT_OK
