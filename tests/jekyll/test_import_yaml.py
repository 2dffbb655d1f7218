"""``_config.yml`` and front matter are read as Jekyll reads them: YAML by libyaml (the
parser Ruby's Psych uses), dates as Ruby's ``Time.parse`` reads them.

A ``_config.yml`` that still cannot be read is a warning: the posts import with Jekyll's
defaults. Expected dates below are what ``Time.parse`` (Jekyll's ``Utils.parse_date``) gave
for the same text in Ruby 3.1, the site in UTC.
"""

import datetime
import io
import zoneinfo
from pathlib import Path

import pytest
from django.core.management import call_command

from blog.models import BlogPage
from jekyll.reading.front_matter import FrontMatterError, parse_post
from jekyll.reading.source import JekyllSite, find_site
from jekyll.report import Status
from jekyll.runner import run_import

# The real blogs' _config.yml (issue #13): a TAB inside a flow mapping.
CONFIG_WITH_TAB = (
    "title: Quire blog\n"
    "url: https://quire.io\n"
    "baseurl: /blog\n"
    "category_archive: {\tpath: category}\n"
)
POST = "---\ntitle: Archive\n---\nSee the {{ site.category_archive.path }} pages.\n"
UTC = zoneinfo.ZoneInfo("UTC")


def make_site(root: Path, config: str | None, posts: dict[str, str] | None = None) -> Path:
    (root / "_posts").mkdir(parents=True)
    if config is not None:
        (root / "_config.yml").write_text(config, encoding="utf-8")
    for name, text in (posts or {"2021-01-01-archive.md": POST}).items():
        (root / "_posts" / name).write_text(text, encoding="utf-8")
    return root


def body_text(page: BlogPage) -> str:
    return " ".join(block.value.source for block in page.body if block.block_type == "paragraph")


# --- _config.yml -------------------------------------------------------------------------


def test_a_tab_inside_a_flow_mapping_in_the_config_is_read_as_jekyll_reads_it(tmp_path):
    site = find_site(make_site(tmp_path, CONFIG_WITH_TAB))

    assert site.config["category_archive"] == {"path": "category"}
    assert site.baseurl == "/blog"
    assert site.warnings == ()


def test_a_blog_whose_config_has_a_tab_in_a_flow_mapping_imports(tmp_path, blog_index):
    report = run_import(make_site(tmp_path, CONFIG_WITH_TAB), blog_index)

    assert [post.status for post in report.posts] == [Status.CREATED]
    assert "See the category pages." in body_text(BlogPage.objects.get())


def test_a_tab_inside_a_flow_mapping_in_front_matter_is_read(tmp_path, blog_index):
    post = "---\ntitle: Tabbed\nseo: {\tdescription: Short}\n---\nWords.\n"
    report = run_import(make_site(tmp_path, None, {"2021-01-01-tabbed.md": post}), blog_index)

    assert [post.status for post in report.posts] == [Status.CREATED]
    assert BlogPage.objects.get().source_front_matter["seo"] == {"description": "Short"}


def test_an_unreadable_config_is_a_warning_and_the_posts_import_with_defaults(tmp_path, blog_index):
    site = make_site(tmp_path, "title: [unclosed\nbaseurl: /old\n")

    report = run_import(site, blog_index)

    assert [post.status for post in report.posts] == [Status.CREATED]
    (warning,) = report.warnings
    assert warning.startswith("_config.yml is not valid YAML (line 2, column 8: ")
    assert "Jekyll's defaults" in warning
    assert str(tmp_path) not in warning


def test_a_config_that_is_not_a_mapping_is_a_warning(tmp_path):
    site = find_site(make_site(tmp_path, "- just\n- a list\n"))

    assert site.config == {}
    assert site.warnings == (
        "_config.yml must hold a mapping of settings; read with Jekyll's defaults.",
    )


def test_a_config_that_is_not_utf8_is_a_warning(tmp_path):
    site = make_site(tmp_path, None)
    (site / "_config.yml").write_bytes(b"title: caf\xe9\n")

    (warning,) = find_site(site).warnings

    assert warning.startswith("_config.yml is not UTF-8 text")
    assert str(tmp_path) not in warning


