"""Markdown tables of the benchmark's figures and the verdict on each of its goals."""


def url_table(title, rows, static_rps):
    lines = [
        f"### {title}",
        "",
        "| URL | req/s | p50 ms | p99 ms | vs static | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, row in rows.items():
        if not row["rps"]:
            lines.append(f"| {name} | 0 | – | – | 0% | no response within the run |")
            continue
        ratio = row["rps"] / static_rps if static_rps else 0
        lines.append(
            f"| {name} | {row['rps']:.0f} | {row['p50']:.1f} | {row['p99']:.1f} | {ratio:.1%} "
            f"| {row['errors']} |"
        )
    return "\n".join(lines)


def scale_table(kind, results):
    lines = [
        f"### Archive growth on {kind} (page cache off, p50 ms; publish: median of the POST)",
        "",
        "| posts | blog index | tag page | API list | search | editor publish |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for posts, result in sorted(results.items()):
        rows = result["rows"]
        cells = [
            f"{rows[name]['p50']:.1f}" if rows[name]["rps"] else "no response"
            for name in ("blog index", "tag page", "API list", "search")
        ]
        lines.append(f"| {posts} | {' | '.join(cells)} | {result['publish']['median']:.0f} |")
    return "\n".join(lines)


def verdict(met, text):
    return f"- {'**met**' if met else '**not met**'}: {text}"


def cached_goal_lines(kind, cached):
    """Issue #14: a hit at ≥ 0.85× the same bytes served static by WhiteNoise."""
    lines = []
    for name in ("post page", "blog index", "API list"):
        copy = cached.get(f"static copy of {name}", {}).get("rps")
        if not copy:
            continue
        ratio = cached[name]["rps"] / copy
        lines.append(
            verdict(
                ratio >= 0.85,
                f"{kind}: cached {name} at {ratio:.2f}× its static copy served by WhiteNoise "
                f"({cached[name]['rps']:.0f} vs {copy:.0f} req/s; goal ≥ 0.85×)",
            )
        )
    return lines


def reference_goal_lines(kind, run):
    """Issue #14: uncached (page cache and cached parts off) against stock Wagtail."""
    lines = []
    uncached = run["uncached"]
    for name, reference, goal in (("post page", "reference", 3), ("API list", "reference API", 20)):
        mine = uncached.get(f"{name}, no cached parts", {}).get("rps")
        stock = run.get(reference, {}).get("rps")
        if not (mine and stock):
            continue
        lines.append(
            verdict(
                mine / stock >= goal,
                f"{kind}: uncached {name} (cached parts off too) {mine / stock:.2f}× stock "
                f"Wagtail's ({mine:.0f} vs {stock:.0f} req/s; goal ≥ {goal}×)",
            )
        )
    return lines


def goal_lines(runs, scale):
    """One line per goal (issues #5 and #14), with the figures it was judged on."""
    lines = ["### Goals", ""]
    for kind, run in runs.items():
        cached, static = run["cached"], run["cached"]["static file"]["rps"]
        for name in ("post page", "API list"):
            ratio = cached[name]["rps"] / static
            lines.append(
                verdict(
                    ratio >= 0.5,
                    f"{kind}: cached {name} at {ratio:.0%} of the static file's req/s "
                    f"({cached[name]['rps']:.0f} vs {static:.0f}; goal ≥ 50%)",
                )
            )
        lines += cached_goal_lines(kind, cached)
        post = run["uncached"]["post page"]
        if run.get("reference", {}).get("rps"):
            factor = post["rps"] / run["reference"]["rps"]
            lines.append(
                verdict(
                    factor >= 2,
                    f"{kind}: uncached post page {factor:.2f}× the stock Wagtail reference "
                    f"({post['rps']:.0f} vs {run['reference']['rps']:.0f} req/s; goal ≥ 2×)",
                )
            )
        lines += reference_goal_lines(kind, run)
        lines.append(
            verdict(
                post["p99"] < 100,
                f"{kind}: uncached post page p99 {post['p99']:.0f} ms (goal < 100 ms)",
            )
        )
    for kind, results in scale.items():
        if len(results) < 2:
            continue
        smallest, largest = min(results), max(results)
        small, large = results[smallest]["rows"], results[largest]["rows"]
        for name in ("blog index", "tag page", "API list"):
            if not (large[name]["rps"] and small[name]["rps"]):
                lines.append(verdict(False, f"{kind}, {largest} posts: {name} gave no response "
                                            "within the run"))  # fmt: skip
                continue
            growth = large[name]["p50"] / small[name]["p50"]
            lines.append(
                verdict(
                    growth <= 2,
                    f"{kind}, {largest} posts: {name} p50 {large[name]['p50']:.0f} ms = "
                    f"{growth:.2f}× its {smallest}-post p50 (goal ≤ 2×)",
                )
            )
        search = large["search"]["p50"]
        lines.append(
            verdict(
                search < 150, f"{kind}, {largest} posts: search p50 {search:.0f} ms (goal < 150 ms)"
            )
        )
        publish = results[largest]["publish"]["median"]
        lines.append(
            verdict(
                publish < 500,
                f"{kind}, {largest} posts: editor publish median {publish:.0f} ms (goal < 500 ms)",
            )
        )
    return "\n".join(lines)
