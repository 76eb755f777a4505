"""A temporary folder that lasts as long as the process that made it.

Why not ``tempfile.TemporaryDirectory``: the folders made here must outlive the function that
makes them (the build hooks keep theirs in an in-process cache that serves ``mkdocs serve``'s
rebuilds; a server keeps serving from its folder), yet nothing may be left in ``/tmp`` once the
process ends: every build and test run used to leave 5-10 MB there. Used by the build hooks,
scripts/static_server.py and scripts/bench.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path


def scratch_dir(prefix: str) -> Path:
    """Make a fresh folder under the temporary directory, removed when this process exits.

    ``shutil.rmtree`` does not follow symbolic links, so a link placed in the folder (the
    sub-path server links to the built site) goes, and what it points to stays.
    """
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder
