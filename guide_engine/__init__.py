"""guide_engine — the decision engine of 协商指南, pure Python (standard library only).

Why one small package: the same code answers a reader in the terminal, in the browser (on
Pyodide, Python 3.14) and in tests, so what the site says and what the tests check can never
drift apart. It reads only its own package data, starts no threads and mutates no globals (the
only module state is a few ``functools.lru_cache`` caches of parsed package data).

Interview sessions (:mod:`guide_engine.session`) — pure functions over a JSON-serialisable state
``{"flow": str, "version": int, "answers": {question_id: answer}, "draft": {question_id: answer}}``:

``start(flow_id="self_assessment") -> state``
    A fresh state.
``view(state) -> dict``
    ``{"type": "question", "question": {"id", "field", "text", "help", "short", "input": {"kind",
    "options": [{"id", "label"}], "min", "max", "unit", "integer", "max_length"}, "value",
    "value_label"}, "progress": {"answered", "estimate"}, "can_back", "flow": {"id", "version",
    "title"}}`` or ``{"type": "result", "profile": {...}, "assessment": {...}, "letter": str,
    "summary": [...], "progress", "can_back", "flow"}``.
    Yes/no questions carry ``options`` too: ``[{"id": true, "label": "是"}, {"id": false,
    "label": "否"}]``. ``question.value`` is the previous answer after :func:`back`/:func:`edit`
    (else ``None``) and ``value_label`` says it in words; ``profile`` on the result is complete
    (answers plus the defaults of skipped questions), ``letter`` is the letter draft for it and
    ``summary`` is :func:`answers_summary` (``assessment`` and ``letter`` are ``None`` for a flow
    without ``assess``). The page saves a question view to paint it before the engine is ready,
    so a change to its shape must keep working for saved progress (or the page's storage format
    must change).
``answer(state, value) -> state``
    ``value``: option id (single), list of option ids (multi, may be empty), bool (yesno),
    int/float or its text such as ``"3,000"`` (number), str (text; control characters removed,
    length-limited).
``back(state) -> state``
    One question back (the previous answer becomes the draft); a no-op at the first question.
``edit(state, question_id, item=None) -> state``
    Jump to an answered question from a review screen (of item ``item`` of a repeatable group),
    keeping later answers that still apply.
``remove_item(state, group, item) -> state``
    Drop one item of a repeatable group (e.g. one debt) and keep the others in order.
``answers_summary(state) -> [{"id", "text", "short", "answer", "answer_label"}]``
    The answered questions in order, for a review screen; a repeatable group is one entry with
    ``items`` (one block per debt). Views of a flow with groups carry ``group``/``item`` and
    ``progress.text`` ("你的欠款 · 第 2 笔，共 3 笔"); the state gains ``groups``.

Household plan and documents: ``validate_household(profile)`` (profile version 2, or today's
single-debt profile as one debt), ``plan_household(profile, today)`` (budget, priorities, terms,
court deadlines, actions; also inside :func:`assess`), ``write_documents(profile, details=None,
today=None)`` (every document that applies, as structure) and ``document_text(doc)``;
``read_number(text, unit="")`` reads amounts as people type them ("5.2万", "五万二", "６%").
The result as a plan (:mod:`.plan_view`): ``plan_view(assessment, profile)`` (the first action,
the checklist by today/week/month with the engine's action ids, the budget in words, each
lender's offer, deadlines with their ``.ics``, tap-to-call pieces); ``for_people(amount)`` writes
an amount as a sentence shows it (no ".00", 万 when nothing is lost). Documents as files:
``document_blocks(doc)`` (the parts in reading order) and ``document_docx(doc) -> bytes`` (a Word
file). The calculator (:mod:`.calculator`): ``plan_for_payment(principal, monthly_payment, …)``
(the shortest plan within a monthly amount) and ``calculator_prefill(profile)``.
``profile(state) -> dict``
    The profile fields collected so far.

Decisions (modules :mod:`.profile`, :mod:`.assessment` with its rule table :mod:`.rules`,
:mod:`.plans`, :mod:`.letter`):

``validate_profile(profile) -> dict``, ``assess(profile) -> dict`` (``readiness`` with its
``readiness_label``/``readiness_text``, ``paths``, ``warnings``, ``documents``, ``plan``, ``reasons``),
``repayment_plan(principal, months, annual_rate=0.0, monthly_fee_rate=0.0) -> dict``,
``months_needed(principal, capacity, annual_rate=0, max_months=60) -> int | None``,
``letter(profile, details=None) -> str`` (the plan it proposes is the assessment's, from the
same profile).

The profile's vocabulary (:mod:`.vocabulary`, from ``data/vocabulary.toml``): fields, options,
labels and readiness words — ``options(field)``, ``label(field, value, form="short")``,
``field_label(field, form="long")``, ``readiness(grade)``, ``yes_no()``.

Flows (:mod:`.flow`, :mod:`.validate`, :mod:`.graph`): ``load_flow(flow_id) -> Flow``,
``flow_ids() -> list[str]``, ``parse_flow(path_or_toml_text) -> Flow``,
``check_flows(sources=None) -> list[str]`` (problems in words; empty means all good),
``mermaid(flow_id) -> str`` (a Mermaid ``flowchart TD``), ``export_flow(flow_id) -> dict`` (the
flow as JSON for the wizard page's page-side walk, each ``when`` as the parser's syntax tree:
:mod:`.flow_export`).

Errors: everything raised on purpose is a :class:`GuideError` with a stable ``code`` (all listed,
with their meaning, in :data:`guide_engine.errors.CODES`), a Chinese ``message`` and ``details``:
:class:`InvalidAnswer`, :class:`InvalidState`, :class:`InvalidProfile`, :class:`PlanError`,
:class:`FlowError`, :class:`DataError`. A rejected call never changes the state it was given.

Second tier, stable for the hooks and tests: :mod:`.facts` (sources and banks), :mod:`.money`
(``yuan``, ``to_fen``), :mod:`.text` (``clean_answer_text``, ``clean_letter_field``,
``number_text``), :mod:`.rules` (the rule table).

The page's bridge (:mod:`.bridge`): ``dispatch(cmd, payload_json) -> reply_json`` over the
command table ``COMMANDS``; the browser's worker calls nothing else.

The reader's case (modules :mod:`.casefile`, :mod:`.journal`, :mod:`.ics`,
:mod:`.changes`): ``export_case(state, saved_at, *, done, journal, documents)``,
``import_case(text)``, ``migrate_case(data)``, ``read_case_file(text)``, ``seal_case(ciphertext,
salt, iv, iterations)``, ``encryption_params()``, ``rules_version()``, :class:`InvalidCase`;
``case_changes(case, today)``, ``refit_case(case)``, ``compare_results(before, after, done)``;
the journal: ``journal_form()``, ``add_entry``, ``update_entry``, ``remove_entry``,
``check_journal``, ``journal_flags``, ``journal_timeline``, ``journal_timeline_lines``,
``journal_calendar_events``, ``journal_complaints(profile, entries, today, details)`` (the complaint
with the journal as its timeline); ``calendar_ics(events, now, today=None)``; saved progress:
``progress_assessed(state, today)`` (what its result was assessed under) and
``reopen_progress(record, today, done=None)`` (what changed since, when the rules did);
``helper_summary(...)`` (the one-page summary for a helper, :mod:`.case_summary`).

Command line: ``python -m guide_engine`` (the self-assessment), ``… check``, ``… assess FILE.json
[--json]``, ``… graph FLOW``.
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import Any

#: public name → (module of this package, its name there). Imported at first use (PEP 562), so
#: ``import guide_engine.bridge`` — what the browser's worker does before its first question —
#: loads only the interview, not the assessment, the documents or the case file: in Pyodide on a
#: phone, importing everything at once was a sizeable part of the engine's start.
_EXPORTS: dict[str, tuple[str, str]] = {
    "start": (".session", "start"),
    "view": (".session", "view"),
    "answer": (".session", "answer"),
    "back": (".session", "back"),
    "edit": (".session", "edit"),
    "remove_item": (".session", "remove_item"),
    "Group": (".flow", "Group"),
    "validate_household": (".household", "validate_household"),
    "plan_household": (".debt_plan", "plan_household"),
    "write_documents": (".documents", "documents"),
    "document_text": (".documents", "as_text"),
    "read_number": (".text", "read_number"),
    "plan_view": (".plan_view", "plan_view"),
    "for_people": (".money", "for_people"),
    "document_blocks": (".documents", "blocks"),
    "document_docx": (".docx", "docx"),
    "plan_for_payment": (".calculator", "plan_for_payment"),
    "calculator_prefill": (".calculator", "prefill"),
    "journal_complaints": (".journal", "complaints"),
    "progress_assessed": (".casefile", "assessed"),
    "reopen_progress": (".changes", "reopen"),
    "helper_summary": (".case_summary", "helper_summary"),
    "Unreadable": (".text", "Unreadable"),
    "answers_summary": (".session", "answers_summary"),
    "profile": (".session", "profile"),
    "validate_profile": (".profile", "validate_profile"),
    "assess": (".assessment", "assess"),
    "repayment_plan": (".plans", "repayment_plan"),
    "months_needed": (".plans", "months_needed"),
    "letter": (".letter", "letter"),
    "load_flow": (".flow", "load_flow"),
    "flow_ids": (".flow", "flow_ids"),
    "parse_flow": (".flow", "parse_flow"),
    "export_flow": (".flow_export", "export_flow"),
    "check_flows": (".validate", "check_flows"),
    "mermaid": (".graph", "mermaid"),
    "Flow": (".flow", "Flow"),
    "Question": (".flow", "Question"),
    "Option": (".flow", "Option"),
    "GuideError": (".errors", "GuideError"),
    "InvalidAnswer": (".errors", "InvalidAnswer"),
    "InvalidState": (".errors", "InvalidState"),
    "InvalidProfile": (".errors", "InvalidProfile"),
    "FlowError": (".errors", "FlowError"),
    "DataError": (".errors", "DataError"),
    "PlanError": (".errors", "PlanError"),
    "export_case": (".casefile", "export_case"),
    "import_case": (".casefile", "import_case"),
    "migrate_case": (".casefile", "migrate"),
    "read_case_file": (".casefile", "read_file"),
    "seal_case": (".casefile", "seal"),
    "encryption_params": (".casefile", "encryption_params"),
    "rules_version": (".casefile", "rules_version"),
    "InvalidCase": (".casefile", "InvalidCase"),
    "case_changes": (".changes", "changes"),
    "refit_case": (".changes", "refit"),
    "compare_results": (".changes", "compare"),
    "journal_form": (".journal", "form"),
    "add_entry": (".journal", "add_entry"),
    "update_entry": (".journal", "update_entry"),
    "remove_entry": (".journal", "remove_entry"),
    "check_journal": (".journal", "check_journal"),
    "journal_flags": (".journal", "flags"),
    "journal_timeline": (".journal", "timeline"),
    "journal_timeline_lines": (".journal", "timeline_lines"),
    "journal_calendar_events": (".journal", "calendar_events"),
    "calendar_ics": (".ics", "calendar"),
}

__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    """A public name, or a submodule (``guide_engine.journal``) not imported yet."""
    if name in _EXPORTS:
        module, attr = _EXPORTS[name]
        return getattr(import_module(module, __name__), attr)
    try:
        return import_module(f".{name}", __name__)
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{name}":
            raise
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))


class _Package(ModuleType):
    """This package: a public name wins over a submodule of the same name.

    ``guide_engine.letter``, ``.profile`` and ``.plan_view`` are functions, and modules too. The
    import system sets a submodule as an attribute of its package when it first loads it; that
    would hide the function from then on. So that attribute is not kept for a public name (the
    module is still ``sys.modules["guide_engine.letter"]``, which ``from .letter import …`` reads),
    as the Python reference describes for customising a module's attributes.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _EXPORTS and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
