"""What one post (or the config) can make the importer do is bounded: a post over a bound
fails alone, with the reason, and the others import.

Bounds are checked by what the importer produces and by the work it counts, or, for the
attacks that used to take gigabytes or minutes, in a child process under a memory or CPU
limit: today's limits pass them at once, the old code ran out of them.
"""

import json
import resource
import subprocess
import sys
import textwrap
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from blog.models import BlogPage
from jekyll.fidelity import WordMatcher, similarity
from jekyll.rendering.liquid import LiquidError, expand_liquid
from jekyll.report import Status
from jekyll.runner import run_import

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus" / "quire" / "_posts"
GOOD_POST = "---\ntitle: A good post\n---\nPlain words.\n"


def alias_bomb(levels: int, width: int) -> str:
    """YAML whose last key expands to ``width ** levels`` strings (the "billion laughs")."""
    lines = ['a0: &a0 "lol"']
    for level in range(1, levels + 1):
        aliases = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{aliases}]")
    return "\n".join(lines) + "\n"


# The ~700-byte document of the security review: 9 levels of 9 aliases, 387 million strings.
BILLION_LAUGHS = alias_bomb(9, 9)


def make_site(root: Path, posts: dict[str, str], config: str = 'title: Old blog\nbaseurl: ""\n'):
    (root / "_posts").mkdir(parents=True)
    (root / "_config.yml").write_text(config, encoding="utf-8")
    for name, text in posts.items():
        (root / "_posts" / name).write_text(text, encoding="utf-8")
    return root


def by_source(report) -> dict:
    return {Path(post.source).name: post for post in report.posts}


def run_limited(code: str, *, memory_mb: int = 0, cpu_seconds: int = 0):
    """Run ``code`` (Django set up) in a child Python under the given limits."""

    def limit():
        if memory_mb:
            resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 2**20, memory_mb * 2**20))
        if cpu_seconds:
            resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))

    setup = "import django, os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'folio.settings.test')\ndjango.setup()\n"
    return subprocess.run(
        [sys.executable, "-c", setup + textwrap.dedent(code)],
        cwd=REPO,
        capture_output=True,
        text=True,
        preexec_fn=limit,
    )


# --- YAML aliases ------------------------------------------------------------------------


def test_a_yaml_alias_bomb_in_front_matter_fails_its_post_alone(tmp_path, blog_index):
    bomb = f"---\ntitle: Bomb\n{alias_bomb(6, 10)}---\nBody.\n"
    site = make_site(tmp_path, {"2021-01-01-good.md": GOOD_POST, "2021-01-02-bomb.md": bomb})

    report = run_import(site, blog_index)

    posts = by_source(report)
    assert posts["2021-01-01-good.md"].status == Status.CREATED
    assert posts["2021-01-02-bomb.md"].status == Status.FAILED
    assert "alias" in posts["2021-01-02-bomb.md"].error
    assert "_posts/2021-01-02-bomb.md" in posts["2021-01-02-bomb.md"].error
    assert list(BlogPage.objects.values_list("title", flat=True)) == ["A good post"]


def test_a_yaml_alias_that_contains_itself_fails_its_post_with_the_reason(tmp_path, blog_index):
    looped = "---\ntitle: Loop\nloop: &loop [*loop]\n---\nBody.\n"
    site = make_site(tmp_path, {"2021-01-01-good.md": GOOD_POST, "2021-01-02-loop.md": looped})

    report = run_import(site, blog_index)

    failed = by_source(report)["2021-01-02-loop.md"]
    assert failed.status == Status.FAILED
    assert "alias" in failed.error and "itself" in failed.error
    assert by_source(report)["2021-01-01-good.md"].status == Status.CREATED


def test_a_yaml_alias_bomb_in_the_config_is_a_warning_and_the_posts_import(tmp_path, blog_index):
    site = make_site(tmp_path, {"2021-01-01-good.md": GOOD_POST}, config=alias_bomb(6, 10))

    report = run_import(site, blog_index)

    assert [post.status for post in report.posts] == [Status.CREATED]
    (warning,) = report.warnings
    assert warning.startswith("_config.yml") and "alias" in warning


def test_the_billion_laughs_front_matter_is_refused_within_512_mb_of_memory(tmp_path):
    post = tmp_path / "_posts" / "2021-01-01-bomb.md"
    post.parent.mkdir()
    post.write_text(f"---\ntitle: Bomb\n{BILLION_LAUGHS}---\nBody.\n", encoding="utf-8")

    child = run_limited(
        f"""
        from pathlib import Path
        from jekyll.reading.front_matter import FrontMatterError, read_post
        from jekyll.reading.source import JekyllSite
        try:
            read_post(Path({str(post)!r}), JekyllSite(root=Path({str(tmp_path)!r})))
        except FrontMatterError as error:
            print(error)
        """,
        memory_mb=512,
        cpu_seconds=60,
    )

    assert child.returncode == 0, child.stderr[-2000:]
    assert "alias" in child.stdout


