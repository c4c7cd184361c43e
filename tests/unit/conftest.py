"""The unit tier: small briefing books built in-process with ``sphinx.testing``, a few seconds each.

Every test root (``tests/roots/test-<name>/``) is the tiny book in ``tests/roots/base/`` (an invented
op-ed with three body paragraphs, its title page and two section pages) with the root's own files
laid over it.  A test gets a fresh copy of its root, so nothing is written into the repository:

    @pytest.mark.sphinx("html", testroot="claims", files={"_data/attribution.yaml": "sources: [\\n"})

``files`` (this tier's addition to the marker) writes or replaces files in the copy before the build
(``None`` deletes one; ``bytes`` are written as they are).  The roots have no Mermaid diagrams, and
the pipeline is told so (as a build without diagrams leaves its cache), so no browser starts.

sphinx.testing's fixtures (``app``, ``make_app``, …) are loaded by ``tests/conftest.py``: pytest accepts
``pytest_plugins`` only in the top-level conftest, and ``pytest tests`` must still collect.
"""

from __future__ import annotations

import re
from collections import namedtuple
from pathlib import Path

import pytest
from unit_roots import ROOTS, lay_out

AppParams = namedtuple("AppParams", "args kwargs")  # what sphinx.testing's app fixture takes


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture
def app_params(request, sphinx_test_tempdir: Path) -> AppParams:
    """As sphinx.testing's, but always on a fresh copy of the root (see the module docstring)."""
    args: dict[int, object] = {}
    kwargs: dict[str, object] = {}
    for marker in reversed(list(request.node.iter_markers("sphinx"))):
        args |= dict(enumerate(marker.args))
        kwargs.update(marker.kwargs)
    testroot = kwargs.pop("testroot", "base")
    srcdir = sphinx_test_tempdir / "unit" / re.sub(r"[^\w.-]+", "_", request.node.name)[:80]
    lay_out(srcdir, testroot, kwargs.pop("files", {}))
    kwargs["srcdir"] = srcdir
    kwargs.setdefault("builddir", srcdir / "_build")
    return AppParams([args[i] for i in sorted(args)], kwargs)
