"""MkDocs plugin `litsite`: generated pages passed through, a Content-Security-Policy meta tag on every
built page, compact HTML, and the Pagefind search index of the built site (generator/site/search_index.py).

GitHub Pages sends no headers of ours, so the policy travels in a <meta> tag. Material's pages carry a
few small inline scripts (scope, palette, tabs) whose text depends on the page's depth; after the build
every page gets one policy listing the hashes of all of them, so instant navigation between pages of
different depths stays within the policy. Nothing else may run: no inline handlers, no other hosts.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import logging
import os
import re
import sys
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from .compact import compact
from ..config import CONFIG_NAME, ConfigError, load_config
from ..writer import MANIFEST_NAME
from . import search_index
from .icons import ARTICLE, SPRITE, IconSprite
from ..progress import Progress, RichProgress
from .theme_shell import ThemeShell

log = logging.getLogger("mkdocs.plugins.litsite")
BUILD_STAGES = {"read": "MkDocs: reading pages", "build": "MkDocs: building pages"}
PROFILE_VARIABLE = "LITSITE_PROFILE"  # set by `litsite build --profile`: where the build's time went

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S)
NOT_JAVASCRIPT = re.compile(r"""\btype\s*=\s*["']?application/(?:ld\+)?json""")
POLICY_MARKER = '<meta http-equiv="Content-Security-Policy"'


def inline_script_hashes(html: str) -> set[str]:
    """Hashes of the theme's inline scripts. The page content (<article>) is left out: a script there
    could only have come from a source, and must never be allowed."""
    hashes = set()
    for match in INLINE_SCRIPT.finditer(ARTICLE.sub("", html)):
        attrs = match.group("attrs") or ""
        if "src=" in attrs or NOT_JAVASCRIPT.search(attrs):
            continue
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        hashes.add("'sha256-" + base64.b64encode(digest).decode() + "'")
    return hashes


def policy(hashes: set[str]) -> str:
    return "; ".join([
        "default-src 'self'",
        # 'wasm-unsafe-eval' lets the search (Pagefind) compile its WebAssembly; it allows no eval of scripts.
        "script-src 'self' 'wasm-unsafe-eval' " + " ".join(sorted(hashes)),
        # Material's bundle writes style attributes at run time; styles cannot run code, scripts stay hash-only.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-src 'none'",
    ])


PENDING = f'{POLICY_MARKER} content="litsite-pending">'


def add_policy(site: Path, known_hashes: set[str] | None = None) -> int:
    """Put the site-wide policy into every HTML page under `site`; returns how many pages were changed.

    Pages MkDocs rendered already hold a placeholder (and are compacted, see on_post_page) and their
    hashes are known; other HTML files (404, redirects, hand-written) are read for theirs."""
    pages = sorted(site.rglob("*.html"))
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    hashes = set(known_hashes or ())
    for text in texts.values():
        hashes |= inline_script_hashes(text)
    meta = f'{POLICY_MARKER} content="{policy(hashes)}">'
    changed = 0
    for page, text in texts.items():
        if PENDING in text:
            text = text.replace(PENDING, meta, 1)
        elif POLICY_MARKER in text:  # a page finished early with a policy that now lacks some hashes
            text = re.sub(re.escape(POLICY_MARKER) + r' content="[^"]*">', meta, text, count=1)
        elif "<head>" in text:
            text = compact(text.replace("<head>", "<head>\n" + meta, 1))
        else:
            continue
        page.write_text(text, encoding="utf-8")
        changed += 1
    return changed


CHANGES = ("created", "modified", "deleted", "moved")
ARTICLE_OPEN = '<article class="md-content__inner md-typeset">'  # Material's, around each page's content
SHELL_TEMPLATE = "litsite-shell.html"  # a paper page's output, made by theme_shell in on_page_context
PAPER_PAGE = re.compile(r"papers/(?!index\.md$)[^/]+\.md")  # one paper's page (not a listing's)
CONFIG_VARIABLE = "LITSITE_CONFIG"  # set by `litsite serve --config FILE`: the settings file to use


def pass_through(page, config, files) -> None:
    """Page.render for a page litsite generated as finished HTML: its content as it is, no table of contents.
    MkDocs' own render builds a Markdown instance with every configured extension for each page, even for
    an empty text: about 15% of a 10,000-paper build. (Links on these pages are litsite's, already
    relative; anchors into them are not validated, as for any page MkDocs did not render.)"""
    page.content = page.litsite_html
    page.toc = get_toc([])