def test_the_billion_laughs_config_is_refused_within_512_mb_of_memory(tmp_path):
    (tmp_path / "_posts").mkdir()
    (tmp_path / "_posts" / "2021-01-01-good.md").write_text(GOOD_POST, encoding="utf-8")
    (tmp_path / "_config.yml").write_text(BILLION_LAUGHS, encoding="utf-8")

    child = run_limited(
        f"""
        from jekyll.reading.source import find_site
        print(find_site({str(tmp_path)!r}).warnings)
        """,
        memory_mb=512,
        cpu_seconds=60,
    )

    assert child.returncode == 0, child.stderr[-2000:]
    assert "alias" in child.stdout


# --- Liquid ------------------------------------------------------------------------------


def shared_tree(depth: int, leaf):
    """Nested lists ``2 ** depth`` leaves wide, built in ``depth`` steps (as aliases do)."""
    tree = leaf
    for _ in range(depth):
        tree = [tree, tree]
    return tree


def test_liquid_output_past_the_bound_fails_its_post_alone(tmp_path, blog_index):
    config = f'title: Old blog\nbig: "{"x" * 100_000}"\n'
    repeated = "---\ntitle: Repeats\n---\n" + "{{ site.big }}\n" * 50
    site = make_site(
        tmp_path, {"2021-01-01-good.md": GOOD_POST, "2021-01-02-repeats.md": repeated}, config
    )

    report = run_import(site, blog_index)

    failed = by_source(report)["2021-01-02-repeats.md"]
    assert failed.status == Status.FAILED
    assert "{{ site.big }}" in failed.error and "characters" in failed.error
    assert by_source(report)["2021-01-01-good.md"].status == Status.CREATED


def test_liquid_stops_a_variable_whose_value_is_too_large_to_write_out():
    with pytest.raises(LiquidError, match=r"site\.tree"):
        expand_liquid("{{ site.tree }}", site_vars={"tree": shared_tree(20, "ha")}, page_vars={})


def test_liquid_stops_a_variable_whose_value_takes_too_many_steps_even_without_text():
    with pytest.raises(LiquidError, match=r"site\.tree"):
        expand_liquid("{{ site.tree }}", site_vars={"tree": shared_tree(20, [])}, page_vars={})


def test_liquid_writes_a_list_out_as_jekyll_does():
    expanded = expand_liquid(
        "{{ site.names }}", site_vars={"names": ["Ann", ["Bo", "Cy"]]}, page_vars={}
    )
    assert expanded.text == "AnnBoCy"


# --- The fidelity figure -----------------------------------------------------------------


def test_twenty_thousand_repeated_words_are_measured_within_a_cpu_limit():
    child = run_limited(
        """
        from jekyll.fidelity import similarity
        words = ["word"] * 20_000
        print(similarity(words, words[:-1] + ["other"]))
        """,
        cpu_seconds=10,
    )

    assert child.returncode == 0, child.stderr[-2000:]
    assert float(child.stdout) > 0.99


@pytest.mark.parametrize(
    "make_words",
    [
        pytest.param(lambda n: (["word"] * n, ["word"] * n + ["end"]), id="one word repeated"),
        pytest.param(lambda n: (["a", "b"] * n, ["b", "a"] * n), id="two words alternating"),
        pytest.param(
            lambda n: ([str(i % 50) for i in range(n)], [str(i % 49) for i in range(n)]),
            id="fifty words in turn",
        ),
    ],
)
def test_the_work_of_measuring_stays_linear_in_the_words(make_words):
    for count in (5_000, 20_000):
        a, b = make_words(count)
        matcher = WordMatcher(a, b)
        matcher.matching_words()
        # A couple of hundred steps a word at any length; matching every word with every
        # other, as before, took thousands a word at 5,000 words and 10,000 at 20,000.
        assert matcher.steps <= 200 * (len(a) + len(b))


def corpus_words() -> list[list[str]]:
    from jekyll.fidelity import visible_words
    from jekyll.rendering.markdown import render_markdown

    return [
        visible_words(render_markdown(path.read_text(encoding="utf-8").split("---", 2)[-1]))
        for path in sorted(CORPUS.glob("*.markdown"))[::6]
    ]


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the shared corpus is not at {CORPUS}")
def test_the_figure_of_a_normal_post_is_the_word_sequence_ratio():
    for words in corpus_words():
        # What an import does to a post: a word lost, one doubled, two swapped.
        changed = (
            words[:10] + words[11:40] + words[39:60] + words[61:62] + words[60:61] + words[62:]
        )
        expected = SequenceMatcher(None, words, changed, autojunk=False).ratio()
        assert similarity(words, changed) == pytest.approx(expected, abs=1e-12)


def test_the_figure_still_counts_lost_and_repeated_words_past_the_work_bound():
    words = ["word"] * 20_000
    assert similarity(words, words) == 1.0
    assert similarity(words, words[:10_000]) == pytest.approx(2 * 10_000 / 30_000)
    assert json.dumps(similarity(words, ["other"] * 20_000)) == "0.0"
