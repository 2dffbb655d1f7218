"""Each post is rendered with the Markdown engine its site names, by that engine's rules.

The rules are pinned here one by one (no Ruby needed), then checked against the real
engines, as Jekyll configures them, on a set of snippets real blogs hold.
"""

import json
import subprocess

import pytest
from bs4 import BeautifulSoup

from jekyll.oracle import HERE
from jekyll.reference import compare
from jekyll.rendering.markdown import engine_for
from tests.jekyll.oracle_helpers import needs_jekyll

QUIRE = {
    "markdown": "redcarpet",
    "redcarpet": {
        "extensions": [
            "no_intra_emphasis", "fenced_code_blocks", "autolink", "tables", "strikethrough",
            "superscript", "with_toc_data",
        ]
    },
}  # fmt: skip
PAGES = {
    "markdown": "CommonMarkGhPages",
    "commonmark": {
        "options": ["SMART", "FOOTNOTES", "UNSAFE"],
        "extensions": ["strikethrough", "autolink", "table", "tagfilter"],
    },
}


def redcarpet(*extensions):
    return engine_for({"markdown": "redcarpet", "redcarpet": {"extensions": list(extensions)}})


def text(html: str) -> str:
    return " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())


# --- choosing the engine ------------------------------------------------------------------


def test_kramdown_is_jekylls_default_engine():
    assert engine_for({}).name == "kramdown"


@pytest.mark.parametrize("name", ["CommonMark", "CommonMarkGhPages", "commonmark"])
def test_commonmark_names_choose_commonmark(name):
    assert engine_for({"markdown": name}).name == "commonmark"


def test_an_unknown_engine_is_read_with_kramdowns_rules_and_reported():
    engine = engine_for({"markdown": "rdiscount"})
    assert engine.name == "kramdown"
    assert "'rdiscount'" in engine.warnings[0] and "kramdown's rules" in engine.warnings[0]


# --- Redcarpet ----------------------------------------------------------------------------


def test_redcarpet_reads_a_link_with_a_space_before_its_url():
    html = redcarpet().render("Read [the guide] (https://example.com/guide) first.")
    assert '<a href="https://example.com/guide">the guide</a>' in html


def test_redcarpet_reads_a_link_whose_url_is_on_the_next_line():
    html = redcarpet().render("Read [the guide]\n(https://example.com/guide) first.")
    assert '<a href="https://example.com/guide">the guide</a>' in html


def test_redcarpet_reads_a_link_whose_url_has_spaces():
    html = redcarpet().render("See [the post](My old post!) again.")
    assert '<a href="My%20old%20post!">the post</a>' in html


def test_kramdown_and_commonmark_leave_a_space_before_the_url_as_text():
    for engine in (engine_for({}), engine_for(PAGES)):
        html = engine.render("Read [the guide] (https://example.com/guide) first.")
        assert "[the guide] (" in text(html)


def test_redcarpet_reads_markdown_right_after_an_html_line():
    html = redcarpet().render('<p class="notice">A notice.</p>\n**Bold** right under it.\n')
    assert '<p class="notice">A notice.</p>' in html
    assert "<strong>Bold</strong> right under it." in html


def test_redcarpet_keeps_an_html_block_whole_to_its_end_tag():
    html = redcarpet().render('<div class="box">\n\n*Not emphasis*\n\n</div>\n\nAfter.\n')
    assert "*Not emphasis*" in html and "<p>After.</p>" in html


def test_redcarpet_reads_a_heading_without_a_space():
    assert "<h2>Heading</h2>" in redcarpet().render("##Heading\n")


def test_redcarpet_space_after_headers_asks_for_the_space():
    assert "<h2>" not in redcarpet("space_after_headers").render("##Heading\n")


def test_redcarpet_nests_bullets_indented_by_one_space():
    html = redcarpet().render("* Fruit\n * Apple\n * Pear\n* Leek\n")
    soup = BeautifulSoup(html, "html.parser")
    outer = soup.find("ul")
    assert [li.find(string=True).strip() for li in outer.find_all("li", recursive=False)] == [
        "Fruit",
        "Leek",
    ]
    assert [li.get_text() for li in outer.find("ul").find_all("li")] == ["Apple", "Pear"]


