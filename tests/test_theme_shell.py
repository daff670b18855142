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
