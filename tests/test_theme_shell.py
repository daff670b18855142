"""Paper pages filled into a shell of Material's page template (issue #17): the site is byte for byte the
one Material's template gives page by page, built as deployed (a public address under a sub-path)."""

from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config as load_mkdocs_config

from generator.site import theme_shell
from generator.pipeline import generate

# Title-only entries: their pages have no description, a second kind of page and of shell.
TITLE_ONLY = ("@misc{a, title={A title-only entry on graph kernels}, year={2020}}\n"
              "@misc{b, title={Kernels & graphs: <i>one</i> more title-only entry}, year={2021}}\n")


def files(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def configured(root: Path, site: Path, monkeypatch):
    """The project's MkDocs configuration as deployed: a public address under a sub-path."""
    monkeypatch.setenv("LITSITE_SITE_URL", "https://example.org/review/")
    return load_mkdocs_config(str(root / "mkdocs.yml"), site_dir=str(site))


def built(root: Path, site: Path, monkeypatch):
    config = configured(root, site, monkeypatch)
    build(config)
    return config.plugins["litsite"].shell


def full_render(monkeypatch) -> None:
    """Every paper page through Material's template, as before the shell."""
    monkeypatch.setattr(theme_shell.ThemeShell, "render",
                        lambda self, context, page: self.env.get_template(theme_shell.TEMPLATE).render(context))


def test_paper_pages_filled_into_the_shell_are_those_the_theme_renders(project, tmp_path, monkeypatch):
    root, config = project(seeds=True, sources={"extra.bib": TITLE_ONLY})
    papers = len(generate(config).corpus.papers)
    shell = built(root, tmp_path / "shell", monkeypatch)
    assert shell.refused == [] and shell.filled == papers - 2  # the first page of each kind is rendered
    # the plugin's work (icons, policy, compact HTML) was done on the shell for all but the first of a kind
    assert shell.finished_pages == papers - 2
    with monkeypatch.context() as patched:
        full_render(patched)
        built(root, tmp_path / "full", monkeypatch)
    assert files(tmp_path / "shell") == files(tmp_path / "full")


def test_a_shell_that_differs_from_the_themes_page_is_not_used(project, tmp_path, monkeypatch):
    root, config = project(seeds=True)
    generate(config)
    with monkeypatch.context() as patched:
        full_render(patched)
        built(root, tmp_path / "full", monkeypatch)
    real_fill = theme_shell.fill
    monkeypatch.setattr(theme_shell, "fill", lambda parts, page: real_fill(parts, page).replace("</title>", " </title>"))
    shell = built(root, tmp_path / "shell", monkeypatch)
    assert shell.filled == 0 and len(shell.refused) == 1
    assert files(tmp_path / "shell") == files(tmp_path / "full")


def test_a_later_page_that_differs_from_the_themes_page_stops_a_strict_build(project, tmp_path, monkeypatch):
    """Every CHECK_EVERY-th filled page is checked too: a theme override could use more of a page than the
    shell fills in (a reading time from its length), and the first page of a kind would not show it."""
    import pytest
    from mkdocs.exceptions import Abort

    root, config = project(seeds=True)
    generate(config)
    monkeypatch.setattr(theme_shell, "CHECK_EVERY", 3)
    calls = []
    real_fill = theme_shell.fill

    def fill_going_wrong(parts, page):  # right for the first page's check and three filled pages, then wrong
        calls.append(page.file.src_uri)
        text = real_fill(parts, page)
        return text if len(calls) <= 4 else text.replace("</title>", " </title>")
    monkeypatch.setattr(theme_shell, "fill", fill_going_wrong)
    mkdocs_config = configured(root, tmp_path / "shell", monkeypatch)
    with pytest.raises(Abort):  # mkdocs.yml has strict: true, and the shell's check warned
        build(mkdocs_config)
    shell = mkdocs_config.plugins["litsite"].shell
    assert shell.differed == [calls[6]], (shell.differed, calls[:8])  # the 6th filled page, the 2nd checked


def test_compacting_line_by_line_is_the_whitespace_rule():
    """compact's rule, each whitespace run holding a line break made one line break, is a regex that took
    3 s of a 10,000-paper build; the line-by-line version must give the same for any text."""
    import random
    import re

    from generator.site.compact import one_break_per_run

    rule = re.compile(r"[ \t]*\n\s*")
    pieces = ["a", "<p>", " ", "  ", "\t", "\n", "\r", "\xa0", "\f", "\u2003", " \n", "\n\n"]
    rng = random.Random(19)
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert one_break_per_run(text) == rule.sub("\n", text), repr(text)


def test_a_page_finished_on_its_shell_is_the_page_finished_whole():
    """The plugin's work is done once on a shell and per page on its values alone; a page whose values would
    read differently alone (whitespace at an end, an open <pre>, a tag in its title) gets the work on the
    whole page. Every page comes out as the work on the whole page would make it."""
    from types import SimpleNamespace

    from generator.site.compact import compact

    marked = (f"<html><head>\n  <title>{theme_shell.TITLE} - Site</title>\n"
              f'  <meta name="description" content="{theme_shell.DESCRIPTION}">\n'
              f'  <link rel="canonical" href="{theme_shell.ADDRESS}">\n</head>\n<body>\n'
              f"  <article>\n    {theme_shell.CONTENT}\n  </article>\n  <pre>  kept\n  as is </pre>\n</body></html>\n")
    shell = theme_shell.ThemeShell(env=None)
    shell.shells["kind"] = theme_shell.MARKERS.split(marked)
    calls = []

    def work(html):
        calls.append(html)
        return compact(html.replace("<head>", '<head>\n<meta policy="x">', 1))

    def page(number, content, title="A title"):
        return SimpleNamespace(file=SimpleNamespace(src_uri=f"papers/p{number}.md"), title=title, content=content,
                               meta={"title": title, "description": "About it"},
                               canonical_url=f"https://example.org/review/papers/p{number}/")

    plain = [page(n, f"<p>Paper {n}</p>\n\n   <ul>\n  <li>one</li>\n</ul>\n<pre>\n  code {n}\n</pre>") for n in range(40)]
    odd = [page(50, "\n<p>starts with a line break</p>"), page(51, "<p>ends with spaces</p>   "),
           page(52, "<p>opens <pre>\n  and never closes</p>"), page(53, "<p>a tag in its title</p>", "A <i>title</i>"),
           page(54, "<p>a title on two lines</p>", "A title\n  on two lines")]
    for each in [*plain, *odd]:
        shell.served[each.file.src_uri] = "kind"
        output = theme_shell.fill(shell.shells["kind"], each)
        assert shell.finish(each, output, work) == work(output)
    # the shell once, the first page it serves whole to check it, the odd pages whole, and each page again
    # above to compare: no other call
    assert len(calls) == 1 + 1 + len(odd) + len(plain) + len(odd)


def test_a_later_page_finished_on_its_shell_that_differs_is_reported(monkeypatch):
    """Every CHECK_EVERY-th page finished on its shell is compared with the page finished whole: a work that
    came to depend on more of a page (here, from some page on, on its length) makes later pages of the kind
    finished whole, and the page where it showed is reported (the plugin warns: earlier ones may differ)."""
    from types import SimpleNamespace

    monkeypatch.setattr(theme_shell, "CHECK_EVERY", 3)
    shell = theme_shell.ThemeShell(env=None)
    shell.shells["kind"] = theme_shell.MARKERS.split(f"<html><head><title>{theme_shell.TITLE}</title></head>"
                                                    f"<article>{theme_shell.CONTENT}</article></html>")
    changed = []

    def work(html):
        return html.replace("</html>", f"<!-- {len(html)} --></html>") if changed else html

    finished = {}
    for n in range(8):
        page = SimpleNamespace(file=SimpleNamespace(src_uri=f"papers/p{n}.md"), title=f"Paper {n}",
                               content=f"<p>Paper {n}{'!' * n}</p>", meta={}, canonical_url="")
        shell.served[page.file.src_uri] = "kind"
        output = theme_shell.fill(shell.shells["kind"], page)
        finished[n] = (shell.finish(page, output, work), output)
        if n == 4:
            changed.append(True)
    # p0 is checked with the shell, p3 is the 3rd page finished on it (checked, the same), p6 the 6th: it differs
    assert shell.unfinished == ["papers/p6.md"]
    assert all(finished[n][0] == finished[n][1] for n in range(6))  # p5 too: it was not checked
    assert all(finished[n][0] == work(finished[n][1]) != finished[n][1] for n in (6, 7))  # finished whole
