"""A post's Liquid runs as Jekyll runs it: its tags, its filters, ``site`` and ``page``.

Each test builds a small site in a temporary folder and expands one body in it.
"""

from pathlib import Path

import pytest

from jekyll.reading.front_matter import read_post
from jekyll.reading.site_index import read_site_index
from jekyll.reading.source import find_site
from jekyll.rendering.liquid import LiquidError, expand_liquid
from jekyll.rendering.liquid_site import SiteLiquid
from jekyll.rendering.post import render_post
from jekyll.report import Status
from jekyll.runner import run_import

CONFIG = 'title: Old blog\nurl: "https://old.example.com"\nbaseurl: "/blog"\ntimezone: UTC\n'
POSTS = {
    "_posts/2021-01-01-first.md": "---\ntitle: First\ncategories: [guides]\ntags: [a]\n---\nOne.\n",
    "_posts/2021-02-01-second.md": "---\ntitle: Second\ncategories: [news]\n---\nTwo.\n",
    "_posts/2021-03-01-third.md": "---\ntitle: Third\ncategories: [guides]\n---\nThree.\n",
}


def make_site(root: Path, files: dict | None = None, config: str = CONFIG) -> Path:
    for name, content in {"_config.yml": config, **POSTS, **(files or {})}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def liquid_of(root: Path) -> SiteLiquid:
    site = find_site(root)
    return SiteLiquid(site, read_site_index(site))


def expand(root: Path, body: str, post: str = "_posts/2021-01-01-first.md"):
    site = liquid_of(root)
    source = read_post(root / post, site.site)
    return expand_liquid(
        body, site=site, page_vars=site.page_variables(source), post_folder=(root / post).parent
    )


@pytest.fixture
def root(tmp_path):
    return make_site(tmp_path / "site")


# --- Jekyll's tags ------------------------------------------------------------------------


def test_link_gives_a_posts_url_with_the_baseurl(root):
    assert (
        expand(root, "{% link _posts/2021-02-01-second.md %}").text
        == "/blog/news/2021/02/01/second.html"
    )


def test_link_gives_a_pages_and_a_files_url(tmp_path):
    root = make_site(
        tmp_path / "site",
        {"docs/setup.md": "---\ntitle: Setup\npermalink: /docs/setup/\n---\nHow.\n", "a.pdf": b"%"},
    )
    result = expand(root, "{% link docs/setup.md %} {% link a.pdf %}")
    assert result.text == "/blog/docs/setup/ /blog/a.pdf"


def test_post_url_follows_the_sites_permalink(tmp_path):
    root = make_site(tmp_path / "site", config=CONFIG + "permalink: /p/:title.html\n")
    assert expand(root, "{% post_url 2021-03-01-third %}").text == "/blog/p/third.html"


def test_a_link_to_nothing_writes_nothing_and_is_reported(root):
    result = expand(root, "[x]({% link _posts/2020-01-01-gone.md %})")
    assert result.text == "[x]()"
    assert result.warnings == [
        "{% link _posts/2020-01-01-gone.md %}: no such page, post or file in the site; left out."
    ]


def test_include_passes_its_parameters(tmp_path):
    root = make_site(
        tmp_path / "site",
        {"_includes/note.html": '<p class="notice">{{ include.text }} ({{ include.by }})</p>'},
    )
    result = expand(root, '{% include note.html text="Back up first." by=page.title %}')
    assert result.text == '<p class="notice">Back up first. (First)</p>'


def test_include_relative_reads_beside_the_post(tmp_path):
    root = make_site(tmp_path / "site", {"_posts/snippet.txt": "Beside {{ page.title }}."})
    assert expand(root, "{% include_relative snippet.txt %}").text == "Beside First."


@pytest.mark.parametrize("name", ["../_config.yml", "/etc/passwd", "linked.html"])
def test_include_never_reads_outside_the_includes_folder(tmp_path, name):
    root = make_site(tmp_path / "site", {"_includes/real.html": "real"})
    (root / "_includes" / "linked.html").symlink_to(root / "_config.yml")
    result = expand(root, f"{{% include {name} %}}")
    assert result.text == ""
    assert f"{{% include {name} %}}: no such file in the site; left out." in result.warnings


def test_an_include_of_itself_fails_the_post_alone(tmp_path, blog_index):
    root = make_site(
        tmp_path / "site",
        {
            "_includes/loop.html": "again {% include loop.html %}",
            "_posts/2021-04-01-loops.md": "---\ntitle: Loops\n---\n{% include loop.html %}\n",
        },
    )
    report = run_import(root, blog_index)
    statuses = {post.source: (post.status, post.error) for post in report.posts}
    status, error = statuses["_posts/2021-04-01-loops.md"]
    assert status == Status.FAILED and "includes files more than 30 deep" in error
    assert statuses["_posts/2021-01-01-first.md"][0] == Status.CREATED


def test_highlight_with_linenos_keeps_the_numbers_apart_from_the_code(root):
    source = read_post(root / "_posts/2021-01-01-first.md", find_site(root))
    source.body = "{% highlight python linenos %}\nx = 1\ny = 2\n{% endhighlight %}\n"
    html = render_post(source, liquid_of(root)).html
    assert html.strip() == (
        '<pre data-linenos="1"><code class="language-python">x = 1\ny = 2</code></pre>'
    )


def test_markdown_block_uses_the_sites_engine(tmp_path):
    root = make_site(tmp_path / "site", config=CONFIG + "markdown: redcarpet\n")
    result = expand(root, "<div>\n{% markdown %}\n##Heading\n{% endmarkdown %}\n</div>")
    assert "<h2>Heading</h2>" in result.text


