"""The importer's pure steps, one at a time: no database involved."""

import datetime
import zoneinfo
from pathlib import Path

import pytest
from django.conf import settings

from jekyll.mapping.html_to_blocks import html_to_blocks
from jekyll.mapping.images import ImageLocator, ImageSource
from jekyll.reading.front_matter import FrontMatterError, parse_post
from jekyll.reading.source import JekyllSite, find_site
from jekyll.rendering.liquid import expand_liquid
from jekyll.rendering.markdown import engine_for, render_markdown
from jekyll.runner import prepare_post
from jekyll.writing.related import loose_title, normalise_title
from tests.jekyll.test_import import FIXTURES

SITE = JekyllSite(root=Path("/nowhere"))
POST_PATH = Path("/nowhere/_posts/2021-08-10-work-life-integration.markdown")


def parse(front_matter: str, body: str = "Body.\n", site: JekyllSite = SITE, path=POST_PATH):
    return parse_post(f"---\n{front_matter}\n---\n{body}", path=path, site=site)


def blocks_of(html: str, **locator_options):
    return html_to_blocks(html, ImageLocator(FIXTURES, **locator_options))


def types(conversion) -> list[str]:
    return [block["type"] for block in conversion.blocks]


# --- source ----------------------------------------------------------------------------


def test_a_site_folder_a_posts_folder_and_a_file_give_the_same_post_keys():
    keys = set()
    for path in (
        FIXTURES,
        FIXTURES / "_posts",
        FIXTURES / "_posts" / "2020-01-03-same-picture-twice.md",
    ):
        site = find_site(path)
        assert site.root == FIXTURES
        assert site.config["url"] == "https://blog.example.com"
        keys.add(site.source_key(FIXTURES / "_posts" / "2020-01-03-same-picture-twice.md"))
    assert keys == {"_posts/2020-01-03-same-picture-twice.md"}


def test_files_without_a_date_in_a_posts_folder_are_not_posts(tmp_path):
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts" / "README.md").write_text("Not a post.")
    (tmp_path / "_posts" / "2021-01-01-a-post.md").write_text("---\ntitle: A\n---\n")
    assert [path.name for path in find_site(tmp_path).post_paths] == ["2021-01-01-a-post.md"]


def test_hero_image_may_be_named_relative_to_the_post_image_folder():
    locator = ImageLocator(FIXTURES)
    assert locator.locate_in_images("fixture/pixel.png").source.path.name == "pixel.png"
    assert locator.locate_in_images("pixel.png", img_dir="fixture").source.path.name == "pixel.png"
    assert locator.locate_in_images("../../../etc/passwd").problem


# --- front matter ----------------------------------------------------------------------


def test_slug_is_the_file_name_without_date_and_extension():
    assert parse("title: T").slug == "work-life-integration"


def test_tags_from_a_string_are_split_and_deduplicated_in_first_seen_order():
    post = parse("title: T\ntags: b a b c a  ")
    assert post.tags == ["b", "a", "c"]


def test_tags_from_a_list():
    assert parse("title: T\ntags: [x, Y, y]").tags == ["x", "Y"]


@pytest.mark.parametrize(
    "line, expected",
    [
        ('categories: "Productivity-tips"', ["Productivity-tips"]),
        ("categories: [features, Mobile]", ["features", "Mobile"]),
        ('categories: ""', []),
        ("categories:", []),
        ("category: Dreams", ["Dreams"]),
    ],
)
def test_categories_string_list_or_empty(line, expected):
    assert parse(f"title: T\n{line}").categories == expected


def test_naive_date_is_in_django_time_zone_without_a_site_time_zone():
    post = parse("title: T\ndate: 2021-08-10 11:58:07")
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    assert post.date == datetime.datetime(2021, 8, 10, 11, 58, 7, tzinfo=zone)


def test_naive_date_is_in_the_site_time_zone():
    site = JekyllSite(root=Path("/nowhere"), config={"timezone": "Asia/Taipei"})
    post = parse("title: T\ndate: 2021-08-10 11:58:07", site=site)
    assert post.date == datetime.datetime(
        2021, 8, 10, 11, 58, 7, tzinfo=zoneinfo.ZoneInfo("Asia/Taipei")
    )


def test_date_without_time_and_quoted_date_with_offset():
    assert parse("title: T\ndate: 2021-08-10").date.time() == datetime.time(0, 0)
    offset = parse('title: T\ndate: "2021-08-10 11:58 +0800"').date
    assert offset.utcoffset() == datetime.timedelta(hours=8)


