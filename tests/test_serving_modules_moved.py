"""The serving modules moved from blog/ to ops/ (issue #14 point 7) answer at their old
import paths for one release: the same module, so settings, patches and private names
made against the old path reach the one in use."""

import importlib

import pytest


@pytest.mark.parametrize("name", ["page_cache", "fragment_cache", "compression", "csp"])
def test_old_import_path_is_the_moved_module(name):
    assert importlib.import_module(f"blog.{name}") is importlib.import_module(f"ops.{name}")


def test_middleware_named_by_its_old_path_is_the_one_in_use():
    from blog.page_cache import PageCacheMiddleware
    from ops.page_cache import PageCacheMiddleware as moved

    assert PageCacheMiddleware is moved