def test_redcarpet_keeps_one_quote_across_a_blank_line():
    html = redcarpet().render("> One.\n\n> Two.\n")
    assert html.count("<blockquote>") == 1


def test_redcarpet_a_list_does_not_break_a_paragraph_without_lax_spacing():
    assert "<ol>" not in redcarpet().render("Steps:\n1. Open\n2. Share\n")
    assert "<ol>" in redcarpet("lax_spacing").render("Steps:\n1. Open\n2. Share\n")


def test_redcarpet_no_intra_emphasis_keeps_words_whole():
    assert "<em>" not in redcarpet("no_intra_emphasis").render("a snake_case_name and a*b*c\n")
    assert "<em>" in redcarpet().render("a snake_case_name\n")


def test_redcarpet_finds_emphasis_as_redcarpet_does():
    html = redcarpet().render("Tech like ****Apple**** and ***all three***.\n")
    assert "*<strong><em>Apple</em></strong>*" in html
    assert "<strong><em>all three</em></strong>" in html


def test_redcarpet_superscript_only_with_the_extension():
    assert "2<sup>10</sup>" in redcarpet("superscript").render("2^10 and ^(two words)")
    assert "<sup>two words</sup>" in redcarpet("superscript").render("2^10 and ^(two words)")
    assert "<sup>" not in redcarpet().render("2^10")


def test_redcarpet_links_bare_urls_only_with_autolink():
    line = "See https://example.com and www.example.com now."
    assert "<a " not in redcarpet().render(line)
    html = redcarpet("autolink").render(line)
    assert '<a href="https://example.com">' in html and '<a href="http://www.example.com">' in html


def test_redcarpet_tables_and_strikethrough_only_with_their_extensions():
    table = "| a | b |\n|---|---|\n| 1 | 2 |\n"
    assert "<table>" not in redcarpet().render(table)
    assert "<table>" in redcarpet("tables").render(table)
    assert "<del>" not in redcarpet().render("~~gone~~")
    assert "<del>gone</del>" in redcarpet("strikethrough").render("~~gone~~")


def test_redcarpet_fenced_code_unless_no_fenced_code_blocks():
    fence = "```ruby\nputs 1\n```\n"
    assert '<code class="language-ruby">puts 1' in redcarpet().render(fence)
    assert "<pre>" not in redcarpet("no_fenced_code_blocks").render(fence)


def test_redcarpet_footnotes_only_with_the_extension():
    source = "A claim[^1].\n\n[^1]: The source.\n"
    html = redcarpet("footnotes").render(source)
    assert '<sup id="fnref1"><a href="#fn1">1</a></sup>' in html
    assert "The source." in html and '<div class="footnotes">' in html
    assert "[<sup>" not in html
    assert "[^1]" in redcarpet().render(source)


def test_redcarpet_with_toc_data_gives_headings_ids():
    html = redcarpet("with_toc_data").render("## What's new?\n")
    assert '<h2 id="what-s-new">' in html


# --- kramdown -----------------------------------------------------------------------------


def test_kramdown_makes_quotes_and_dashes_typographic():
    html = engine_for({}).render("\"Double\", 'single', it's the '90s -- and --- and... <<so>>\n")
    assert text(html) == "“Double”, ‘single’, it’s the ’90s – and — and… «so»"


def test_kramdown_smart_quotes_follow_the_sites_setting():
    engine = engine_for({"kramdown": {"smart_quotes": "apos,apos,quot,quot"}})
    assert text(engine.render('"Double" and it\'s\n')) == '"Double" and it\'s'


def test_kramdown_attribute_list_gives_the_paragraph_above_its_class():
    html = engine_for({}).render("Read this first.\n{: .notice}\n")
    assert '<p class="notice">Read this first.</p>' in html


def test_kramdown_attribute_list_before_a_block_gives_it_the_id():
    html = engine_for({}).render("{: #intro}\n## Introduction\n")
    assert '<h2 id="intro">Introduction</h2>' in html


def test_kramdown_span_attribute_list_is_taken_off_the_text():
    html = engine_for({}).render("A *styled*{: .note} word.\n")
    assert '<em class="note">styled</em>' in html and "{:" not in html


def test_kramdown_attribute_list_sets_a_code_blocks_language():
    html = engine_for({}).render("    puts 1\n{: .language-ruby}\n")
    assert '<code class="language-ruby">puts 1' in html


def test_kramdown_hides_comments_and_abbreviation_definitions():
    html = engine_for({}).render("Kept.\n\n{::comment}\nHidden.\n{:/comment}\n\n*[HTML]: Markup\n")
    assert text(html) == "Kept."


def test_kramdown_footnotes_are_numbered_with_a_way_back():
    html = engine_for({}).render("A claim[^src].\n\n[^src]: The source.\n")
    assert '<a href="#fn:src" class="footnote" rel="footnote">1</a>' in html
    assert "The source. <a" in html and "\u21a9" in html


def test_kramdown_definition_lists():
    html = engine_for({}).render("Task\n: Something to do.\n")
    assert "<dt>Task</dt>" in html and "<dd>Something to do.</dd>" in html


def test_kramdown_reads_markdown_inside_an_html_block_only_when_asked():
    html = engine_for({}).render('<div markdown="1">\n**Bold**\n</div>\n\n<div>\n**Raw**\n</div>\n')
    assert "<strong>Bold</strong>" in html and "**Raw**" in html
    assert "markdown=" not in html


def test_kramdown_reads_markdown_right_after_an_html_line():
    html = engine_for({}).render('<p class="notice">A notice.</p>\n**Bold** right under it.\n')
    assert "<strong>Bold</strong> right under it." in html


def test_kramdown_gives_headings_gfm_style_ids():
    assert '<h2 id="whats-new-in-40">' in engine_for({}).render("## What's new in 4.0?\n")


def test_kramdown_reads_no_definition_right_under_text_and_redcarpet_does():
    source = "Use [Jekyll][j].\n[j]: https://jekyllrb.com\n"
    assert "[j]: https://jekyllrb.com" in text(engine_for({}).render(source))
    assert '<a href="https://jekyllrb.com">Jekyll</a>' in redcarpet().render(source)


def test_kramdown_task_lists_show_checkboxes():
    html = engine_for({}).render("- [ ] to do\n- [x] done\n")
    assert 'type="checkbox"' in html and "[ ]" not in html


def test_redcarpet_keeps_a_backslash_it_does_not_escape():
    assert text(redcarpet().render("a line\\\nnext \\$5 \\*x\\*\n")) == "a line\\ next \\$5 *x*"


# --- CommonMark ---------------------------------------------------------------------------


def test_commonmark_leaves_raw_html_out_unless_unsafe():
    source = '<div class="box">Boxed</div>\n\nText <b>bold</b>.\n'
    assert "Boxed" not in engine_for({"markdown": "CommonMark"}).render(source)
    assert "<!-- raw HTML omitted -->" in engine_for({"markdown": "CommonMark"}).render(source)
    assert '<div class="box">Boxed</div>' in engine_for(PAGES).render(source)


def test_commonmark_extensions_are_only_those_listed():
    table = "| a | b |\n|---|---|\n| 1 | 2 |\n"
    assert "<table>" not in engine_for({"markdown": "CommonMark"}).render(table)
    assert "<table>" in engine_for(PAGES).render(table)


def test_commonmark_smart_option_makes_quotes_typographic():
    assert text(engine_for(PAGES).render("\"Hi\" -- it's the '90s...")) == "“Hi” – it’s the ’90s…"


def test_commonmark_tagfilter_writes_scripts_as_text():
    html = engine_for(PAGES).render("Text <script>x()</script> after.\n")
    assert "&lt;script>" in html


# --- against the real engines ---------------------------------------------------------------