def test_missing_date_comes_from_the_file_name():
    assert parse("title: T").date.date() == datetime.date(2021, 8, 10)


def test_author_intros_related_posts_and_unknown_keys():
    post = parse(
        "title: T\nauthor: Ann\nauthorImg: /images/author/ann.png\nauthorDesc: Writes.\n"
        "authorLink: https://example.com\nindex-intro: Long.\ncategory-intro: Short.\n"
        'relatedPosts: ["One", "Two",]\nimgDir: dir\nimage: dir/hero.png\ncolour: green'
    )
    assert (post.author.name, post.author.image) == ("Ann", "/images/author/ann.png")
    assert (post.author.description, post.author.link) == ("Writes.", "https://example.com")
    assert (post.index_intro, post.category_intro) == ("Long.", "Short.")
    assert post.related_titles == ["One", "Two"]
    assert (post.img_dir, post.image) == ("dir", "dir/hero.png")
    assert post.extra == {"colour": "green"}


def test_hidden_and_unpublished_posts_are_hidden():
    assert parse("title: T\nhidden: true").hidden
    assert parse("title: T\npublished: false").hidden
    assert not parse("title: T").hidden


def test_missing_title_comes_from_the_file_name_with_a_warning():
    post = parse("date: 2021-08-10")
    assert post.title == "Work life integration"
    assert post.warnings


def test_invalid_front_matter_names_the_file_and_the_line():
    with pytest.raises(
        FrontMatterError, match=r"2021-08-10-work-life-integration.markdown.*line 3"
    ):
        parse("author: Ann\ntitle: What is: YAML")


def test_a_file_without_front_matter_is_refused():
    with pytest.raises(FrontMatterError, match="no front matter"):
        parse_post("Just text.", path=POST_PATH, site=SITE)


# --- Liquid ----------------------------------------------------------------------------


def expand(body, site_vars=None, page_vars=None):
    return expand_liquid(body, site_vars=site_vars or {"baseurl": ""}, page_vars=page_vars or {})


def test_site_and_page_variables_with_or_without_spaces():
    result = expand(
        "{{ site.baseurl }}/images/{{page.imgDir}}/a.png {{ site.title }}",
        site_vars={"baseurl": "/blog", "title": "Quire"},
        page_vars={"imgDir": "2021-x"},
    )
    assert result.text == "/blog/images/2021-x/a.png Quire"
    assert result.warnings == []


def test_undefined_variables_become_empty_with_a_warning():
    result = expand("a{{ page.nope }}b")
    assert result.text == "ab"
    assert "page.nope" in result.warnings[0]


def test_raw_blocks_are_kept_literally():
    result = expand("{% raw %}{{ page.title }} {% if x %}{% endraw %}", page_vars={"title": "T"})
    assert result.text == "{{ page.title }} {% if x %}"


def test_highlight_becomes_a_code_block_in_its_language():
    result = expand("{% highlight bash %}\necho ```hi```\n{% endhighlight %}")
    assert '<code class="language-bash" data-lang="bash">echo ```hi```</code>' in result.text


def test_markdown_blocks_are_rendered_inside_html():
    result = expand(
        '<div class="x">\n{% markdown %}\n**bold** [a](https://a.example)\n{% endmarkdown %}\n</div>'
    )
    html = render_markdown(result.text)
    assert '<div class="x">\n<p><strong>bold</strong> <a href="https://a.example">a</a></p>' in html
    assert html.rstrip().endswith("</div>")


def test_comments_disappear_and_tags_of_site_plugins_are_reported():
    result = expand("a{% comment %}secret{% endcomment %}b{% youtube abc123 %}")
    assert result.text == "ab"
    assert result.warnings == [
        "{% youtube %} is a tag of a Jekyll plugin Folio does not run; left out."
    ]


# --- Markdown --------------------------------------------------------------------------


def test_kramdown_tables_strikethrough_and_footnotes():
    html = render_markdown(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ https://example.com note[^1]\n\n[^1]: Foot.\n"
    )
    assert "<table>" in html and "<th>a</th>" in html
    assert "<del>gone</del>" in html
    assert "Foot." in html


def test_kramdown_leaves_bare_urls_as_text_and_redcarpet_autolink_links_them():
    text = "See https://example.com today.\n"
    redcarpet = engine_for({"markdown": "redcarpet", "redcarpet": {"extensions": ["autolink"]}})
    assert "<a " not in render_markdown(text)
    assert '<a href="https://example.com">https://example.com</a>' in redcarpet.render(text)


