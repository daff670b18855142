"""The `litsite` command: generate the Markdown, build the site with MkDocs, or serve it.

Exit codes (for scripts and CI):
  0  the site was generated (rejected records are reported, not fatal)
  1  --strict, and a record was rejected or a warning raised
  2  nothing could be generated: bad settings, or no source could be read
  3  MkDocs failed to build or serve the site
  4  a file could not be read or written (a read-only folder, a full disk): the next run repairs
  5  fetch or resolve: a service could not be reached or kept refusing (nothing half-fetched is written)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import time
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .config import ConfigError, load_config
from .report import counted

if TYPE_CHECKING:
    from rich.console import Console

# The site's stages (pipeline: scikit-learn, the embeddings; the MkDocs plugin) load only for the commands
# that generate: `litsite dedup`, `fetch` and `resolve` start in a fraction of the time, and `dedup`, which
# prints one line, does without rich.

EXIT_OK, EXIT_STRICT, EXIT_NOTHING, EXIT_MKDOCS, EXIT_FILES, EXIT_ONLINE = 0, 1, 2, 3, 4, 5


STAGE_NAMES = {"check": "checking for changes", "read": "reading sources", "dedup": "deduplicating",
               "enrich": "tagging, grouping, relating", "notes": "applying your notes", "render": "rendering pages",
               "write": "writing pages"}


def run_generate(args: argparse.Namespace, console: Console) -> int:
    from .pipeline import NothingToGenerate, generate
    from .progress import RichProgress
    from .report import print_summary

    try:
        config = load_config(Path(args.project), Path(args.config) if args.config else None)
        if console.is_terminal:  # progress only for people; logs and CI get the summary alone
            with RichProgress(console, STAGE_NAMES) as progress:
                result = generate(config, progress=progress)
        else:
            result = generate(config)
    except (ConfigError, NothingToGenerate) as error:
        console.print(f"litsite: {error}", markup=False, highlight=False)
        return EXIT_NOTHING
    except OSError as error:  # the machine, not the input: a read-only folder, a full disk, a vanished mount
        where = f" {error.filename}" if error.filename else ""
        console.print(f"litsite: could not write or read{where}: {error.strerror or error}. Nothing of yours was "
                      "changed; once the folder is writable (or the disk has room), the next run writes what "
                      "is missing.", markup=False, highlight=False)
        return EXIT_FILES
    if result.unchanged is not None:
        saved = result.unchanged
        console.print(f"Nothing changed since the last run: {counted(saved['files'], 'file')} up to date "
                      f"({counted(saved['entries'], 'entry', 'entries')} read = {counted(saved['papers'], 'paper')} + "
                      f"{saved['merged']} merged + {saved['rejected']} rejected; {counted(saved['warnings'], 'warning')}, "
                      "listed on the Report page).", markup=False, highlight=False)
        if args.profile:
            console.print(f"  check    {result.timings.get('check', 0):7.2f} s", markup=False)
        strict_problems = saved["rejected"] + saved["warnings"]
        return EXIT_STRICT if args.strict and strict_problems else EXIT_OK
    print_summary(result.report, console)
    written = result.written
    console.print(f"{counted(len(written.written), 'file')} written, {written.unchanged} unchanged, "
                  f"{len(written.deleted)} removed in {config.content}", markup=False, highlight=False)
    if args.profile:
        for stage, seconds in result.timings.items():
            console.print(f"  {stage:<8} {seconds:7.2f} s", markup=False, highlight=False)
    if args.strict and result.report.all_problems:
        console.print(f"litsite: --strict: {len(result.report.all_problems)} problem(s)", markup=False)
        return EXIT_STRICT
    return EXIT_OK


def site_settings(args: argparse.Namespace, console: Console) -> Path | None:
    """The project's mkdocs.yml, or None with a message saying what the site needs (before any work)."""
    settings = Path(args.project) / "mkdocs.yml"
    if settings.is_file():
        return settings
    console.print(f"litsite: no mkdocs.yml in {Path(args.project).resolve()}: `litsite {args.command}` makes the site that "
                  "mkdocs.yml describes, with theme_overrides/ and content/assets/ beside it. Start from a clone of "
                  "the litsite repository and put your files in its sources/ (the README's \"Using "
                  "it\"), or run `litsite generate` for the Markdown pages alone.", markup=False, highlight=False)
    return None


def run_mkdocs(args: argparse.Namespace, command: list[str], console: Console) -> int:
    from .site.plugin import PROFILE_VARIABLE

    settings = site_settings(args, console)
    if settings is None:
        return EXIT_NOTHING
    status = run_generate(args, console)
    if status != EXIT_OK:
        return status
    mkdocs = [sys.executable, "-m", "mkdocs", *command, "-f", str(settings)]
    profile = getattr(args, "profile", False)
    start = time.perf_counter()
    code = subprocess.call(mkdocs, env={**os.environ, PROFILE_VARIABLE: "1"} if profile else None)
    if profile:
        console.print(f"  mkdocs   {time.perf_counter() - start:7.2f} s (the litsite plugin's lines above "
                      "split it)", markup=False, highlight=False)
    return EXIT_OK if code == 0 else EXIT_MKDOCS


def run_serve(args: argparse.Namespace, console: Console) -> int:
    """Generate (printing the report), then `mkdocs serve`: while it serves, the litsite plugin regenerates
    inside each rebuild when sources, notes or settings change, reusing the enriched papers when only notes
    changed, and MkDocs' live reload refreshes the browser once."""
    from .site.plugin import CONFIG_VARIABLE

    settings = site_settings(args, console)
    if settings is None:
        return EXIT_NOTHING
    status = run_generate(args, console)
    if status != EXIT_OK:
        return status
    env = {**os.environ, CONFIG_VARIABLE: str(Path(args.config).resolve())} if args.config else None
    # --dirty: a rebuild renders only the pages generation rewrote (a note edit: its paper's page and the
    # lists showing its status), not all of them; the plugin re-indexes the site for search in the background. MkDocs
    # warns that dirty builds are for previews, which strict mode (mkdocs.yml) would turn into a failure.
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty", "--no-strict", "-a",
                               args.address, "-f", str(settings)], env=env)
    try:
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        server.wait(timeout=10)
    return EXIT_OK


def dry_run(args: argparse.Namespace, console: Console):
    """(config, result) of a generation that writes nothing, or None after printing why it failed."""
    from .pipeline import NothingToGenerate, generate

    try:
        config = load_config(Path(args.project), Path(args.config) if args.config else None)
        return config, generate(config, write=False)
    except (ConfigError, NothingToGenerate) as error:
        console.print(f"litsite: {error}", markup=False)
        return None


def run_note(args: argparse.Namespace, console: Console) -> int:
    """Create (or find) the note file for one paper, named by id, arXiv id, DOI, slug or title words."""
    from .review.curation import find
    from .review.notes import NOTE_TEMPLATE

    done = dry_run(args, console)
    if done is None:
        return EXIT_NOTHING
    config, result = done
    papers = result.corpus.papers
    query = " ".join(args.query)
    exact = find(papers, query)
    words = query.casefold().split()
    matches = [exact] if exact else [p for p in papers if all(word in p.title.casefold() for word in words)]
    if len(matches) != 1:
        console.print(f"litsite note: {len(matches)} papers match {query!r}" +
                      ("; be more precise:" if matches else ""), markup=False)
        for paper in matches[:10]:
            console.print(f"  {paper.id}  {paper.title}", markup=False, highlight=False)
        return EXIT_STRICT
    paper = matches[0]
    if paper.note_path:
        console.print(str(config.project / paper.note_path), markup=False, highlight=False)
        return EXIT_OK
    path = config.notes / f"{paper.slug}.md"
    if path.exists():  # a file by that name that points elsewhere: never overwrite a user's file
        console.print(f"litsite note: {path} exists and is about another paper; not touched", markup=False)
        return EXIT_STRICT
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(NOTE_TEMPLATE.format(paper_id=paper.id, title=paper.title), encoding="utf-8")
    console.print(str(path), markup=False, highlight=False)
    return EXIT_OK


