"""The public pages pass axe-core's checks with no serious or critical violation.

axe-core comes from npm (``package.json``, installed by ``make install``) and is injected by
the test. ``add_script_tag(path=...)`` inlines it, which the site's Content-Security-Policy
forbids, so these pages are opened in a context that ignores the policy.
"""

from pathlib import Path

import pytest

from tests.browser.content import reader_post
from tests.factories import BlogPageFactory, CallToActionFactory, ImageFactory
from tests.page_fixtures import publish

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture
def axe_page(unguarded_page):
    if not AXE.exists():
        pytest.skip(f"accessibility tests need axe-core at {AXE} (run `make install` with npm)")
    return unguarded_page


def rich_post(blog_index):
    """A post with every block a reader's assistive technology has to make sense of."""
    return publish(
        BlogPageFactory(
            parent=blog_index,
            title="Everything a post can hold",
            slug="everything",
            hero_image=ImageFactory(title="Team at a whiteboard"),
            body=[
                ("paragraph", '<p>Read the <a href="https://example.com/guide">guide</a>.</p>'),
                ("heading", {"text": "Numbers", "level": "h2"}),
                (
                    "table",
                    {
                        "data": [["Plan", "Price"], ["Free", "0"], ["Pro", "10"]],
                        "first_row_is_table_header": True,
                        "first_col_is_header": False,
                    },
                ),
                ("code", {"language": "python", "code": "print('focus')"}),
                ("notice", {"style": "warning", "text": "<p>Prices change in May.</p>"}),
                ("quote", {"text": "Small teams ship.", "attribution": "Ada"}),
                (
                    "call_to_action",
                    {"snippet": CallToActionFactory(heading="Try Folio"), "audience": "guests"},
                ),
            ],
        )
    )


def blocking_violations(page):
    """axe-core's serious and critical violations on the open page, one line per element."""
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("axe.run()")
    return [
        f"{violation['impact']} {violation['id']}: {violation['help']} — {node['target']}"
        f" {node['failureSummary']!r}"
        for violation in results["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
        for node in violation["nodes"]
    ]


# Each page, the status it answers and an element proving it shows what is checked.
PAGES = [
    ("home", "/", 200, ".card"),
    ("blog index", "/blog/", 200, ".card"),
    ("post with every block", "/blog/everything/", 200, ".post__hero img"),
    ("post with author and guest banner", "/blog/deep-work/", 200, "section.cta"),
    ("search results", "/search/?q=focus", 200, ".search-result"),
    ("404", "/blog/no-such-post/", 404, "form[role=search]"),
]


@pytest.mark.parametrize(("name", "path", "status", "shows"), PAGES)
def test_page_has_no_serious_or_critical_accessibility_violation(
    axe_page, live_server, live_blog, name, path, status, shows
):
    reader_post(live_blog)
    rich_post(live_blog)
    response = axe_page.goto(live_server.url + path)
    assert response.status == status, name
    assert axe_page.locator(shows).count() > 0, f"the {name} page shows no {shows}"
    violations = blocking_violations(axe_page)
    assert violations == [], f"axe-core on the {name} page ({path}):\n" + "\n".join(violations)
