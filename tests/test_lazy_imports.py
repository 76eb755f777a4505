"""What the engine imports before its first question, and that every public name still resolves.

Why it matters: the browser's worker imports ``guide_engine.bridge`` before it can answer, and in
Pyodide on a phone each module imported then delays the first answer. The interview is imported
at once; the assessment, the documents and the case file come later (``warm``, or first use).
Each check runs in a fresh interpreter, since this test session has long imported everything.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import import_module

import pytest

import guide_engine as ge
from guide_engine import bridge

#: Modules the first question never needs.
LATER = [
    "guide_engine.assessment",
    "guide_engine.letter",
    "guide_engine.plan_view",
    "guide_engine.documents",
    "guide_engine.casefile",
    "guide_engine.journal",
    "guide_engine.docx",
]


def fresh(code: str) -> object:
    """Run ``code`` in a new interpreter; what it printed, read as JSON."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return json.loads(done.stdout)


def test_the_bridge_and_the_first_question_import_none_of_the_later_modules() -> None:
    loaded = fresh(
        "import json, sys\n"
        "from guide_engine import bridge\n"
        "reply = json.loads(bridge.dispatch('start', '{}'))\n"
        "assert reply['ok'] and reply['result']['view']['type'] == 'question'\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    assert [name for name in LATER if name in loaded] == []


def test_warm_imports_one_module_a_call_until_none_is_left() -> None:
    steps = fresh(
        "import json, sys\n"
        "from guide_engine import bridge\n"
        "steps = []\n"
        "while True:\n"
        "    before = set(sys.modules)\n"
        "    more = json.loads(bridge.dispatch('warm', '{}'))['result']\n"
        "    steps.append([more, sorted(m for m in set(sys.modules) - before"
        " if m.startswith('guide_engine.'))])\n"
        "    if not more: break\n"
        "print(json.dumps(steps))"
    )
    assert [more for more, _ in steps] == [True] * (len(steps) - 1) + [False]
    assert all(new for _, new in steps)  # each call imported something
    assert len(steps) <= len(bridge._WARM)
    imported = {name for _, new in steps for name in new}
    assert {f"guide_engine.{module.name}" for module in bridge._WARM} <= imported


def test_warm_when_everything_is_imported_says_nothing_is_left() -> None:
    for module in bridge._WARM:
        import_module(f"guide_engine.{module.name}")
    assert json.loads(bridge.dispatch("warm", "{}")) == {"ok": True, "result": False}


@pytest.mark.parametrize("name", ge.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(ge, name) is not None
    assert name in dir(ge)


def test_a_submodule_not_imported_yet_is_still_an_attribute() -> None:
    assert fresh("import json, guide_engine\nprint(json.dumps(guide_engine.journal.__name__))") == (
        "guide_engine.journal"
    )


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        ge.no_such_name  # noqa: B018 — the access is the test


@pytest.mark.parametrize("name", ["letter", "profile", "plan_view"])
def test_a_public_function_named_like_its_module_stays_the_function(name: str) -> None:
    kind = fresh(
        "import json, guide_engine\n"
        f"before = callable(guide_engine.{name})\n"
        f"import guide_engine.{name}\n"
        f"print(json.dumps([before, callable(guide_engine.{name})]))"
    )
    assert kind == [True, True]