def run_screen(args: argparse.Namespace, console: Console) -> int:
    """Print the screening queue: papers without a title-abstract decision, the likeliest includes first."""
    from .review.screening import QUEUE_SHOWN, conflicts, queue

    done = dry_run(args, console)
    if done is None:
        return EXIT_NOTHING
    config, result = done
    ranked, method = queue(result.corpus.papers, config.criteria)
    how = {"model": "ranked by a model fitted on your decisions", "criteria": "ranked by closeness to your criteria",
           "newest": "newest first (include one paper and exclude another to rank them)"}[method]
    shown = ranked if args.all else ranked[:QUEUE_SHOWN]
    for paper, score in shown:
        console.print(f"{'' if score is None else f'{score:.2f}  '}{paper.id}  {paper.title}", markup=False,
                      highlight=False)
    found = conflicts(result.corpus.papers)
    console.print(f"{counted(len(ranked), 'paper')} to screen, {how}" + (f"; {len(shown)} shown (--all for every one)"
                  if len(shown) < len(ranked) else "") + f"; {counted(len(found), 'conflict')} between reviewers",
                  markup=False, highlight=False)
    for paper, stage, decisions in found:
        console.print(f"  conflict at {stage}: {paper.id}  {paper.title}: " +
                      "; ".join(f"{d.reviewer or '(no name)'} {d.decision}" for d in decisions), markup=False,
                      highlight=False)
    return EXIT_OK


NOTE_CHECKS = ("orphan note", "second note", "unknown tag", "unknown topic", "front matter", "note not read",
               "status:", "rating:", "unknown option", "curation.", "screening")


def run_check(args: argparse.Namespace, console: Console) -> int:
    """Report what is out of sync between notes, curation and the papers, without writing anything."""
    done = dry_run(args, console)
    if done is None:
        return EXIT_NOTHING
    _, result = done
    found = [problem for problem in result.report.all_problems
             if any(marker in problem.message for marker in NOTE_CHECKS)]
    for problem in found:
        console.print(str(problem), markup=False, highlight=False)
    noted = sum(1 for paper in result.corpus.papers if paper.note_path)
    console.print(f"{counted(noted, 'note')} on papers, {counted(len(result.report.orphans), 'orphan note')}, "
                  f"{counted(len(found), 'problem')}", markup=False)
    return EXIT_STRICT if found else EXIT_OK


