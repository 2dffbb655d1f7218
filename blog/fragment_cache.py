"""Moved to ``ops/fragment_cache.py`` (serving concerns live in ops/); kept one release for old imports.

The module itself is aliased, not star-imported, so private names, monkeypatching and the
middleware path in old settings all reach the one real module.
"""

import sys

from ops import fragment_cache

sys.modules[__name__] = fragment_cache