def test_the_command_prints_the_config_warning_and_succeeds(tmp_path, blog_index):
    site = make_site(tmp_path, "title: [unclosed\n")
    out = io.StringIO()

    call_command("import_jekyll", str(site), verbosity=1, workers=0, stdout=out)

    assert "warning: _config.yml is not valid YAML" in out.getvalue()
    assert "1 created" in out.getvalue()


# --- Dates -------------------------------------------------------------------------------

SITE = JekyllSite(root=Path("/nowhere"), config={"timezone": "UTC"})
POST_PATH = Path("/nowhere/_posts/2021-08-10-dated.md")


def date_of(text: str) -> datetime.datetime:
    post = parse_post(f'---\ntitle: T\ndate: "{text}"\n---\nBody.\n', path=POST_PATH, site=SITE)
    return post.date


def at(*parts, offset_hours: float | None = None) -> datetime.datetime:
    zone = UTC
    if offset_hours is not None:
        zone = datetime.timezone(datetime.timedelta(hours=offset_hours))
    return datetime.datetime(*parts, tzinfo=zone)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Issue #13: the year again after the time; Ruby then sees no zone (local time).
        ("2023-01-29 18:30:22 2023 -0800", at(2023, 1, 29, 18, 30, 22)),
        ("2023-01-29 18:30:22 -0800", at(2023, 1, 29, 18, 30, 22, offset_hours=-8)),
        ("2023-01-29 18:30:22 -08", at(2023, 1, 29, 18, 30, 22, offset_hours=-8)),
        ("2023-01-29 18:30:22.123 +0530", at(2023, 1, 29, 18, 30, 22, 123000, offset_hours=5.5)),
        ("2023-01-29 18:30:22 PST", at(2023, 1, 29, 18, 30, 22, offset_hours=-8)),
        ("2023-01-29 18:30:22 UTC", at(2023, 1, 29, 18, 30, 22)),
        # Ruby's Time knows no zone "GMT+8": local time.
        ("2023-01-29 18:30:22 GMT+8", at(2023, 1, 29, 18, 30, 22)),
        ("Sun, 29 Jan 2023 18:30:22 -0800", at(2023, 1, 29, 18, 30, 22, offset_hours=-8)),
        ("Jan 29 2023", at(2023, 1, 29)),
        ("29 Jan 2023", at(2023, 1, 29)),
        ("January 29, 2023 6:30pm", at(2023, 1, 29, 18, 30)),
        ("Sunday, January 29, 2023", at(2023, 1, 29)),
        ("2023/01/29 18:30", at(2023, 1, 29, 18, 30)),
        ("2023-1-5 9:05", at(2023, 1, 5, 9, 5)),
        ("2023-01-29 6:30 PM", at(2023, 1, 29, 18, 30)),
        ("2023.01.29", at(2023, 1, 29)),
        ("Jan-29-2023", at(2023, 1, 29)),
        ("20230129", at(2023, 1, 29)),
        ("29/01/2023", at(2023, 1, 29)),
        ("1/2/2023", at(2023, 2, 1)),
        ("Jan 2023", at(2023, 1, 1)),
    ],
)
def test_front_matter_dates_are_read_as_jekyll_reads_them(text, expected):
    assert date_of(text) == expected


@pytest.mark.parametrize(
    "text", ["not a date", "2023-13-45", "01/29/2023", "2023-01-29 25:00", "tomorrow"]
)
def test_a_date_nothing_can_read_fails_its_post_with_a_clear_reason(text):
    with pytest.raises(FrontMatterError) as raised:
        date_of(text)
    assert str(raised.value).startswith(f"_posts/2021-08-10-dated.md: the date {text!r}")


def test_a_date_too_long_to_be_one_is_refused_as_ruby_refuses_it():
    with pytest.raises(FrontMatterError, match="longer than 128"):
        date_of("2023-01-29 " + "x" * 200)


def test_a_post_dated_as_in_issue_13_imports(tmp_path, blog_index):
    post = "---\ntitle: Late night\ndate: 2023-01-29 18:30:22 2023 -0800\n---\nWords.\n"
    report = run_import(make_site(tmp_path, None, {"2023-01-29-late.md": post}), blog_index)

    assert [post.status for post in report.posts] == [Status.CREATED]
    assert BlogPage.objects.get().date.date() == datetime.date(2023, 1, 29)