def run_dedup(args: argparse.Namespace) -> int:
    """Read the given files and write their duplicate clusters: every record id in exactly one list."""
    from .config import load_decisions
    from .dedup import deduplicate
    from .readers import read_sources, unique_ids

    records, files = [], []
    for name in args.files:
        path = Path(name)
        if not path.exists():
            print(f"litsite dedup: {name}: no such file")
            return EXIT_NOTHING
        file_records, report = read_sources(path, Path.cwd())
        records += file_records
        files += report
    records = unique_ids(records)
    try:
        decisions = load_decisions(Path(args.decisions)) if args.decisions else None
    except ConfigError as error:
        print(f"litsite: {error}")
        return EXIT_NOTHING
    started = time.perf_counter()
    result = deduplicate(records, decisions, papers=False)
    seconds = time.perf_counter() - started
    clusters = sorted(sorted(record.record_id for record in cluster) for cluster in result.clusters)
    Path(args.out).write_text(json.dumps(clusters, indent=1) + "\n", encoding="utf-8")
    rejected = sum(problem.level == "rejected" for file in files for problem in file.problems) + \
        sum(problem.level == "rejected" for problem in result.problems)
    print(f"{len(records)} records in {len(clusters)} clusters ({len(records) - len(clusters)} merged, "
          f"{len(result.possible)} possible duplicates left apart, {rejected} rejected) in {seconds:.2f} s; "
          f"written to {args.out}")
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="litsite",
        description="Turn piles of paper listings into a literature-review website (MkDocs + Material).",
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = main.add_subparsers(dest="command", required=True)
    for name, help_text in [
        ("generate", "read sources/, deduplicate, tag, group and write the Markdown pages into content/"),
        ("build", "generate, then build the static site into site/ with mkdocs build --strict"),
        ("serve", "generate, preview the site at http://127.0.0.1:8000, regenerate when sources, notes or "
                  "settings change"),
        ("check", "report orphan or duplicate notes, unknown tags and broken front matter (writes nothing)"),
        ("note", "create the note file for a paper (by id, arXiv id, DOI, slug or title words); print its path"),
        ("screen", "list the papers still to screen, the likeliest includes first, and reviewers' conflicts"),
    ]:
        command = commands.add_parser(name, help=help_text, description=help_text)
        command.add_argument("--project", default=".", help="the project folder (default: the current one)")
        command.add_argument("--config", help="the settings file (default: PROJECT/litsite.yml)")
        command.add_argument("--strict", action="store_true", help="exit 1 if any record was rejected or warned")
        command.add_argument("--profile", action="store_true", help="print the time each stage took")
        if name == "serve":
            command.add_argument("--address", default="127.0.0.1:8000", help="where to serve (default: %(default)s)")
        if name == "note":
            command.add_argument("query", nargs="+", help="paper id, arXiv id, DOI, slug, or words of its title")
        if name == "screen":
            command.add_argument("--all", action="store_true", help="every paper to screen, not only the first 200")
    dedup = commands.add_parser("dedup", help="cluster the records of FILES into duplicates (JSON list of lists "
                                               "of record ids), to check deduplication against ground truth")
    dedup.add_argument("files", nargs="+", help="source files or folders, in any supported format")
    dedup.add_argument("--out", required=True, help="where to write the clusters (JSON)")
    dedup.add_argument("--decisions", help="a dedup.yml of same/different pairs to apply")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--project", default=".", help="the project folder (default: the current one)")
    common.add_argument("--config", help="the settings file (default: PROJECT/litsite.yml)")
    common.add_argument("--today", help=argparse.SUPPRESS)  # tests: the day recorded, instead of the clock
    fetch = commands.add_parser("fetch", help="bring new papers into sources/ from arXiv or Hugging Face Daily "
                                               "Papers (the only commands, with resolve, that go online)")
    services = fetch.add_subparsers(dest="service", required=True)
    arxiv = services.add_parser("arxiv", parents=[common], help="the newest papers matching an arXiv API query")
    arxiv.add_argument("--query", required=True, help='an arXiv API search_query, e.g. "cat:cs.CL AND abs:retrieval"')
    arxiv.add_argument("--max", type=int, default=200, help="at most this many results (default: %(default)s)")
    daily = services.add_parser("hf-daily", parents=[common], help="Hugging Face Daily Papers, one file per day")
    daily.add_argument("--from", dest="first", required=True, help="first day, YYYY-MM-DD")
    daily.add_argument("--to", dest="last", help="last day, YYYY-MM-DD (default: the first)")
    resolve = commands.add_parser("resolve", parents=[common], help="find the arXiv id or DOI of papers that have "
                                  "neither, by title; keep what was found in resolved.json")
    resolve.add_argument("--limit", type=int, help="look up at most this many titles in this run")
    resolve.add_argument("--retry", action="store_true", help="look up again the titles nothing was found for")
    resolve.add_argument("--services", help="services to ask, in order (default: hf,arxiv,crossref,openalex)")
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "dedup":
        return run_dedup(args)
    from rich.console import Console

    console = Console(stderr=False, soft_wrap=True)
    if args.command == "generate":
        return run_generate(args, console)
    if args.command in ("fetch", "resolve"):  # the only commands that go online: their code loads only here
        from .online.commands import run_online
        return run_online(args, console)
    if args.command == "build":
        return run_mkdocs(args, ["build", "--strict"], console)
    if args.command == "check":
        return run_check(args, console)
    if args.command == "note":
        return run_note(args, console)
    if args.command == "screen":
        return run_screen(args, console)
    return run_serve(args, console)


if __name__ == "__main__":
    sys.exit(main())
