"""Fixtures of the importer's tests: the fixture site copied, and that copy imported."""

import pytest

from jekyll.runner import run_import
from tests.jekyll.test_import_writer import copy_site


@pytest.fixture
def fixture_site(tmp_path):
    """A copy of tests/jekyll/fixtures/tiny_site that a test may change."""
    return copy_site(tmp_path / "site")


@pytest.fixture
def fixture_report(fixture_site, blog_index):
    """``fixture_site`` imported once, with its pictures; no post failed."""
    report = run_import(fixture_site, blog_index)
    assert not report.failed, [post.error for post in report.failed]
    return report
