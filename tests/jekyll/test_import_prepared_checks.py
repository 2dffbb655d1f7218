"""Blocks are checked, and the fidelity figure measured, while a post is prepared.

Preparing runs beside the writer (in a worker process); the writer keeps its answers
only when its body is the one preparing expected, and must end with what it would have
found itself.
"""

from functools import partial
from pathlib import Path

from wagtail.images import get_image_model

from blog.models import BlogPage
from blog.snippets import CallToAction
from jekyll.fidelity import page_fidelity, prepared_fidelity, warm_up_for_preparing
from jekyll.mapping.block_checks import block_problem, block_problems
from jekyll.mapping.images import ImageLocator
from jekyll.preparing import DatabaseRefused, prepared_posts
from jekyll.reading.source import find_site
from jekyll.runner import prepare_post, run_import, site_url
from tests.jekyll.test_import_writer import copy_site, write_post

PIXEL = Path(__file__).parent / "fixtures" / "tiny_site" / "images" / "fixture" / "pixel.png"


def prepared(site_root: Path, file_name: str):
    site = find_site(site_root)
    locator = ImageLocator(site.root, baseurl=site.baseurl, site_url=site_url(site))
    return prepare_post(site.root / "_posts" / file_name, site, locator)


def test_the_figure_measured_while_preparing_is_the_figure_of_the_page_written(
    tmp_path, blog_index
):
    site = copy_site(tmp_path / "site")
    # A link to another post becomes a page link when written: the same words show.
    write_post(
        site,
        "2022-01-01-linking.md",
        "---\ntitle: Linking\n---\nRead [the overwork post](/blog/p/overtime-working-culture.html)"
        " and [the pictures](/blog/p/same-picture-twice.html).\n\n"
        "![A pixel](/images/fixture/pixel.png)\n",
    )

    report = run_import(site, blog_index)

    measured = [post for post in report.posts if post.page_id]
    assert len(measured) >= 4
    for post in measured:
        page = BlogPage.objects.get(pk=post.page_id).get_latest_revision_as_object()
        expected = prepared(site, Path(post.source).name)
        assert expected.fidelity is not None
        assert post.fidelity == expected.fidelity == page_fidelity(expected.source_words, page)
    linking = BlogPage.objects.get(slug="linking")
    assert 'linktype="page"' in linking.body[0].value.source


def test_a_block_whose_image_cannot_be_stored_is_checked_again_and_measured_as_written(
    tmp_path, blog_index
):
    site = copy_site(tmp_path / "site")
    (site / "images" / "broken.png").write_bytes(b"not a picture")
    write_post(
        site,
        "2022-01-02-broken-picture.md",
        "---\ntitle: Broken picture\n---\nBefore.\n\n![Broken](/images/broken.png)\n\nAfter.\n",
    )
    preparing = prepared(site, "2022-01-02-broken-picture.md")
    # Preparing only saw a file on disk, which would do.
    assert preparing.block_problems == [None, None, None]

    report = run_import(site, blog_index)

    post = next(post for post in report.posts if post.title == "Broken picture")
    assert any(warning.startswith("Left out a image block") for warning in post.warnings)
    page = BlogPage.objects.get(pk=post.page_id)
    assert [block.block_type for block in page.body] == ["paragraph", "paragraph"]
    assert post.fidelity == page_fidelity(preparing.source_words, page)


def test_an_image_block_with_its_library_image_is_checked_without_a_query(
    blog_index, django_assert_num_queries
):
    image = get_image_model().objects.create(title="Pixel", file=PIXEL.name, width=1, height=1)
    value = {"image": image.pk, "external_url": "", "alt": "A pixel", "caption": "", "link": ""}

    with django_assert_num_queries(0):
        assert block_problem("image", value, {"image": image}) is None


def test_an_image_block_with_neither_image_nor_url_is_still_refused():
    value = {"image": None, "external_url": "", "alt": "", "caption": "", "link": ""}

    assert block_problems([{"type": "image", "value": value}]) == [
        "image: Choose an image or give an external URL."
    ]


def test_a_body_that_needs_the_database_to_render_is_left_for_the_writer_to_measure(blog_index):
    snippet = CallToAction.objects.create(
        name="Banner", heading="Try it", button_label="Go", url="https://x.test"
    )
    blocks = [{"type": "call_to_action", "value": {"snippet": snippet.pk, "audience": "everyone"}}]

    assert prepared_fidelity(["Try", "it"], blocks, [None]) is None


def test_posts_prepared_in_a_worker_process_arrive_checked_and_measured(tmp_path, blog_index):
    site = copy_site(tmp_path / "site")

    in_worker = run_import(site, blog_index, dry_run=True, workers=1)
    here = run_import(site, blog_index, dry_run=True)

    assert [post.fidelity for post in in_worker.posts] == [post.fidelity for post in here.posts]
    source = find_site(site)
    locator = ImageLocator(source.root, baseurl=source.baseurl, site_url=site_url(source))
    warm_up_for_preparing()
    prepare = partial(prepare_post, site=source, locator=locator)
    for _path, post in prepared_posts(source.post_paths, prepare, workers=1):
        assert post.block_problems is not None
        assert post.fidelity is not None


def count_posts(path):
    return BlogPage.objects.count()


def test_a_worker_that_tries_a_query_fails_its_post_and_leaves_the_connection_alone(
    tmp_path, blog_index
):
    site = find_site(copy_site(tmp_path / "site"))
    pages_before = BlogPage.objects.count()

    results = [result for _path, result in prepared_posts(site.post_paths, count_posts, workers=1)]

    assert results and all(isinstance(result, DatabaseRefused) for result in results)
    assert BlogPage.objects.count() == pages_before