SNIPPETS = [
    'Read [the guide] (https://example.com/g) and [this](https://example.com/t "T").\n',
    '<p class="notice">A notice.</p>\n**Bold** under it, and a [link](https://example.com/l).\n',
    '<div class="note">A note.</div>\nSome *emphasis* and `code`.\n',
    '<img src="/images/a.png" alt="A picture">\nThe caption line.\n',
    "##Heading without a space\n\nText.\n\n###Smaller\n",
    "* Fruit\n * Apple\n * Pear\n* Vegetables\n * Leek\n",
    "1. Open\n2. Add\n   - with a date\n   - with a tag\n3. Share\n",
    "Steps:\n1. Open\n2. Share\n\n- one\n- two\n",
    "> The first paragraph.\n>\n> The second.\n\nBetween.\n\n> Outer.\n>\n> > Inner.\n",
    "> One.\n\n> Two, with [a link](https://example.com/q).\n",
    "| Plan | Price |\n|:-----|------:|\n| Free | 0 |\n| Pro | *10* |\n\nAfter.\n",
    "A claim[^1], another[^b].\n\n[^1]: First note.\n[^b]: Second note.\n",
    "Term\n: Definition.\n\nOther\n: One.\n: Two.\n",
    "A lead.\n{: .lead}\n\n## A heading\n{: #custom}\n\nA *styled*{: .x} word.\n",
    "\"Double\", 'single', it's, the '90s -- a dash --- a longer one... <<so>>.\n",
    '<div markdown="1">\n**Bold** [in](https://example.com/d)\n</div>\n\n<div>\n\n*raw*\n\n</div>\n',
    "snake_case_name and some_other_name, 2^10, ~~struck~~, a*b*c.\n",
    "Bare https://example.com/bare and www.example.com/w and <https://example.com/a>.\n",
    "```\nplain fenced\n```\n\n    indented code\n    two lines\n\nDone.\n",
    "```javascript\nconst a = 1;\n```\n",
    "Use [Jekyll][j] and [GitHub].\n[j]: https://jekyllrb.com\n[GitHub]: https://github.com\n",
    "Tech like **Google** and ***all three***, all-**Apple**, “**quoted**”.\n",
    "Line one  \nline two\nline three\n",
    '## Read [the guide](https://example.com/g) first\n\n### <a href="https://x.com">A</a> b\n',
    "* item one\n\n* item two\n\n    indented paragraph\n",
    "<center>Centered *text*</center>\n\nAfter.\n",
    "Text &amp; entities &copy; and \\*escaped\\* stars.\n",
    "Title\n=====\n\nSub\n---\n\nText.\n",
    "- [ ] task\n- [x] done\n",
    "A line with a trailing backslash\\\nnext line.\n",
]
CONFIGS = {
    "kramdown": {"markdown": "kramdown"},
    "redcarpet": QUIRE,
    "redcarpet, plain": {"markdown": "redcarpet"},
    "commonmark": PAGES,
}


def jekylls_renderings(config: dict, documents: list[str]) -> list[str]:
    """The documents as Jekyll's own converter renders them with ``config``."""
    child = subprocess.run(
        ["ruby", str(HERE / "convert.rb")],
        input=json.dumps({"config": config, "documents": documents}),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(child.stdout)


@needs_jekyll
@pytest.mark.parametrize("name", CONFIGS)
def test_each_snippet_reads_as_jekylls_engine_renders_it(name):
    config = CONFIGS[name]
    engine = engine_for(config)
    differences = {}
    for snippet, theirs in zip(SNIPPETS, jekylls_renderings(config, SNIPPETS), strict=True):
        comparison = compare(theirs, engine.render(snippet))
        if not comparison.faithful:
            differences[snippet] = [comparison.similarity, *comparison.differences]
    assert not differences, "\n".join(f"{k!r}: {v}" for k, v in differences.items())


def test_side_by_side_emphasis_is_stored_as_wagtails_editor_saves_it():
    """Redcarpet writes '***a ***b' as two italic runs side by side; readers see one, and
    Wagtail's editor saves one: stored as one, an editor's save changes nothing."""
    from jekyll.mapping.rich_text import RichTextWriter, soup_of
    from tests.jekyll.test_import import editor_keeps

    features = ["bold", "italic", "link"]
    html = redcarpet().render("**In turn***. And ***we have a hierarchy, ***we can.**\n")
    stored = RichTextWriter(features).paragraphs_of(soup_of(html))
    assert "</i><i>" not in stored
    assert editor_keeps(stored, features)
