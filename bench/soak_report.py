"""The soak's verdict and its markdown report: latency by request kind and over time."""

import datetime
import os
import platform
import statistics

from soak_traffic import EDITS, READS

MEMORY_GROWTH_LIMIT = 0.10


def report(args, run, memory, window):
    """Markdown: the verdict, latency per request kind and per window, memory over time."""
    samples = run.samples
    measured = [s for s in samples if args.warmup <= s.at < args.warmup + args.seconds]
    errors = [s for s in samples if s.error]  # warm-up errors count too
    start_mb, end_mb = memory[0][1], memory[-1][1]
    growth = end_mb / start_mb - 1
    reads = [s for s in measured if s.cache]
    hits = sum(1 for s in reads if s.cache == "hit")
    passed = not errors and growth < MEMORY_GROWTH_LIMIT
    lines = [
        "# Folio soak",
        "",
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC · {args.seconds} s of traffic "
        f"after a {args.warmup} s warm-up · {args.clients} clients · gunicorn 2 sync workers, "
        f"production settings · PostgreSQL + Redis page cache on 127.0.0.1 · {args.posts} "
        f"generated posts · {platform.machine()}, {os.cpu_count()} cores (shared), "
        f"Python {platform.python_version()}.",
        "",
        f"**{'Pass' if passed else 'FAIL'}**: {len(errors)} errors in {len(samples)} requests "
        f"(warm-up included; {len(measured) / args.seconds:.1f} req/s after it); worker memory "
        f"{start_mb:.0f} MB after warm-up, {end_mb:.0f} MB at the end ({growth:+.1%}; limit "
        f"+{MEMORY_GROWTH_LIMIT:.0%}). Page cache hits: {hits / max(1, len(reads)):.0%} of "
        f"anonymous reads; {sum(1 for s in measured if s.kind == 'publish')} publishes, "
        f"{sum(1 for s in measured if s.kind == 'save draft')} drafts saved.",
        "",
        "### By request (after warm-up)",
        "",
        "| request | count | errors | p50 ms | p99 ms |",
        "|---|---:|---:|---:|---:|",
    ]
    for kind in [*READS, "admin login", "admin edit form", *EDITS]:
        lines.append(table_row([kind, *latency_cells([s for s in measured if s.kind == kind])]))
    for cache in ("hit", "miss"):
        served = [s for s in reads if s.cache == cache]
        lines.append(table_row([f"*any read, cache {cache}*", *latency_cells(served)]))
    lines += [
        "",
        f"### Over time ({window}-s windows after warm-up)",
        "",
        "| from s | requests | req/s | errors | p50 ms | p99 ms | worker RSS MB at end |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for start in range(0, args.seconds, window):
        in_window = [s for s in measured if start <= s.at - args.warmup < start + window]
        rss = next((mb for at, mb in memory if at >= start + window), end_mb)
        lines.append(table_row([str(start), *latency_cells(in_window, window), f"{rss:.0f}"]))
    if errors:
        lines += ["", "### First errors", ""]
        lines += [f"- {s.at:.1f} s, {s.kind}: {s.error}" for s in errors[:20]]
    return "\n".join(lines) + "\n", passed


def latency_cells(samples, seconds=None):
    ms = [s.ms for s in samples]
    cells = [str(len(samples))]
    if seconds:
        cells.append(f"{len(samples) / seconds:.1f}")
    cells += [
        str(sum(1 for s in samples if s.error)),
        f"{statistics.median(ms):.0f}" if ms else "–",
        f"{percentile(ms, 0.99):.0f}" if ms else "–",
    ]
    return cells


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def table_row(cells):
    return "| " + " | ".join(cells) + " |"
