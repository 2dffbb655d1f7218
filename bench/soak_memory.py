"""The gunicorn workers' memory over the soak, read from /proc while the clients run."""

import statistics
import time


def steady_rss_mb(server, readings=5):
    """Median of a few readings 0.4 s apart: one large response in flight moves a single one."""
    values = []
    for _ in range(readings):
        values.append(server.worker_rss_mb())
        time.sleep(0.4)
    return statistics.median(values)


def sample_memory(server, run, *, warmup, seconds, window):
    """(seconds after warm-up, worker MB) at the end of warm-up and of every window,
    with the progress printed as it goes."""
    memory = []
    for at in [*range(0, seconds, window), seconds]:
        time.sleep(max(0, run.started + warmup + at - time.monotonic()))
        memory.append((at, steady_rss_mb(server)))
        print(f"  {at:>4} s: {len(run.samples)} requests, {memory[-1][1]:.0f} MB", flush=True)
    return memory
