"""The Hypothesis settings every fuzz test shares, sized by ``HYPOTHESIS_PROFILE``.

``make test`` runs each fuzz test with a few examples (the ``default`` profile);
``HYPOTHESIS_PROFILE=full`` (``make fuzz``) runs it at full size. Either way examples are
derandomised, so a CI failure reproduces on any machine, and nothing is kept between runs.
"""

import os

from hypothesis import HealthCheck, settings

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")


def fuzz_settings(*, default: int, full: int, suppress=()):
    """Settings for a fuzz test: ``default`` or ``full`` examples by profile, and the
    health checks in ``suppress`` off besides ``too_slow``."""
    return settings(
        max_examples={"default": default, "full": full}[PROFILE],
        derandomize=True,
        database=None,
        # Every example is a request through Django: no deadline, and slower than
        # Hypothesis expects generation to be.
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, *suppress],
    )