def test_a_tag_of_a_site_plugin_writes_nothing_and_is_reported(root):
    result = expand(root, "a{% youtube abc123 %}b{% gist 1 %}")
    assert result.text == "ab"
    assert len(result.warnings) == 2 and "{% youtube %}" in result.warnings[0]


# --- site and page --------------------------------------------------------------------------


def test_assign_and_for_build_a_list_of_links(root):
    body = (
        '{% assign guides = site.posts | where: "categories", "guides" | sort: "title" %}'
        "{% for post in guides %}[{{ post.title }}]({{ post.url | relative_url }}) {% endfor %}"
    )
    assert expand(root, body).text == (
        "[First](/blog/guides/2021/01/01/first.html) [Third](/blog/guides/2021/03/01/third.html) "
    )


def test_site_posts_are_newest_first_with_tags_and_categories(root):
    body = "{{ site.posts | map: 'title' | join: ',' }} {{ site.categories.guides | size }} "
    body += "{{ site.tags.a | map: 'title' | join: ',' }}"
    assert expand(root, body).text == "Third,Second,First 2 First"


def test_where_exp_and_group_by(root):
    body = (
        "{% assign early = site.posts | where_exp: 'p', 'p.title != \"Second\"' %}"
        "{{ early | size }} "
        "{% assign groups = site.posts | group_by: 'categories' %}"
        "{% for group in groups %}{{ group.name }}:{{ group.size }} {% endfor %}"
    )
    # Grouped by a list, as Jekyll groups: by the list written as Ruby writes it.
    assert expand(root, body).text == '2 ["guides"]:2 ["news"]:1 '


def test_site_data_is_read_from_yaml_json_and_csv(tmp_path):
    root = make_site(
        tmp_path / "site",
        {
            "_data/team.yml": "- name: Ann\n- name: Bo\n",
            "_data/links/main.json": '{"home": "/"}',
            "_data/plans.csv": "name,price\nFree,0\nPro,10\n",
        },
    )
    body = "{{ site.data.team | map: 'name' | join: '+' }} {{ site.data.links.main.home }} "
    body += "{{ site.data.plans[1].price }}"
    assert expand(root, body).text == "Ann+Bo / 10"


def test_page_knows_its_url_date_and_front_matter(root):
    body = "{{ page.url }} {{ page.date }} {{ page.title }} {{ page.categories }}"
    assert (
        expand(root, body).text
        == "/guides/2021/01/01/first.html 2021-01-01 00:00:00 +0000 First guides"
    )


def test_an_undefined_variable_writes_nothing_and_is_reported(root):
    result = expand(root, "a{{ page.nope }}b")
    assert result.text == "ab"
    assert result.warnings == ["{{ page.nope }} is not defined; replaced by nothing."]


# --- Jekyll's filters ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "written"),
    [
        ('"/docs/" | relative_url', "/blog/docs/"),
        ('"/docs/" | absolute_url', "https://old.example.com/blog/docs/"),
        ('"https://x.example/a" | relative_url', "https://x.example/a"),
        ('"Hello, World & Friends!" | slugify', "hello-world-friends"),
        ('"Hello, World!" | slugify: "pretty"', "hello,-world!"),
        ('"one two  three" | number_of_words', "3"),
        ('"a < b & c" | xml_escape', "a &lt; b &amp; c"),
        ('"a b&c" | cgi_escape', "a+b%26c"),
        ('"a b/c" | uri_escape', "a%20b/c"),
        ("page.date | date_to_string", "01 Jan 2021"),
        ('page.date | date_to_string: "ordinal", "US"', "Jan 1st, 2021"),
        ("page.date | date_to_long_string", "01 January 2021"),
        ("page.date | date_to_xmlschema", "2021-01-01T00:00:00+00:00"),
        ('page.date | date: "%B %-d, %Y"', "January 1, 2021"),
        ('"Some *text*" | markdownify', "<p>Some <em>text</em></p>\n"),
    ],
)
def test_jekylls_filters(root, expression, written):
    assert expand(root, f"{{{{ {expression} }}}}").text == written


def test_array_filters(root):
    body = (
        "{% assign names = 'Ann,Bo,Cy' | split: ',' %}"
        "{{ names | array_to_sentence_string }}|{{ names | jsonify }}|"
        "{{ names | push: 'Di' | size }}|{{ names | array_to_sentence_string: 'or' }}"
    )
    assert expand(root, body).text == 'Ann, Bo, and Cy|["Ann","Bo","Cy"]|4|Ann, Bo, or Cy'


def test_an_unknown_filter_is_ignored_and_reported(root):
    result = expand(root, "{{ 'x' | sparkle }}")
    assert result.text == "x"
    assert result.warnings == ["The Liquid filter 'sparkle' is not one Jekyll has; ignored."]


# --- errors and bounds ---------------------------------------------------------------------


def test_a_liquid_error_fails_its_post_with_the_line(tmp_path, blog_index):
    broken = "---\ntitle: Broken\n---\nFine.\n\n{% if page.title %}\nNever closed.\n"
    root = make_site(tmp_path / "site", {"_posts/2021-04-01-broken.md": broken})
    report = run_import(root, blog_index)
    failed = [post for post in report.posts if post.status == Status.FAILED]
    assert [post.source for post in failed] == ["_posts/2021-04-01-broken.md"]
    assert "its Liquid cannot be read: expected tag endif" in failed[0].error


def test_loops_are_bounded(root):
    with pytest.raises(LiquidError, match="loops more than 100,000 times"):
        expand(root, "{% for i in (1..200000) %}{% endfor %}")


def test_a_body_read_without_its_site_uses_the_variables_given():
    result = expand_liquid(
        '{{ "/docs/" | relative_url }} {{ site.title }}',
        site_vars={"baseurl": "/blog", "title": "Old blog"},
    )
    assert result.text == "/blog/docs/ Old blog"
