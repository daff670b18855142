"""Untrusted text becomes inert page text; $math$ becomes sanitized MathML."""

import markdown
import pytest

from generator.render.markup import math, plain_text, rich_text, summary, text

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![img](https://evil.example/x.png)",
    "# Heading",
    "| a | b |",
    "{: onclick=alert(1) }",
    "!!! danger",
    "{{ config }} {% include 'x' %}",
    "<!-- material/tags -->",
    "`code` **bold** _em_ ~~del~~ ==mark== ^^ins^^",
    "\\<script>",
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_text_renders_as_the_same_text(payload):
    html = markdown.markdown(f"Before {text(payload)} after", extensions=["tables", "attr_list", "admonition"])
    assert "<script" not in html and "<img" not in html and "<a " not in html and "<code" not in html
    assert "<strong" not in html and "<em" not in html and "<h1" not in html and "<!--" not in html
    assert "{{" not in html and "{%" not in html


def test_math_becomes_mathml_and_dangerous_latex_is_neutralised():
    rendered = rich_text(r"Towards $\infty$-LLMs and $\href{javascript:alert(1)}{x}$ cost $5 or $10")
    assert rendered.count("<math") == 2
    assert "<mo>∞</mo>" in rendered
    assert "javascript" not in rendered and "href" not in rendered
    assert "&#36;5 or &#36;10" in rendered  # money stays text


def test_plain_text_turns_math_into_characters():
    assert plain_text(r"QwenLong-CPRS: Towards $\infty$-LLMs") == "QwenLong-CPRS: Towards ∞-LLMs"


def test_text_mode_latex_and_latex_delimited_math_show_what_they_mean():
    """arXiv and Daily Papers abstracts showed their LaTeX source on the page: "the \\emph{oracle problem}",
    "{\\color[RGB]{175,36,67}{LCLM-Horizon}}", a bound written "\\[\\tilde O\\left(...\\right)\\]" (arXiv
    'testing' export, the default corpus). Pages show emphasis, coloured text as text and the formula as
    MathML; the search text and feeds the same in plain characters. Exports keep the source as it was."""
    from generator.render.markup import rich_html

    assert str(rich_html(r"face the \emph{oracle problem}.")) == "face the <i>oracle problem</i>."
    assert str(rich_html(r"{\color[RGB]{175,36,67}{LCLM-Horizon}} and \textcolor{red}{red}")) == "LCLM-Horizon and red"
    assert str(rich_html(r"\textbf{\emph{both}} at \url{https://github.com/a/b}")) == \
        "<b><i>both</i></b> at https://github.com/a/b"
    bound = r"complexity \[\tilde O\left(\frac{\sqrt{n}}{\varepsilon^{2}}\right)\], and \(x^2\) too"
    assert str(rich_html(bound)).count("<math") == 2 and "\\frac" not in str(rich_html(bound))
    assert plain_text(bound) == "complexity O~(nε2), and x2 too"
    assert plain_text(r"the \emph{oracle problem} of {\color[RGB]{1,2,3}{X}}") == "the oracle problem of X"
    hostile = str(rich_text(r"\emph{<script>alert(1)</script>} \textbf{[x](javascript:alert(1))}"))
    assert "<script" not in hostile and "javascript:" not in hostile and "<i>" in hostile


def test_summary_cuts_at_a_word():
    assert summary("word " * 100, 20) == "word word word word…"


def test_a_formula_cannot_ask_for_a_huge_size():
    """$\\hspace{100000cm}$ made its page and every listing holding its title millions of pixels wide."""
    for latex in (r"\hspace{100000cm}x", r"\rule{100000cm}{1000cm}", r"\mathrm{\Huge X}"):
        html = math(latex)
        assert html and "100000" not in html and "1000cm" not in html, html
    assert 'width="1em"' in math(r"a \quad b") and 'mathsize="2.49em"' in math(r"\mathrm{\Huge X}")


@pytest.mark.parametrize("abstract, shown", [
    # PubMed's inline markup, as 126 records of the ASySD diabetes CSV carry it, is shown as meant
    ("Ldlr<sup>-/-</sup> mice and <i>E. coli</i>", "Ldlr<sup>-/-</sup> mice and <i>E. coli</i>"),
    ("CO<SUB>2</SUB>", "CO<sub>2</sub>"),
    # always balanced: an unclosed element is closed at the end, a stray closing tag left out
    ("<i>unclosed italics", "<i>unclosed italics</i>"),
    ("stray</b> closer", "stray closer"),
    ("<i>a<b>b</i>c</b>", "<i>a<b>b</b></i>c"),
    # anything else stays visible text: attributes, other elements, scripts
    ('<sup onclick="x()">1</sup>', "&lt;sup onclick=&quot;x()&quot;&gt;1"),
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("p < 0.05 & q>1", "p &lt; 0.05 &amp; q&gt;1"),
])
def test_an_abstracts_inline_markup_is_shown_as_meant_and_nothing_else_is(abstract, shown):
    from generator.render.markup import rich_html
    assert str(rich_html(abstract)) == shown


def test_plain_text_leaves_inline_markup_out():
    assert plain_text("Ldlr<sup>-/-</sup> mice") == "Ldlr-/- mice"
    assert summary("<i>E. coli</i> grows " * 3, 30) == "E. coli grows E. coli grows…"


@pytest.mark.parametrize("payload", HOSTILE)
def test_a_title_in_markdown_or_the_papers_table_stays_inert(payload):
    html = markdown.markdown(f"- [{rich_text(payload)}](x.md)", extensions=["tables", "attr_list", "admonition"])
    assert "<script" not in html and "<img" not in html and html.count("<a ") == 1 and "<code" not in html
    assert "<strong" not in html and "<em" not in html and "<h1" not in html and "<!--" not in html


def test_a_titles_inline_markup_is_shown_as_meant_in_listings_and_the_papers_table():
    """The All-papers table (its titles are rich_text, set as HTML by assets/papers-table.js) and the
    Markdown listings showed "Ldlr<sup>-/-</sup>" as those characters, where the paper's page shows Ldlr⁻/⁻."""
    title = "Atherosclerosis in Ldlr<sup>-/-</sup> mice: <i>in vivo</i> [1]"
    assert str(rich_text(title)).count("<sup>") == 1 and "<i>in vivo</i>" in str(rich_text(title))
    html = markdown.markdown(f"- [{rich_text(title)}](x.md)")
    assert "<sup>-/-</sup>" in html and "<i>in vivo</i>" in html and "&lt;sup" not in html


def test_front_matter_writes_what_pyyaml_writes_without_calling_it_for_the_usual_values(monkeypatch):
    import yaml

    from generator.render import environment

    usual = [{"hide": ["toc"]}, {"search": {"exclude": True}}, {"search": {"exclude": False, "boost": True}},
             {"hide": ["toc", "navigation"], "search": {"exclude": True}}]
    unusual = [{"search": {"boost": 2}}, {"search": {"yes": True}}, {"hide": ["Toc"]}, {"rank": 3}, {"hide": []}]
    expected = {id(values): "---\n" + yaml.safe_dump(values, sort_keys=False, allow_unicode=True, width=10_000) + "---\n"
                for values in usual + unusual}
    calls = []
    real = yaml.safe_dump
    monkeypatch.setattr(environment.yaml, "safe_dump", lambda *a, **k: calls.append(a) or real(*a, **k))
    for values in usual + unusual:
        written = str(environment.front_matter(values))
        assert written == expected[id(values)]
        assert yaml.safe_load(written.strip("-\n")) == values
    assert len(calls) == len(unusual)  # PyYAML (a tenth of a tag page's time) only where it must


@pytest.mark.parametrize("directory_urls", [True, False])
def test_page_links_point_from_the_page_to_the_target_in_both_url_styles(directory_urls):
    import posixpath

    from generator.render.environment import page_links

    def url(path):  # the file MkDocs writes for a content path
        stem = path[:-3]
        if posixpath.basename(stem) == "index":
            return posixpath.join(posixpath.dirname(stem), "index.html")
        return f"{stem}/index.html" if directory_urls else f"{stem}.html"

    pages = ["index.md", "papers/index.md", "papers/a-paper-p1.md", "tags/llm.md", "tags/llm/page-2.md",
             "topics/index.md", "reading/to-read.md"]
    for here in pages:
        links = page_links(here, directory_urls)
        for target in pages:
            link = str(links["href"](target))
            # followed from the page's own file, the link reaches the target's file
            reached = posixpath.normpath(posixpath.join(posixpath.dirname(url(here)), link))
            if link.endswith("/") or link == "./":
                reached = posixpath.join(reached, "index.html")
            assert posixpath.normpath(reached) == url(target), (here, target, link)
        assert str(links["md_link"]("tags/llm.md")) == posixpath.relpath("tags/llm.md", posixpath.dirname(here) or ".")
        assert str(links["downloads"]()).endswith("downloads/")