def test_redcarpet_reads_reference_definitions_right_after_text():
    html = engine_for({"markdown": "redcarpet"}).render(
        "Use [Jekyll][jekyll].\n[jekyll]: http://jekyllrb.com\n[gh]: https://github.com\n"
    )
    assert '<a href="http://jekyllrb.com">Jekyll</a>' in html
    assert "github.com" not in html


def test_raw_html_passes_through_markdown():
    assert '<p class="notice">Hi</p>' in render_markdown('<p class="notice">Hi</p>\n')


# --- HTML to blocks --------------------------------------------------------------------


def test_consecutive_paragraphs_lists_and_rules_make_one_paragraph_block():
    conversion = blocks_of(
        "<p>a</p><ul><li>b</li></ul><hr><ol><li><p>c</p></li></ol><h2>H</h2><p>d</p>"
    )
    assert types(conversion) == ["paragraph", "heading", "paragraph"]
    assert conversion.blocks[0]["value"] == "<p>a</p><ul><li>b</li></ul><hr/><ol><li>c</li></ol>"


def test_list_item_text_with_markup_stays_on_one_line():
    conversion = blocks_of("<ul><li>plain <b>bold</b> end<ul><li>x</li></ul></li></ul>")
    assert conversion.blocks[0]["value"] == (
        "<ul><li>plain <b>bold</b> end<ul><li>x</li></ul></li></ul>"
    )


def test_rich_text_uses_wagtail_tags_only():
    conversion = blocks_of(
        '<p><strong>b</strong> <em>i</em> <del>s</del> <code>c</code> <span style="x">t</span> '
        '<a href="https://e.com" title="x" target="_blank">l</a><br>n</p>'
    )
    assert conversion.blocks[0]["value"] == (
        '<p><b>b</b> <i>i</i> <s>s</s> <code>c</code> t <a href="https://e.com">l</a><br/>n</p>'
    )


def test_headings_are_clamped_to_h2_to_h4():
    conversion = blocks_of("<h1>One</h1><h3>Three</h3><h6>Six</h6>")
    assert [block["value"] for block in conversion.blocks] == [
        {"text": "One", "level": "h2"},
        {"text": "Three", "level": "h3"},
        {"text": "Six", "level": "h4"},
    ]


def test_code_block_language_comes_from_its_class():
    conversion = blocks_of('<pre><code class="language-dart">main() {}\n</code></pre>')
    assert conversion.blocks == [
        {"type": "code", "value": {"language": "dart", "code": "main() {}"}}
    ]


def test_table_block_value():
    conversion = blocks_of(
        "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>"
    )
    assert conversion.blocks[0]["value"] == {
        "data": [["a", "b"], ["1", ""]],
        "first_row_is_table_header": True,
        "first_col_is_header": False,
        "table_header_choice": "row",
        "table_caption": "",
    }


def test_quote_with_attribution():
    conversion = blocks_of(
        "<blockquote><p>Integration beats balance.</p><p>— Quire</p></blockquote>"
    )
    assert conversion.blocks == [
        {"type": "quote", "value": {"text": "Integration beats balance.", "attribution": "Quire"}}
    ]


def test_notice_keeps_its_links():
    conversion = blocks_of('<p class="notice">Read <a href="https://e.com/x">more</a>.</p>')
    assert conversion.blocks == [
        {
            "type": "notice",
            "value": {"style": "info", "text": '<p>Read <a href="https://e.com/x">more</a>.</p>'},
        }
    ]


def test_guest_only_div_becomes_a_call_to_action_with_the_exact_url():
    conversion = blocks_of(
        '<div class="guest-only"><p><a href="https://bit.ly/38mUj9f?a=1&amp;b=2">'
        '<img src="/images/fixture/pixel.png" alt="Try it free"></a></p></div>'
    )
    ((block_type, value),) = [(b["type"], b["value"]) for b in conversion.blocks]
    assert block_type == "call_to_action"
    assert value["url"] == "https://bit.ly/38mUj9f?a=1&b=2"
    assert value["audience"] == "guests"
    # An image link alone stays one: no heading or button repeating its alt text.
    assert (value["style"], value["image_alt"]) == ("image", "Try it free")
    assert value["heading"] == value["button_label"] == ""
    assert isinstance(value["image"], ImageSource)


def test_missing_image_is_left_out_with_a_warning():
    conversion = blocks_of('<p><img src="/images/nope.png" alt="Gone"></p>')
    assert conversion.blocks == []
    assert "/images/nope.png" in conversion.warnings[0]