def excluded_from_search(page) -> bool:
    """Listing pages (front matter `search: {exclude: true}`, as in Material) are left out of the index:
    a reader searching finds the papers, not every page that lists them."""
    search = page.meta.get("search")
    return isinstance(search, dict) and bool(search.get("exclude"))


def project_settings(config):
    """litsite.yml beside mkdocs.yml (or the file LITSITE_CONFIG names)."""
    chosen = os.environ.get(CONFIG_VARIABLE)
    return load_config(Path(config.config_file_path).parent, Path(chosen) if chosen else None)


def watch_own_pages(server, docs_dir: Path) -> None:
    """Rebuild when a page the user wrote changes in the content folder, not when litsite writes one (the
    files its manifest lists, and its dotfiles). Uses the live-reload server's observer; where its
    internals differ, the folder stays watched as MkDocs watches it (a second, needless rebuild)."""
    import watchdog.events

    condition = getattr(server, "_rebuild_cond", None)
    if condition is None or not hasattr(server, "observer"):
        return
    root = str(docs_dir.resolve())

    def generated() -> set[str]:
        try:
            return set(json.loads((docs_dir / MANIFEST_NAME).read_text(encoding="utf-8"))["files"])
        except (OSError, ValueError, KeyError, TypeError):
            return set()

    def changed(event) -> None:
        if event.is_directory or event.event_type not in CHANGES:
            return
        paths = [event.src_path, getattr(event, "dest_path", "") or ""]
        relative = [os.path.relpath(path, root).replace(os.sep, "/") for path in paths if path]
        mine = generated()
        if all(path in mine or any(part.startswith(".") for part in path.split("/")) for path in relative):
            return
        with condition:
            server._want_rebuild = True
            condition.notify_all()

    server.unwatch(str(docs_dir))
    handler = watchdog.events.FileSystemEventHandler()
    handler.on_any_event = changed
    server.observer.schedule(handler, root, recursive=True)


