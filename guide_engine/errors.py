"""The engine's errors: one base class and six kinds, each with a stable code and a Chinese message.

Why: the same error reaches a reader in the terminal, in the browser (through the Web Worker, as
JSON) and in tests. A stable ``code`` lets the page and the tests tell errors apart without parsing
prose; ``message`` is written for a worried reader: what was wrong and what to enter instead.
:data:`CODES` lists every code with its meaning.

The kinds: :class:`InvalidAnswer`, :class:`InvalidState`, :class:`InvalidProfile` (a reader's
input), :class:`PlanError` (calculator input), :class:`FlowError` (a broken questionnaire) and
:class:`DataError` (a broken package data file).
"""

from __future__ import annotations

from typing import Any


class GuideError(Exception):
    """Base of every error the engine raises on purpose. Nothing else escapes a public call."""

    default_code = "guide_error"

    def __init__(self, message: str, code: str | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.details = details

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form, for the Web Worker and the CLI's ``--json`` output."""
        return {
            "error": type(self).__name__,
            "code": self.code,
            "message": self.message,
            "details": self.details,
        }

    def __str__(self) -> str:
        return self.message


class InvalidAnswer(GuideError):
    """An answer that does not fit the question (wrong kind, unknown option, out of range…)."""

    default_code = "invalid_answer"


class InvalidState(GuideError):
    """A saved session state that is tampered with, truncated, stale or of an unknown flow/version."""

    default_code = "invalid_state"


class InvalidProfile(GuideError):
    """A profile with unknown keys, wrong types or out-of-range values; lists every bad field."""

    default_code = "invalid_profile"


class FlowError(GuideError):
    """A flow (questionnaire TOML) or one of its conditions that is broken; found at load/check time."""

    default_code = "flow_error"


class DataError(GuideError):
    """A package data file (sources, banks, rules wording, vocabulary) that is broken or asked
    for an id it does not have; found at load/check time, reported in words by ``check``."""

    default_code = "data_error"


class PlanError(GuideError):
    """Bad repayment-calculator input. A GuideError so the page shows the Chinese message as is."""

    default_code = "invalid_plan"


#: Every error code the engine (and its bridge to the page) can give, with what it means. One list,
#: so the page, the terminal and the tests can rely on a code without reading the code that raises
#: it; ``tests/test_errors.py`` checks that every code written in the package is here.
CODES: dict[str, str] = {
    # kinds (the default code of each class)
    "guide_error": "an error raised on purpose without a more precise code",
    "invalid_answer": "an answer that does not fit its question",
    "invalid_state": "a saved session state that cannot be used",
    "invalid_profile": "a profile with missing, unknown or out-of-range fields (details list each)",
    "flow_error": "a questionnaire that is broken",
    "data_error": "a package data file that is broken",
    "invalid_plan": "repayment-calculator input out of range or of the wrong type",
    # answers (InvalidAnswer)
    "not_an_option": "the answer is not one of the question's options",
    "not_a_list": "a multiple-choice answer that is not a list",
    "not_yes_no": "a yes/no answer that is not true or false",
    "not_a_number": "a number answer that is not a (finite) number",
    "not_an_integer": "a whole-number answer with decimals",
    "out_of_range": "a number answer outside the question's min…max",
    "not_text": "a text answer that is not a string",
    "too_long": "a text answer longer than the question allows",
    "unreadable": "an answer the engine could not read at all",
    "finished": "an answer given after the last question",
    "not_editable": "edit() of a question that was not asked, or remove_item() of no such item",
    "not_a_date": "a date answer that is not a calendar date written as year-month-day",
    "last_item": "remove_item() of the only item of a repeatable group",
    "invalid_details": "document (letter) details with unknown keys, values that are not text, "
    "too long, or digits that cannot be what the field asks for (details list each)",
    "invalid_date": "assess(today=…) given something that is not a date",
    # saved states (InvalidState)
    "state_not_object": "the saved state is not a JSON object",
    "state_malformed": "the saved state lacks keys or has keys of the wrong type",
    "stale_version": "the state was saved under another version of the flow",
    "unknown_question": "the state answers a question the flow does not have",
    "bad_answer": "the state holds an answer its question refuses",
    # flows (FlowError; also the codes of a flow's Problem list)
    "unknown_flow": "no packaged flow has this id",
    "flow_source": "a flow given as something other than a path or TOML text, or unreadable",
    "toml_syntax": "a flow file that is not TOML",
    "flow_table": "a flow file that is not a table",
    "flow_id": "a flow without a valid id",
    "flow_version": "a flow whose version is not a positive integer",
    "flow_title": "a flow without a title",
    "no_questions": "a flow without questions",
    "no_flows": "no flow files were found",
    "duplicate_flow": "two flow files with one id",
    "question_table": "a question that is not a table",
    "question_id": "a question without a valid id",
    "question_field": "a question whose field is not a valid name",
    "question_text": "a question without text, or help/short that is not text",
    "duplicate_question": "two questions with one id",
    "duplicate_field": "two questions filling one field",
    "unknown_kind": "a question kind that does not exist",
    "unknown_key": "a key the flow format does not have",
    "bad_key": "a key with a value of the wrong type",
    "no_options": "a choice question without options",
    "option_table": "an option that is not a table",
    "option_id": "an option without a valid id",
    "option_label": "an option without a label",
    "duplicate_option": "two options with one id",
    "too_few_options": "a single-choice question with fewer than two options",
    "unexpected_options": "options on a question kind that has none",
    "number_range": "a number question without a valid min…max",
    "bad_default": "a default its own question would refuse",
    "missing_default": "a conditional question without a default",
    "group_max": "a repeatable group whose max is not a whole number from 1 to 50",
    "group_text": "a repeatable group without its add-another question, short name or unit",
    "group_questions": "a repeatable group without questions",
    "nested_group": "a repeatable group inside another",
    "group_field": "a condition outside a repeatable group reading one item's field",
    "unknown_vocabulary": 'options = "vocabulary:…" naming a list the vocabulary does not have',
    "vocabulary_mismatch": "a question that does not fit its profile field in the vocabulary",
    "unknown_required": "requires names a field no question fills",
    "bad_condition": "a condition that uses something the condition language does not allow",
    "bad_name": "a condition name starting with an underscore",
    "condition_syntax": "a condition that does not parse",
    "unknown_field": "a condition (or vocabulary lookup) naming a field that does not exist",
    "later_field": "a condition reading a field asked later (the question could never be asked)",
    "unknown_option": "a condition or label naming an option that does not exist",
    "type_mismatch": "a condition comparing a field with a value of another type",
    "never_asked": "a question no combination of answers reaches",
    "incomplete_path": "a path through the flow that misses a required field",
    "no_result": "a path whose answers assess() refuses",
    "too_many_paths": "a flow with too many paths to check",
    # package data (DataError)
    "data_toml": "a data file that is not TOML",
    "data_sources": "data/sources.toml breaks its format",
    "data_banks": "data/banks.toml breaks its format",
    "data_rules": "data/rules.toml does not match the rule table or breaks its format",
    "data_vocabulary": "data/vocabulary.toml breaks its format",
    "data_debts": "data/debts.toml (the household plan's rules and wording) breaks its format",
    "unknown_source": "a citation id that is not in sources.toml",
    "unknown_bank": "a bank id that is not in banks.toml",
    "unknown_form": "a label form other than long or short",
    "unknown_grade": "a readiness grade the vocabulary does not have",
    # the case file the reader carries (guide_engine.casefile, InvalidCase)
    "case_not_json": "a case file that is not JSON text",
    "case_too_large": "a case file over its size limit",
    "case_too_deep": "a case file nested deeper than a case can be",
    "case_not_case": "a JSON document that is not a 协商指南 case file",
    "case_format_newer": "a case file written by a newer version of the site",
    "case_malformed": "a case file with a missing or ill-typed part",
    "case_unknown_flow": "a case file for a questionnaire this site does not have",
    "case_encrypted": "an encrypted case file given where a decrypted one is needed",
    "envelope_invalid": "an encrypted case file whose envelope (algorithm, salt, iv) is wrong",
    "decryption_failed": "a wrong passphrase or a damaged encrypted file",
    # the negotiation journal (guide_engine.journal)
    "journal_entry_invalid": "a journal entry with a missing or bad field",
    "journal_invalid": "a journal that is not a list of entries",
    "journal_unknown_entry": "a journal entry id that does not exist",
    "journal_full": "a journal at its maximum number of entries",
    # calendar files (guide_engine.ics)
    "ics_invalid_event": "a calendar event with a missing or bad field",
    "ics_too_many": "more calendar events than one file holds",
    # household plan (guide_engine.terms)
    "invalid_terms": "an original loan term outside 1–600 months given to extension_cap directly",
    # the documents a borrower sends (guide_engine.documents)
    "data_documents": "data/documents.toml (the documents' wording) breaks its format",
    "unknown_document": "a document kind the documents module does not have",
    "document_not_applicable": "a document asked for a debt it does not apply to, or no such debt",
    # the boundary
    "unexpected": "an unexpected failure inside the engine, turned into a GuideError",
    # the page bridge (guide_engine.bridge.dispatch)
    "unknown_command": "the page asked for a command the bridge does not have",
    "bad_request": "the page sent arguments that are not a JSON object or do not fit the command",
    "internal": "an unexpected failure outside a session call; the page still gets an answer",
}
