"""An import killed with SIGKILL part way, then finished by a later run, leaves every post
found by search, in the reference index and with its links to other posts made page links.

A real ``manage.py import_jekyll`` runs as a child process and is killed (``kill -9``, no
``finally`` runs) once some pages exist. The child needs a database it can see: on
PostgreSQL the test database itself; on SQLite a file holding a copy of the test database,
copied back into it once the child is gone so that the checks read what the child left.
"""

import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.models import ReferenceIndex

from blog.models import BlogPage
from blog.snippets import Author
from jekyll.models import PendingImportWork

# Committed for the child to see; the database is restored for the tests after these.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REPO = Path(__file__).resolve().parents[2]
POSTS = 30
KILL_ONCE_PAGES_EXIST = 4
# Only so that a child that hangs cannot hang the suite; no outcome depends on time.
GIVE_UP_AFTER_SECONDS = 180


def search_word(number: int) -> str:
    """A word found in post ``number`` only (letters only, so every backend keeps it whole)."""
    letters = "".join("abcdefghij"[int(digit)] for digit in f"{number:02d}")
    return f"okapi{letters}"


def write_site(root: Path) -> Path:
    """``POSTS`` posts, each linking to the next one by its old address (a forward link,
    converted only once the next post is in)."""
    posts = root / "_posts"
    posts.mkdir(parents=True)
    (root / "_config.yml").write_text('title: Old blog\nbaseurl: ""\n', encoding="utf-8")
    for number in range(1, POSTS + 1):
        (posts / f"2020-01-{number:02d}-post-{number}.md").write_text(
            f"---\ntitle: Post {number}\nauthor: Durable Writer\ncategories: News\n---\n"
            f"Words about {search_word(number)}.\n\n"
            f"On to [the next one](/blog/p/post-{number + 1}.html).\n",
            encoding="utf-8",
        )
    return root


class ChildDatabase:
    """The database the child import writes to, as this test process sees it."""

    def __init__(self, tmp_path: Path):
        self.sqlite = connection.vendor == "sqlite"
        self.file = tmp_path / "child.sqlite3"
        if self.sqlite:
            connection.ensure_connection()
            with closing(sqlite3.connect(self.file)) as target:
                connection.connection.backup(target)
            self.url = f"sqlite:///{self.file}"
        else:
            parts = urlsplit(os.environ["DATABASE_URL"])
            self.url = parts._replace(path=f"/{connection.settings_dict['NAME']}").geturl()

    def page_count(self) -> int:
        if not self.sqlite:
            return BlogPage.objects.count()
        with closing(sqlite3.connect(self.file, timeout=20)) as reader:
            return reader.execute("SELECT count(*) FROM blog_blogpage").fetchone()[0]

    def read_back(self):
        """Make the test database what the child left (a no-op on PostgreSQL)."""
        if self.sqlite:
            connection.close()
            connection.ensure_connection()
            with closing(sqlite3.connect(self.file)) as source:
                source.backup(connection.connection)


def child_environment(database: ChildDatabase, tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DJANGO_SETTINGS_MODULE="folio.settings.test",
        DATABASE_URL=database.url,
        CONN_MAX_AGE="0",
        # The test settings make their media and cache folders with mkdtemp: in here.
        TMPDIR=str(tmp_path),
    )
    return env


def import_killed_part_way(site: Path, database: ChildDatabase, tmp_path: Path) -> int:
    """Run ``import_jekyll`` in a child, SIGKILL it (and the process preparing posts for
    it) once ``KILL_ONCE_PAGES_EXIST`` pages exist; the number of pages it left."""
    child = subprocess.Popen(
        [sys.executable, "manage.py", "import_jekyll", str(site), "--verbosity", "0"],
        cwd=REPO,
        env=child_environment(database, tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    started = time.monotonic()
    try:
        while database.page_count() < KILL_ONCE_PAGES_EXIST:
            if child.poll() is not None:
                pytest.fail(f"the import ended before it was killed: {child.stderr.read()!r}")
            if time.monotonic() - started > GIVE_UP_AFTER_SECONDS:
                pytest.fail("the import made no page in time")
            time.sleep(0.01)
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    left = database.page_count()
    assert KILL_ONCE_PAGES_EXIST <= left < POSTS, "killed part way"
    database.read_back()
    return left


def numbers_of(pages) -> list[int]:
    return sorted(int(page.title.split()[-1]) for page in pages)


def found_by_search() -> list[int]:
    return [
        number
        for number in range(1, POSTS + 1)
        if [page.title for page in BlogPage.objects.live().search(search_word(number))]
        == [f"Post {number}"]
    ]


def referencing_their_author() -> list[int]:
    """The posts the reference index lists as using their author (the "Usage" of the
    author in the admin)."""
    author = Author.objects.get(name="Durable Writer")
    page_ids = ReferenceIndex.get_references_to(author).values_list("object_id", flat=True)
    return numbers_of(BlogPage.objects.filter(pk__in=[int(pk) for pk in page_ids]))


def linking_to_the_next_post() -> list[int]:
    pages = {int(page.title.split()[-1]): page for page in BlogPage.objects.all()}
    linked = []
    for number, page in pages.items():
        following = pages.get(number + 1)
        html = "".join(block.value.source for block in page.body if block.block_type == "paragraph")
        if following is not None and f'<a linktype="page" id="{following.pk}">' in html:
            linked.append(number)
    return sorted(linked)


@pytest.fixture
def site(tmp_path):
    return write_site(tmp_path / "site")


@pytest.fixture
def database(blog_index, tmp_path):
    return ChildDatabase(tmp_path)


def test_a_killed_import_run_again_leaves_every_post_searchable(site, database, tmp_path):
    import_killed_part_way(site, database, tmp_path)

    call_command("import_jekyll", str(site), verbosity=0, workers=0, stdout=io.StringIO())

    assert found_by_search() == list(range(1, POSTS + 1))


def test_a_killed_import_run_again_leaves_every_post_in_the_reference_index(
    site, database, tmp_path
):
    import_killed_part_way(site, database, tmp_path)

    call_command("import_jekyll", str(site), verbosity=0, workers=0, stdout=io.StringIO())

    assert referencing_their_author() == list(range(1, POSTS + 1))


def test_a_killed_import_run_again_converts_every_link_to_a_post(site, database, tmp_path):
    import_killed_part_way(site, database, tmp_path)

    call_command("import_jekyll", str(site), verbosity=0, workers=0, stdout=io.StringIO())

    assert linking_to_the_next_post() == list(range(1, POSTS))
    assert not PendingImportWork.objects.exists()


def test_the_worker_command_finishes_what_a_killed_import_left(site, database, tmp_path):
    left = import_killed_part_way(site, database, tmp_path)

    call_command("process_jekyll_imports", stdout=io.StringIO(), stderr=io.StringIO())

    imported = list(range(1, left + 1))
    assert numbers_of(BlogPage.objects.all()) == imported
    assert found_by_search() == imported
    assert referencing_their_author() == imported
    assert linking_to_the_next_post() == imported[:-1]
    assert not PendingImportWork.objects.exists()
