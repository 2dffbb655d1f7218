"""Moved to ``ops/compression.py`` (serving concerns live in ops/); kept one release for old imports.

The module itself is aliased, not star-imported, so private names, monkeypatching and the
middleware path in old settings all reach the one real module.
"""

import sys

from ops import compression

sys.modules[__name__] = compression
