"""How many words two texts share in order, with the work it takes bounded.

The fidelity figure is the ratio difflib's ``SequenceMatcher`` gives two word lists (no
junk): its matching blocks are found by taking the longest run of words common to both,
then doing the same on each side of it. That costs, for each word of one text, a visit
to each place the word appears in the other: on a normal post a few dozen visits a word,
but on 20,000 repetitions of one word 400 million (34 s for one post).

:class:`WordMatcher` finds the same blocks the same way (so normal posts keep exactly
the figure they had) while counting its visits. Past a budget proportional to the
number of words, each stretch of text not matched yet is compared as a bag of words
instead: the words both stretches hold, counted without their order. For text made of
repeats that is what order-aware matching finds anyway, and the work stays linear.
"""

from bisect import bisect_left
from collections import Counter, defaultdict

# Visits allowed per word of the two texts, and at least: far above what real posts take
# (the Quire corpus takes at most 10 a word), far below a quadratic blow-up.
STEPS_PER_WORD = 100
MIN_STEPS = 200_000


class WordMatcher:
    """Matching words of ``a`` and ``b``, as ``SequenceMatcher(None, a, b, autojunk=False)``
    counts them while within budget; ``steps`` is the work done (visits and words read)."""

    def __init__(self, a: list[str], b: list[str]):
        self.a, self.b = a, b
        self.budget = STEPS_PER_WORD * (len(a) + len(b)) + MIN_STEPS
        self.positions: dict[str, list[int]] = defaultdict(list)
        for index, word in enumerate(b):
            self.positions[word].append(index)
        self.steps = len(b)

    def matching_words(self) -> int:
        """How many words of ``a`` are matched to words of ``b``, in order."""
        matched = 0
        stretches = [(0, len(self.a), 0, len(self.b))]
        while stretches:
            alo, ahi, blo, bhi = stretches.pop()
            if alo >= ahi or blo >= bhi:
                continue
            found = self.longest_match(alo, ahi, blo, bhi)
            if found is None:
                matched += self.shared_words(alo, ahi, blo, bhi)
                continue
            i, j, size = found
            if size:
                matched += size
                stretches.append((alo, i, blo, j))
                stretches.append((i + size, ahi, j + size, bhi))
        return matched

    def longest_match(self, alo, ahi, blo, bhi) -> tuple[int, int, int] | None:
        """``SequenceMatcher.find_longest_match`` without junk (the earliest of the
        longest runs), or ``None`` once the budget is spent."""
        if self.steps > self.budget:
            return None
        best_i, best_j, best_size = alo, blo, 0
        run_ending_at: dict[int, int] = {}
        for i in range(alo, ahi):
            places = self.positions.get(self.a[i], ())
            # Where ``b``'s stretch starts, found rather than walked to.
            start = bisect_left(places, blo)
            runs = {}
            visits = 0
            for index in range(start, len(places)):
                j = places[index]
                if j >= bhi:
                    break
                visits += 1
                size = runs[j] = run_ending_at.get(j - 1, 0) + 1
                if size > best_size:
                    best_i, best_j, best_size = i - size + 1, j - size + 1, size
            run_ending_at = runs
            self.steps += 1 + visits
            if self.steps > self.budget:
                return None
        return best_i, best_j, best_size

    def shared_words(self, alo, ahi, blo, bhi) -> int:
        """The words both stretches hold, counted without their order."""
        self.steps += (ahi - alo) + (bhi - blo)
        common = Counter(self.a[alo:ahi]) & Counter(self.b[blo:bhi])
        return sum(common.values())


def similarity(a: list[str], b: list[str]) -> float:
    """Word-level similarity of two texts between 0 and 1 (1.0 when both are empty)."""
    if not a and not b:
        return 1.0
    return 2.0 * WordMatcher(a, b).matching_words() / (len(a) + len(b))