def test_missing_image_links_to_the_old_site_when_its_address_is_given():
    conversion = blocks_of(
        '<p><img src="/images/nope.png" alt="Gone"></p>', image_base_url="https://old.example/blog"
    )
    assert (
        conversion.blocks[0]["value"]["external_url"] == "https://old.example/blog/images/nope.png"
    )
    assert conversion.blocks[0]["value"]["image"] is None


def test_found_image_with_alt_and_link():
    conversion = blocks_of(
        '<p><a href="https://e.com"><img src="images/fixture/pixel.png" alt="Red"></a></p>'
    )
    value = conversion.blocks[0]["value"]
    assert value["image"].path.name == "pixel.png"
    assert (value["alt"], value["link"]) == ("Red", "https://e.com")


def test_images_inside_a_list_stay_after_their_item():
    conversion = blocks_of(
        '<ol><li>Step <img src="/images/fixture/pixel.png" alt="shot"></li><li>Two</li></ol>'
    )
    assert types(conversion) == ["paragraph", "image", "paragraph"]
    assert conversion.blocks[0]["value"] == "<ol><li>Step</li></ol>"
    assert conversion.blocks[2]["value"] == '<ol start="2"><li>Two</li></ol>'


def test_scripts_and_event_handlers_never_survive_and_are_reported():
    conversion = blocks_of(
        '<script>alert(1)</script><div onclick="x()">Text</div>'
        '<iframe src="https://maps.example.com/embed?q=1" onload="y()"></iframe>'
        '<p><a href="javascript:evil()">bad</a></p>'
    )
    stored = str(conversion.blocks)
    for dangerous in ("alert", "onclick", "onload", "javascript", "<script"):
        assert dangerous not in stored
    assert types(conversion) == ["paragraph", "raw_html", "paragraph"]
    assert "maps.example.com/embed" in conversion.blocks[1]["value"]
    assert conversion.blocks[2]["value"] == "<p>bad</p>"
    (report,) = conversion.warnings
    for removed in ("<script>", "onclick=", "onload=", "javascript: link"):
        assert removed in report


def test_other_html_is_sanitised_into_a_raw_html_block():
    conversion = blocks_of('<form action="/x"><input type="checkbox"> Walk the dog<br></form>')
    assert conversion.blocks == [{"type": "raw_html", "value": "Walk the dog<br>"}]
    assert "<form>" in conversion.warnings[0] and "<input>" in conversion.warnings[0]


def test_unwrapped_divs_and_loose_text_become_paragraphs():
    conversion = blocks_of('<div style="margin: 0">Read <a href="https://e.com">this</a></div>')
    assert conversion.blocks == [
        {"type": "paragraph", "value": '<p>Read <a href="https://e.com">this</a></p>'}
    ]


# --- related titles and a whole post --------------------------------------------------


def test_titles_match_exactly_but_for_unicode_form_and_spaces():
    assert normalise_title(" Caf\u00e9  au lait ") == normalise_title("Cafe\u0301 au lait")
    assert normalise_title("Hello GitHub, We’re Quire") != normalise_title(
        "Hello GitHub, We're Quire"
    )
    assert normalise_title("Quire 101") != normalise_title("quire 101")


def test_near_misses_match_across_case_quotes_and_punctuation():
    assert loose_title("Hello GitHub, We’re Quire") == loose_title("hello github we're quire")
    assert loose_title("“Hey Siri”: add  a task!") == loose_title('"hey siri" add a task')
    assert loose_title("One") != loose_title("Two")


# The database only gives BlogPage its content type, as the import's warm-up does before it
# forks the preparing worker (which refuses queries).
@pytest.mark.django_db
def test_prepared_fixture_post_has_every_block_type_it_uses():
    site = find_site(FIXTURES)
    path = FIXTURES / "_posts" / "2020-01-01-markdown-features.md"
    post = prepare_post(path, site, ImageLocator(site.root, baseurl=site.baseurl))
    assert types(post) == [
        "paragraph", "heading", "table", "heading", "code", "code", "paragraph", "quote",
        "paragraph", "image", "notice", "call_to_action", "paragraph", "embed", "paragraph",
    ]  # fmt: skip
    assert [block["value"]["language"] for block in post.blocks if block["type"] == "code"] == [
        "python",
        "javascript",
    ]
    assert "Liquid stays literal: {{ page.title }} and {% if x %}." in post.blocks[6]["value"]
    assert post.hero.source.path.name == "pixel.png"
