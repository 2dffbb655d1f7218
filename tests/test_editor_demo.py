"""The demo post of `make run` (`manage.py load_demo`, issue #15 bug 5): it installs with
its pictures, and loading it again after a real import reports nothing missing."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from blog.models import BlogIndexPage, BlogPage
from jekyll.runner import run_import

pytestmark = pytest.mark.django_db

TINY_SITE = Path(__file__).parent / "jekyll" / "fixtures" / "tiny_site"


def load_demo():
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    return output.getvalue()


def test_the_demo_post_installs_with_its_pictures():
    output = load_demo()

    post = BlogPage.objects.get(slug="work-life-integration")
    assert "image file not found" not in output
    assert post.hero_image is not None
    images = [block.value["image"] for block in post.body if block.block_type == "image"]
    ctas = [block.value for block in post.body if block.block_type == "call_to_action"]
    assert images and all(image is not None for image in images)
    assert ctas and ctas[0]["image"] is not None


def test_load_demo_after_an_import_reports_nothing_missing():
    load_demo()
    run_import(TINY_SITE, BlogIndexPage.objects.get())

    output = load_demo()

    assert "missing  " not in output
    assert "0 missing" in output
    assert "1 unchanged" in output
    assert BlogPage.objects.get(slug="work-life-integration").live