class LitsitePlugin(BasePlugin):
    """Registered as the MkDocs plugin `litsite` (pyproject.toml entry point).

    Pages litsite generated as finished HTML (front matter `litsite: html`) skip Markdown entirely: their
    body is already escaped, sanitized HTML, and parsing it as Markdown cost most of a large build.
    Without this plugin the same pages still render correctly, as raw HTML inside Markdown.
    """

    serving = False
    titles_setting: bool | None = None  # litsite.yml's search_titles_first, read in on_config

    def on_startup(self, *, command, dirty) -> None:
        """Defining on_startup also keeps this plugin object alive across `mkdocs serve` rebuilds, and with
        it the memo that lets a note edit skip reading and enriching the sources again."""
        self.serving = command == "serve"
        self.memo = None  # pipeline.Memo, made on the first serve build (the pipeline is imported only then)

    def on_serve(self, server, *, config, builder):
        """While serving, generation runs inside each rebuild (on_pre_build): a change to the sources, the
        notes or the settings rebuilds once, with the pages it changed. The content folder is watched for
        the user's own pages only: the generator's writes there would otherwise start a second rebuild."""
        settings = project_settings(config)
        for path in (settings.sources, settings.notes, settings.project / CONFIG_NAME,
                     settings.dedup_decisions, settings.vocabulary):
            if path is not None and path.exists():
                server.watch(str(path))
        watch_own_pages(server, Path(config.docs_dir))
        return server

    def on_pre_build(self, *, config):
        if self.serving:
            self._generate_for_serve(config)
        self._start_build()

    def _generate_for_serve(self, config) -> None:
        """Sources -> content/ before MkDocs reads the content folder (a no-op when nothing changed)."""
        from ..pipeline import Memo, NothingToGenerate, generate

        self.memo = self.memo or Memo()
        try:
            result = generate(project_settings(config), memo=self.memo)
        except (ConfigError, NothingToGenerate) as error:
            log.error(f"litsite: {error}")
            return
        if result.unchanged is None:
            log.info(f"litsite: {len(result.written.written)} generated page(s) rewritten in "
                     f"{sum(result.timings.values()):.2f} s")

    def on_config(self, config):
        """The site's identity comes from litsite.yml alone (title, description, author, public address), so
        a clone with its own sources never shows the demo's name and nothing is set in two files. The public
        address is litsite.yml's site_url, else LITSITE_SITE_URL; `mkdocs serve` keeps its own local one."""
        try:
            settings = project_settings(config)
        except ConfigError as error:
            raise PluginError(str(error)) from None
        self.titles_setting = settings.search_titles_first
        config.site_name = settings.title
        if settings.description:
            config.site_description = settings.description
        if settings.author:
            config.site_author = settings.author
        if settings.site_url and not self.serving:
            config.site_url = settings.site_url.rstrip("/") + "/"
        return config

    def on_page_markdown(self, markdown, *, page, config, files):
        self.progress.advance()
        if page.meta.get("litsite") == "html":
            page.litsite_html = markdown.strip()  # the theme's page has line breaks of its own around it
            page.render = functools.partial(pass_through, page)
            if PAPER_PAGE.fullmatch(page.file.src_uri) and "template" not in page.meta:
                page.meta["template"] = SHELL_TEMPLATE  # filled into a shell of Material's page (theme_shell)
            return ""
        return markdown

    def on_page_content(self, html, *, page, config, files):
        return getattr(page, "litsite_html", html)

    def on_page_context(self, context, *, page, config, nav):
        self.clock = time.perf_counter()
        if page.meta.get("template") == SHELL_TEMPLATE:
            context["litsite_page"] = self.shell.render(context, page)
        return context

    def _lap(self, what: str) -> None:
        now = time.perf_counter()
        self.spent[what] += now - self.clock
        self.clock = now

    def _start_build(self) -> None:
        self.first: frozenset[str] | None = None  # the theme scripts' hashes on the first page
        self.hashes: set[str] = set()
        self.mixed = False  # some page had scripts the first did not: every page needs the union
        self.static_html: list[str] = []
        self.icons = IconSprite()
        self.started = self.clock = time.perf_counter()
        self.spent: dict[str, float] = defaultdict(float)
        self.progress: Progress = Progress()
        self.indexes = search_index.SiteIndexes(titles_first=False)  # told the collection's size in on_files

    def on_files(self, files, *, config):
        self.static_html = [file.abs_dest_path for file in files if file.src_uri.endswith((".html", ".htm"))]
        self.pages = len(files.documentation_pages())
        papers = sum(1 for file in files.documentation_pages() if PAPER_PAGE.fullmatch(file.src_uri))
        titles_index = not self.serving and search_index.titles_index(self.titles_setting)
        self.indexes = search_index.SiteIndexes(titles_index)
        # the search box (theme_overrides/partials/header.html) is told, before any page is rendered, what
        # answers first (the titles' Pagefind index, or the list of titles generation wrote, or nothing),
        # and whether the site is large enough that the whole pages wait for a pause in typing
        config.extra["litsite_titles_first"] = titles_index
        listed = search_index.titles_listed(self.titles_setting) and \
            files.get_file_from_path(search_index.TITLES_LIST) is not None
        config.extra["litsite_titles_list"] = search_index.TITLES_LIST if listed else ""
        config.extra["litsite_large"] = papers >= search_index.SLOW_FROM
        if sys.stderr.isatty():  # bars for people at a terminal; logs and CI get MkDocs' lines alone
            from rich.console import Console
            self.progress = RichProgress(Console(stderr=True), BUILD_STAGES).start()
            self.progress.stage("read", total=self.pages)
        return files

    def on_env(self, env, *, config, files):
        self.progress.stage("build", total=self.pages)  # every page was read; now each is built
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({SHELL_TEMPLATE: "{{ litsite_page }}"}), env.loader])
        self.shell = ThemeShell(env)
        return env

    def on_build_error(self, *, error) -> None:
        self.progress.done()
        self.indexes.close()

    def _finish(self, output: str) -> str:
        """Compact the page and put the policy in. With `extra.scope` set in mkdocs.yml, Material's inline
        scripts are the same on every page, so the policy is known from the first page and no page has to
        be read back after the build; otherwise a placeholder is filled in at the end.
        `mkdocs serve` (a preview on this machine) gets no policy: its live reload is an inline script the
        server adds to each page after the build, which a hash-only policy would block."""
        if self.serving:
            return compact(output)
        hashes = inline_script_hashes(output)
        self.hashes |= hashes
        if self.first is None:
            self.first = frozenset(hashes)
        if not self.mixed and hashes <= self.first:
            meta = f'{POLICY_MARKER} content="{policy(set(self.first))}">'
        else:
            self.mixed = True
            meta = PENDING
        return compact(output.replace("<head>", "<head>\n" + meta, 1))

    def on_post_page(self, output, *, page, config):
        self.progress.advance()
        self._lap("theme templates")
        searchable = not excluded_from_search(page)
        sprite = self._sprite_url(page.url, config)

        def work(html: str) -> str:
            if searchable:
                html = html.replace(ARTICLE_OPEN, ARTICLE_OPEN[:-1] + f" {search_index.MARK}>", 1)
            return self._finish(self.icons.replace(html, sprite))
        finished = self.shell.finish(page, output, work, (searchable, sprite, self.mixed, self.first))
        self._lap("litsite: icons, policy, compact HTML")
        if searchable and not self.serving:
            self._index(page.url, finished)
            self._lap("search index: pages handed to Pagefind")
        return finished

    def _index(self, url: str, html: str) -> None:
        """Hand the finished page to Pagefind, which indexes it on the other core while MkDocs goes on."""
        try:
            self.indexes.add("/" + url, html)
        except search_index.SearchIndexError as error:
            raise PluginError(f"litsite: {error}") from None

    @staticmethod
    def _sprite_url(page_url: str, config) -> str:
        """Where a page finds the icon sprite. With a public address, from the site's root path: the header
        stays in place while instant navigation changes the address, so a relative reference would point
        elsewhere from the next page on. Without one (a local build: every click loads a whole page),
        relative to the page, so the site works from any folder."""
        if config.site_url:
            return urlsplit(config.site_url).path.rstrip("/") + "/" + SPRITE
        return get_relative_url(SPRITE, page_url)

    def on_post_template(self, output, *, template_name, config):
        return self._finish(output) if template_name.endswith(".html") else output

    def on_post_build(self, *, config) -> None:
        self.progress.done()
        site = Path(config["site_dir"])
        self.icons.write(site)
        if self.serving:
            self._index_in_background(site)
            return
        if self.mixed:
            add_policy(site, self.hashes)
        else:
            self._add_policy_to_static_pages()
        for path in self.shell.differed:
            log.warning(f"litsite: the page of {path}, filled into the theme's shell, differed from the theme's own "
                        "page; pages of its kind are rendered in full after it, but earlier ones may be wrong: a "
                        "theme override uses more of a page than its title, description, address and content")
        for path in self.shell.unfinished:
            log.warning(f"litsite: the page of {path}, finished on its theme shell, differed from the page finished "
                        "whole; pages of its kind are finished whole after it, but earlier ones may differ (a fault "
                        "of litsite's: please report it)")
        started = time.perf_counter()
        try:
            self.indexes.finish(site)
        except search_index.SearchIndexError as error:
            raise PluginError(f"litsite: {error}") from None
        self.spent["search index: Pagefind finishing"] += time.perf_counter() - started
        self._log_profile()

    def _index_in_background(self, site: Path) -> None:
        """While serving, the page reloads without waiting for the index; a rebuild stops the previous run."""
        running = getattr(self, "indexing", None)
        if running is not None and running.poll() is None:
            running.kill()
            running.wait()
        self.indexing = search_index.start(site)

    def _add_policy_to_static_pages(self) -> None:
        for path in map(Path, self.static_html):  # hand-made or redirect pages, copied as they are
            if path.exists():
                text = path.read_text(encoding="utf-8")
                if POLICY_MARKER not in text and "<head>" in text:
                    own = policy(set(self.first or ()) | inline_script_hashes(text))
                    path.write_text(compact(text.replace("<head>", f'<head>\n{POLICY_MARKER} content="{own}">', 1)),
                                    encoding="utf-8")

    def _log_profile(self) -> None:
        if os.environ.get(PROFILE_VARIABLE):
            total = time.perf_counter() - self.started
            rest = total - sum(self.spent.values())
            for what, seconds in [*sorted(self.spent.items(), key=lambda item: -item[1]),
                                  ("the rest: reading, Markdown, writing files", rest)]:
                log.info(f"litsite profile: {seconds:7.2f} s  {what}")
            log.info(f"litsite profile: {self.shell.filled} paper pages filled into the theme's shell; first pages "
                     f"whose shell differed (their kind rendered in full): {', '.join(self.shell.refused) or 'none'}")
