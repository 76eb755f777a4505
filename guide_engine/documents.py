"""The documents a borrower sends: generated as structure, one per lender where it applies.

Why structure and not a text blob: the page prints a document alone (title, date and signature
kept together), offers it as a download, and prints the advice meant for the borrower on a
separate sheet. That needs the parts apart. And why one module: the negotiation letter, the
hardship statement, the reply to a collector, the complaint and the 支付令 objection share their
facts, their blanks and their field checks, so there is one way to write a letter
(:func:`guide_engine.letter.letter` is the negotiation request rendered by :func:`as_text`).

What a document may say is fixed by ``data/documents.toml`` (checked on load, problems in words):
every legal statement names its source id from ``data/sources.toml``, and only facts the fact
sheet rates high or medium are stated. The generator **invents nothing**: each fact comes from the
household plan (:func:`guide_engine.debt_plan.plan_household`) or the ``details`` the reader typed;
whatever is missing is a line to write by hand (``________``), the date too.

A document (JSON-serialisable)::

    {"id": "negotiation:0",            # kind:debt index (0-based, input order)
     "kind": "negotiation" | "hardship" | "collector_reply" | "complaint"
             | "payment_order_objection",
     "variant": "card" | "loan" | None, # the negotiation request's variant (Art. 70 only for cards)
     "debt": 0,
     "title": "协商还款申请书",
     "recipient": "中信银行" | "________",
     "date": "2026年12月1日" | "____年__月__日",
     "references": ["信用卡卡号后四位：1234", …],   # the account or case the document is about
     "paragraphs": ["本人在贵行的信用卡欠款…", …],   # one string per line; never advice
     "closing": ["此致", "敬礼"],
     "signature": {"role": "申请人", "name", "id_line", "phone", "date"},
     "attachments": ["身份证复印件", …],
     "borrower_notes": [{"text", "source_id" | None}, …],   # for the borrower only
     "sources": [source ids the document and its notes rest on]}

Which documents apply to debt *i* (:func:`documents` lists them in this order per debt):

* ``negotiation`` and ``hardship`` — every debt that is not simply kept current (mortgage, car
  loan): the card variant cites Art. 70 (the plan's terms are ``art70``); the loan variant asks
  for an extension (展期) or a changed schedule and proposes a number of periods only when the
  plan fits within the loan's cap; with no cap known it proposes none;
* ``collector_reply`` — every overdue debt;
* ``complaint`` — every overdue debt when the household reports abusive collection or a journal
  is given (the borrower notes say to send it only to the lender concerned);
* ``payment_order_objection`` — every debt whose court papers are a 支付令.

``details`` (all optional; ``None`` or ``""`` means "not given"): the person's ``name`` (40),
``id_last4``, ``phone``, ``description`` (800, line breaks kept), ``date`` (YYYY-MM-DD), and per
debt ``card_last4``, ``contract_no`` (40), ``bank_name`` (40), ``case_no`` (60), ``court`` (60),
``objection`` (800). Per-debt keys at the top level belong to the first debt; ``"debts": [{…}, …]``
gives them for each debt in order. Text is made safe (invisible and control characters removed);
a field that is too long, digits that cannot be a card number, an unknown key or a value that is
not text raise :class:`~guide_engine.errors.InvalidAnswer` (code ``invalid_details``) listing every
problem with the field named as the form labels it (``details["errors"]``: ``{field, label,
message}``; ``details["fields"]``: the paths, e.g. ``debts[1].card_last4``).

``today`` (a date or "YYYY-MM-DD"; the clock when omitted) only checks, as the household gate
does, that court dates are not in the future: nothing a document says depends on it. The
``journal_entries`` (:mod:`guide_engine.journal`) become the complaint's timeline, oldest first.

Other codes: ``unknown_document`` (no such kind), ``document_not_applicable`` (the kind does not
apply to that debt, or there is no such debt), ``data_documents`` (the data file is broken),
``invalid_profile`` (from the household gate), ``unexpected`` (from the boundary).
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from functools import lru_cache
from typing import Any

from . import facts, journal, vocabulary
from .assessment import wording as checklist
from .datafiles import read_toml
from .debt_plan import plan_household
from .debts_data import FORBIDDEN
from .errors import DataError, GuideError, InvalidAnswer
from .guard import guarded
from .household import PRODUCT_LABELS
from .money import for_people
from .text import clean_letter_field

NAME = "data/documents.toml"
KINDS = ("negotiation", "hardship", "collector_reply", "complaint", "payment_order_objection")
#: kind → its section of the data file
_SECTION = {
    "negotiation": "negotiation",
    "hardship": "hardship",
    "collector_reply": "collector",
    "complaint": "complaint",
    "payment_order_objection": "objection",
}

#: Every entry of the data file and the placeholders its text takes ({citation} comes from the
#: entry's own source and is not listed). One line per entry: "section.key placeholder …".
_SPEC = """
common.blank
common.date_blank
common.greeting recipient
common.closing_1
common.closing_2
common.sign blank role
common.printed_name name role
common.id_last4 value
common.id_blank
common.phone value
common.date value
common.attachments
common.you_bank
common.you_other
facts.debt balance product status you
facts.overdue days
facts.current
facts.hardship reasons
facts.hardship_blank blank
facts.description
facts.proof
facts.no_proof
facts.money essentials income others
facts.money_others amount
facts.other_lenders balance count
facts.truthful
facts.truthful_willing
negotiation.title
negotiation.role
negotiation.card_ref value
negotiation.contract_ref value
negotiation.willing
negotiation.asking you
negotiation.card_request amount months will you
negotiation.card_request_open will you
negotiation.loan_request amount months more product will
negotiation.loan_request_open more product will
negotiation.loan_rules_more
negotiation.capacity amount you
negotiation.no_capacity you
negotiation.fees you
negotiation.card_agreement you
negotiation.card_promise
negotiation.loan_agreement you
negotiation.notes.copies
negotiation.notes.own_words
negotiation.notes.send
negotiation.notes.may_refuse
negotiation.notes.extension
negotiation.notes.loan_rules
negotiation.notes.estimate rate
negotiation.notes.record
hardship.title
hardship.role
hardship.intro name product you
hardship.since blank
hardship.household essentials income surplus
hardship.household_short essentials income
hardship.notes.own_words
hardship.notes.copies
collector.title
collector.role
collector.opening product you
collector.in_writing you
collector.third_party
collector.card_rule
collector.guideline
collector.privacy
collector.contact phone
collector.notes.not_law
collector.notes.keep
collector.notes.record
collector.notes.police
complaint.title
complaint.role
complaint.opening product you
complaint.facts
complaint.facts_blank blank
complaint.card_rule
complaint.guideline
complaint.requests
complaint.deadline you
complaint.notes.only_this
complaint.notes.evidence
complaint.notes.deadline
complaint.notes.escalate
complaint.notes.send
objection.title
objection.role
objection.court court
objection.court_blank
objection.parties lender
objection.case value
objection.received date
objection.received_blank blank
objection.statement
objection.grounds_blank blank
objection.request
objection.notes.deadline due
objection.notes.due date
objection.notes.written
objection.notes.not_ability
objection.notes.honest
objection.notes.after
objection.notes.copies
attachments.id_card
attachments.income
attachments.statement
attachments.other_debts
attachments.journal
attachments.payment_order
attachments.objection_proof
fields.name
fields.id_last4
fields.phone
fields.description
fields.date
fields.card_last4
fields.contract_no
fields.bank_name
fields.case_no
fields.court
fields.objection
fields.debt label n
fields.debts
messages.not_table
messages.problems
messages.unknown key
messages.not_text now
messages.too_long length limit
messages.card_digits
messages.id_digits
messages.phone_digits
messages.date_format
messages.debts_list
messages.debts_count count given
messages.unknown_kind kind
messages.not_applicable n title why
messages.why_keep_current
messages.why_not_overdue
messages.why_no_order
messages.why_no_debt
"""
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def _spec() -> dict[str, frozenset[str]]:
    spec = {}
    for line in _SPEC.strip().splitlines():
        key, *names = line.split()
        spec[key] = frozenset(names)
    return spec


def _entries(table: dict[str, Any], prefix: str, out: dict[str, Any]) -> None:
    """Flatten nested tables into "a.b.key" → entry (an entry is a table with ``text``)."""
    for key, value in table.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and "text" not in value:
            _entries(value, path + ".", out)
        else:
            out[path] = value


def _bad_text(text: str) -> str | None:
    if not text.strip():
        return "text 是空的"
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in text):
        return "text 里有控制字符或不可见字符"
    promise = [phrase for phrase in FORBIDDEN if phrase in text]
    if promise:
        return f"text 含有没有规则能保证的说法：{'、'.join(promise)}"
    return None


def check_data(data: dict[str, Any]) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """The entries of a parsed documents file and its problems in words (empty when it is sound)."""
    flat: dict[str, Any] = {}
    _entries(data, "", flat)
    spec = _spec()
    problems: list[str] = []
    entries: dict[str, dict[str, Any]] = {}
    for key in sorted(set(spec) - set(flat)):
        problems.append(f"{NAME}: 缺少 {key}")
    for key in sorted(set(flat) - set(spec)):
        problems.append(f"{NAME}: {key} 不是文书用到的条目（多余或拼错了）")
    known = {s["id"] for s in facts.sources()}
    for key in sorted(set(flat) & set(spec)):
        entry, where = flat[key], f"{NAME} {key}"
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
            problems.append(f'{where}: 应为 {{ text = "…" }}，可加 source')
            continue
        extra = set(entry) - {"text", "source"}
        if extra:
            problems.append(f"{where}: 不认识的字段 {'、'.join(sorted(extra))}")
        text, source = entry["text"], entry.get("source")
        problem = _bad_text(text)
        if problem:
            problems.append(f"{where}: {problem}")
        found = set(_PLACEHOLDER.findall(text))
        if "citation" in found and source is None:
            problems.append(f"{where}: 用了 {{citation}} 却没有 source")
        found.discard("citation")
        if found != spec[key]:
            want = "、".join(sorted(spec[key])) or "无"
            problems.append(
                f"{where}: 占位符应为 {want}，现在是 {'、'.join(sorted(found)) or '无'}"
            )
        if source is not None and source not in known:
            problems.append(f"{where}: source “{source}” 不在 data/sources.toml 里")
        entries[key] = {"text": text, "source": source}
    return entries, problems


@lru_cache(maxsize=1)
def _data() -> dict[str, dict[str, Any]]:
    entries, problems = check_data(read_toml("documents.toml"))
    if problems:
        raise DataError("文书的数据文件有问题：\n" + "\n".join(problems), code="data_documents")
    return entries


def check() -> list[str]:
    """The data file's problems in words (empty when it is sound), for the ``check`` command."""
    try:
        return check_data(read_toml("documents.toml"))[1]
    except DataError as exc:
        return [exc.message]


def _t(key: str, /, **values: Any) -> str:
    """The entry's text with its placeholders filled; ``{citation}`` from its own source."""
    entry = _data()[key]
    if entry["source"] is not None:
        values.setdefault("citation", facts.citation(entry["source"]))
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), entry["text"])


def blank() -> str:
    """What a line to write by hand looks like in every document (``________``)."""
    return _t("common.blank")


def _src(key: str) -> str | None:
    return _data()[key]["source"]


# ───────────────────────────── the fields the reader fills ─────────────────────────────

_PERSON = {"name": 40, "id_last4": 4, "phone": 30, "description": 800, "date": 10}
_PER_DEBT = {
    "card_last4": 4,
    "contract_no": 40,
    "bank_name": 40,
    "case_no": 60,
    "court": 60,
    "objection": 800,
}
_MULTILINE = ("description", "objection")
_DIGIT_FIELDS = ("card_last4", "id_last4", "phone", "contract_no", "case_no")
_TYPE_NAMES = {
    bool: "是/否",
    int: "数字",
    float: "数字",
    list: "列表",
    tuple: "列表",
    dict: "一组内容",
}
_PHONE = re.compile(r"^\+?[0-9 ()\-]+$")
_CARD = re.compile(r"^[0-9 \-]+$")
_ID4 = re.compile(r"^[0-9]{3}[0-9X]$")
#: A raw string longer than this many times its limit is refused before it is cleaned at all.
_RAW_FACTOR = 4


class _Problems:
    def __init__(self) -> None:
        self.errors: list[dict[str, str]] = []

    def add(self, field: str, label: str | None, message: str) -> None:
        """A problem of one field; ``label`` None for a key the form does not have."""
        text = f"{label}：{message}" if label else message
        self.errors.append({"field": field, "label": label or "", "message": text})


def _label(key: str, debt: int | None) -> str:
    label = _t(f"fields.{key}")
    return label if debt is None else _t("fields.debt", n=debt + 1, label=label)


def _value(key: str, value: Any, limit: int) -> tuple[str | None, str | None]:
    """(clean text or None for "not given", problem or None) for one field."""
    if value is None:
        return None, None
    if isinstance(value, int) and not isinstance(value, bool) and key in _DIGIT_FIELDS:
        value = str(value)
    if not isinstance(value, str):
        return None, _t(
            "messages.not_text", now=f"现在是{_TYPE_NAMES.get(type(value), '别的内容')}"
        )
    if len(value) > limit * _RAW_FACTOR + 40:
        return None, _t("messages.too_long", limit=limit, length=len(value))
    text = clean_letter_field(value, 10**6, keep_newlines=key in _MULTILINE)
    if not text:
        return None, None
    if key == "card_last4":
        digits = "".join(ch for ch in text if ch.isascii() and ch.isdigit())
        if not _CARD.match(text) or not (len(digits) == 4 or 12 <= len(digits) <= 19):
            return None, _t("messages.card_digits")
        return digits[-4:], None
    if key == "id_last4":
        text = text.upper()
        return (text, None) if _ID4.match(text) else (None, _t("messages.id_digits"))
    if key == "phone":
        digits = sum(ch.isascii() and ch.isdigit() for ch in text)
        if not _PHONE.match(text) or not 5 <= digits <= 20:
            return None, _t("messages.phone_digits")
    if key == "date":
        try:
            day = _dt.date.fromisoformat(text) if len(text) == 10 else None
        except ValueError:
            day = None
        if day is None:
            return None, _t("messages.date_format")
        return f"{day.year}年{day.month}月{day.day}日", None
    if len(text) > limit:
        return None, _t("messages.too_long", limit=limit, length=len(text))
    return text, None


def _fields(
    raw: dict[str, Any], allowed: dict[str, int], debt: int | None, path: str, out: _Problems
) -> dict[str, str]:
    clean: dict[str, str] = {}
    for key, value in raw.items():
        if key not in allowed:
            shown = clean_letter_field(str(key), 20)
            out.add(f"{path}{shown}", None, _t("messages.unknown", key=shown))
            continue
        text, problem = _value(key, value, allowed[key])
        if problem:
            out.add(f"{path}{key}", _label(key, debt), problem)
        elif text is not None:
            clean[key] = text
    return clean


def check_details(details: Any, debt_count: int) -> dict[str, Any]:
    """``{"person": {key: text}, "debts": [{key: text}, …]}`` or :class:`InvalidAnswer`."""
    out = _Problems()
    if details is None:
        details = {}
    if not isinstance(details, dict):
        raise InvalidAnswer(_t("messages.not_table"), code="invalid_details", fields=[], errors=[])
    top = {k: v for k, v in details.items() if k != "debts"}
    person = _fields({k: v for k, v in top.items() if k not in _PER_DEBT}, _PERSON, None, "", out)
    first = _fields(
        {k: v for k, v in top.items() if k in _PER_DEBT},
        _PER_DEBT,
        0 if debt_count > 1 else None,
        "",
        out,
    )
    debts: list[dict[str, str]] = [dict(first)] + [{} for _ in range(debt_count - 1)]
    given = details.get("debts")
    label = _t("fields.debts")
    if given is not None:
        if not isinstance(given, list) or not all(isinstance(d, dict) or d is None for d in given):
            out.add("debts", label, _t("messages.debts_list"))
        elif len(given) > debt_count:
            out.add("debts", label, _t("messages.debts_count", count=debt_count, given=len(given)))
        else:
            for i, item in enumerate(given):
                debts[i].update(_fields(item or {}, _PER_DEBT, i, f"debts[{i}].", out))
    if out.errors:
        message = "\n".join([_t("messages.problems")] + [f"- {e['message']}" for e in out.errors])
        raise InvalidAnswer(
            message,
            code="invalid_details",
            fields=[e["field"] for e in out.errors],
            errors=out.errors,
        )
    return {"person": person, "debts": debts}


# ───────────────────────────── the documents ─────────────────────────────


_VOCABULARY_PRODUCTS = vocabulary.option_ids("product")


def _product_label(product: str) -> str:
    """The vocabulary's label where it has the product (the letter form's words), else the
    household module's (花呗、房贷、车贷 are not in the vocabulary yet)."""
    if product in _VOCABULARY_PRODUCTS:
        return vocabulary.label("product", product)
    return PRODUCT_LABELS[product]


class _Case:
    """One debt of the household with everything its documents draw on."""

    def __init__(self, plan: dict[str, Any], index: int, details: dict[str, Any]) -> None:
        self.plan = plan
        self.i = index
        self.home = plan["household"]
        self.debt = self.home["debts"][index]
        self.planned = plan["debts"][index]
        self.terms = self.planned["terms"]
        self.person = details["person"]
        self.own = details["debts"][index]
        self.blank = _t("common.blank")
        lender = self.debt["lender"]
        self.lender = "" if lender == "other" else vocabulary.label("bank", lender)
        self.recipient = self.own.get("bank_name") or self.lender or self.blank
        self.you = _t("common.you_bank" if lender != "other" else "common.you_other")
        self.product = _product_label(self.debt["product"])
        self.card = self.debt["product"] == "credit_card"
        self.date = self.person.get("date") or _t("common.date_blank")
        self.sources: list[str] = []

    def say(self, key: str, **values: Any) -> str:
        """A sentence of the document; its source joins the document's sources."""
        source = _src(key)
        if source:
            self.sources.append(source)
        return _t(key, **values)

    def note(self, key: str, **values: Any) -> dict[str, Any]:
        source = _src(key)
        if source:
            self.sources.append(source)
        return {"text": _t(key, **values), "source_id": source}

    def references(self) -> list[str]:
        if self.card:
            return [_t("negotiation.card_ref", value=self.own.get("card_last4", self.blank))]
        return [_t("negotiation.contract_ref", value=self.own.get("contract_no", self.blank))]

    def debt_line(self) -> str:
        days = self.debt["overdue_days"]
        status = _t("facts.overdue", days=days) if days > 0 else _t("facts.current")
        return self.say(
            "facts.debt",
            you=self.you,
            product=self.product,
            balance=for_people(self.debt["balance"]),
            status=status,
        )

    def hardship_lines(self) -> list[str]:
        hardship = self.home["hardship"]
        lines = [
            self.say("facts.hardship", reasons=vocabulary.label("hardship", hardship))
            if hardship
            else self.say("facts.hardship_blank", blank=self.blank)
        ]
        if "description" in self.person:
            lines.append(self.say("facts.description"))
            lines.extend(self.person["description"].split("\n"))
        return lines

    def proof_line(self) -> str:
        return self.say("facts.proof" if self.home["hardship_proof"] else "facts.no_proof")

    def money_line(self) -> str:
        budget = self.plan["budget"]
        fixed = budget["other_debt_payments"] + budget["priority_payments"]
        others = _t("facts.money_others", amount=for_people(fixed)) if fixed > 0 else ""
        return self.say(
            "facts.money",
            income=for_people(budget["income"]),
            essentials=for_people(budget["essentials"]),
            others=others,
        )

    def other_lenders_line(self) -> list[str]:
        rest = [d for j, d in enumerate(self.home["debts"]) if j != self.i]
        if not rest:
            return []
        total = sum(d["balance"] for d in rest)
        return [self.say("facts.other_lenders", count=len(rest), balance=for_people(total))]

    def proof_attachments(self) -> list[str]:
        if not self.home["hardship_proof"]:
            return []
        # The same proof the assessment's checklist asks for (data/rules.toml [documents]).
        proof = checklist.table()["documents"]["hardship"]
        return [item for hardship in self.home["hardship"] for item in proof[hardship]]

    def signature(self, role_key: str) -> dict[str, str]:
        id_last4 = self.person.get("id_last4")
        return {
            "role": _t(role_key),
            "name": self.person.get("name", self.blank),
            "id_line": _t("common.id_last4", value=id_last4) if id_last4 else _t("common.id_blank"),
            "phone": self.person.get("phone", self.blank),
            "date": self.date,
        }

    def document(
        self,
        kind: str,
        section: str,
        paragraphs: list[str],
        attachments: list[str],
        notes: list[dict[str, Any]],
        recipient: str | None = None,
        references: list[str] | None = None,
        variant: str | None = None,
    ) -> dict[str, Any]:
        return {
            "id": f"{kind}:{self.i}",
            "kind": kind,
            "variant": variant,
            "debt": self.i,
            "title": _t(f"{section}.title"),
            "recipient": recipient or self.recipient,
            "date": self.date,
            "references": self.references() if references is None else references,
            "paragraphs": paragraphs,
            "closing": [_t("common.closing_1"), _t("common.closing_2")],
            "signature": self.signature(f"{section}.role"),
            "attachments": list(dict.fromkeys(attachments)),
            "borrower_notes": notes,
            "sources": list(dict.fromkeys(self.sources)),
        }


def _negotiation(case: _Case) -> dict[str, Any]:
    home, terms = case.home, case.terms
    offer = case.planned["offer_monthly"]
    card = terms["kind"] == "art70"
    lines = [case.debt_line(), *case.hardship_lines(), case.proof_line(), case.money_line()]
    lines += case.other_lenders_line()
    will = (
        _t("negotiation.willing")
        if home["willing_to_repay"]
        else _t("negotiation.asking", you=case.you)
    )
    fits = bool(terms["fits"]) and offer > 0 and terms["months_needed"] is not None
    proposal = {"will": will, "you": case.you}
    if fits:
        proposal.update(months=terms["months_needed"], amount=for_people(offer))
    if card:
        lines.append(
            case.say(
                "negotiation.card_request" if fits else "negotiation.card_request_open", **proposal
            )
        )
    else:
        more = case.say("negotiation.loan_rules_more") if terms["kind"] == "loan_extension" else ""
        key = "negotiation.loan_request" if fits else "negotiation.loan_request_open"
        lines.append(case.say(key, product=case.product, more=more, **proposal))
    if not fits:
        if offer > 0:
            lines.append(case.say("negotiation.capacity", amount=for_people(offer), you=case.you))
        else:
            lines.append(case.say("negotiation.no_capacity", you=case.you))
    if case.debt["overdue_days"] > 0:
        lines.append(case.say("negotiation.fees", you=case.you))
    if card:
        lines.append(case.say("negotiation.card_agreement", you=case.you))
        lines.append(case.say("negotiation.card_promise"))
    else:
        lines.append(case.say("negotiation.loan_agreement", you=case.you))
    lines.append(
        case.say("facts.truthful_willing" if home["willing_to_repay"] else "facts.truthful")
    )

    attachments = [_t("attachments.id_card"), _t("attachments.income"), _t("attachments.statement")]
    attachments += case.proof_attachments()
    attachments += checklist.table()["documents"]["product"][case.debt["product"]]
    if len(home["debts"]) > 1 or home["household"]["other_debt_payments"] > 0:
        attachments.append(_t("attachments.other_debts"))

    notes = [case.note("negotiation.notes.copies"), case.note("negotiation.notes.own_words")]
    if card:
        notes.append(case.note("negotiation.notes.may_refuse"))
    else:
        notes.append(case.note("negotiation.notes.extension"))
        if terms["kind"] == "loan_extension":
            notes.append(case.note("negotiation.notes.loan_rules"))
    if fits and terms["plan"] and terms["plan"]["basis"] == "estimate":
        rate = f"{terms['plan']['annual_rate'] * 100:g}%"
        notes.append(case.note("negotiation.notes.estimate", rate=rate))
    notes += [case.note("negotiation.notes.send"), case.note("negotiation.notes.record")]
    return case.document(
        "negotiation", "negotiation", lines, attachments, notes, variant="card" if card else "loan"
    )


def _hardship(case: _Case) -> dict[str, Any]:
    budget = case.plan["budget"]
    name = case.person.get("name", case.blank)
    lines = [case.say("hardship.intro", name=name, you=case.you, product=case.product)]
    lines += case.hardship_lines()
    lines.append(case.say("hardship.since", blank=case.blank))
    money = {"income": for_people(budget["income"]), "essentials": for_people(budget["essentials"])}
    if budget["surplus"] > 0:
        lines.append(case.say("hardship.household", surplus=for_people(budget["surplus"]), **money))
    else:
        lines.append(case.say("hardship.household_short", **money))
    lines += case.other_lenders_line()
    lines.append(case.proof_line())
    lines.append(case.say("facts.truthful"))
    notes = [case.note("hardship.notes.own_words"), case.note("hardship.notes.copies")]
    return case.document("hardship", "hardship", lines, case.proof_attachments(), notes)


def _guideline_applies(case: _Case) -> bool:
    """The banking association's guideline covers cards and personal consumer loans."""
    return case.debt["product"] in ("credit_card", "consumer_loan")


def _collector_reply(case: _Case) -> dict[str, Any]:
    lines = [
        case.say("collector.opening", you=case.you, product=case.product),
        case.say("collector.in_writing", you=case.you),
        case.say("collector.third_party"),
    ]
    if case.card:
        lines.append(case.say("collector.card_rule"))
    if _guideline_applies(case):
        lines.append(case.say("collector.guideline"))
    lines.append(case.say("collector.privacy"))
    lines.append(case.say("collector.contact", phone=case.person.get("phone", case.blank)))
    notes = [case.note("collector.notes.keep"), case.note("collector.notes.record")]
    if _guideline_applies(case):
        notes.append(case.note("collector.notes.not_law"))
    notes.append(case.note("collector.notes.police"))
    return case.document("collector_reply", "collector", lines, [], notes)


def _complaint(case: _Case, entries: Any) -> dict[str, Any]:
    lines = [case.say("complaint.opening", you=case.you, product=case.product)]
    story = journal.timeline_lines(entries, case.debt["product"]) if entries else []
    if story:
        lines.append(case.say("complaint.facts"))
        lines.extend(story)
    else:
        lines.append(case.say("complaint.facts_blank", blank=case.blank))
    if case.card:
        lines.append(case.say("complaint.card_rule"))
    if _guideline_applies(case):
        lines.append(case.say("complaint.guideline"))
    lines.append(case.say("complaint.requests"))
    lines.append(case.say("complaint.deadline", you=case.you))
    notes = [
        case.note("complaint.notes.only_this"),
        case.note("complaint.notes.evidence"),
        case.note("complaint.notes.deadline"),
        case.note("complaint.notes.send"),
        case.note("complaint.notes.escalate"),
    ]
    attachments = [_t("attachments.journal")]
    return case.document("complaint", "complaint", lines, attachments, notes)


def _cn_date(iso: str) -> str:
    day = _dt.date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"


def _objection(case: _Case) -> dict[str, Any]:
    court = case.debt["court"] or {}
    references = [
        _t("objection.parties", lender=case.own.get("bank_name") or case.lender or case.blank),
        _t("objection.case", value=case.own.get("case_no", case.blank)),
    ]
    received = court.get("received")
    lines = [
        case.say("objection.received", date=_cn_date(received))
        if received
        else case.say("objection.received_blank", blank=case.blank),
        case.say("objection.statement"),
    ]
    if "objection" in case.own:
        lines.extend(case.own["objection"].split("\n"))
    else:
        lines += [case.say("objection.grounds_blank", blank=case.blank * 4)] * 3
    lines.append(case.say("objection.request"))
    due = [
        item["due"]
        for item in case.plan["deadlines"]
        if item["debt"] == case.i and item["kind"] == "payment_order_objection" and item["due"]
    ]
    due_text = _t("objection.notes.due", date=_cn_date(due[0])) if due else ""
    notes = [
        case.note("objection.notes.deadline", due=due_text),
        case.note("objection.notes.written"),
        case.note("objection.notes.not_ability"),
        case.note("objection.notes.honest"),
        case.note("objection.notes.after"),
        case.note("objection.notes.copies"),
    ]
    attachments = [_t("attachments.payment_order"), _t("attachments.objection_proof")]
    recipient = case.own.get("court") or _t("objection.court_blank")
    return case.document(
        "payment_order_objection",
        "objection",
        lines,
        attachments,
        notes,
        recipient=recipient,
        references=references,
    )


def _why_not(kind: str, case: _Case) -> str | None:
    """None when ``kind`` applies to the case's debt, else why not (in words)."""
    if kind in ("negotiation", "hardship") and case.planned["route"] == "keep_current":
        return _t("messages.why_keep_current")
    if kind in ("collector_reply", "complaint") and case.debt["overdue_days"] <= 0:
        return _t("messages.why_not_overdue")
    if kind == "payment_order_objection" and (case.debt["court"] or {}).get("stage") != (
        "payment_order"
    ):
        return _t("messages.why_no_order")
    return None


def _build(kind: str, case: _Case, entries: Any) -> dict[str, Any]:
    if kind == "negotiation":
        return _negotiation(case)
    if kind == "hardship":
        return _hardship(case)
    if kind == "collector_reply":
        return _collector_reply(case)
    if kind == "complaint":
        return _complaint(case, entries)
    return _objection(case)


def _today(today: Any) -> _dt.date:
    if today is None:
        return _dt.date.today()
    if isinstance(today, _dt.date):
        return today
    if isinstance(today, str):
        try:
            return _dt.date.fromisoformat(today)
        except ValueError:
            pass
    raise GuideError("日期格式不对，请按“2026-12-01”这样的格式填写。", code="invalid_date")


def _prepare(profile: Any, details: Any, today: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    plan = plan_household(profile, _today(today))
    return plan, check_details(details, len(plan["household"]["debts"]))


@guarded("生成文书时出现了意外的错误，请刷新页面后再试，或使用可打印的准备清单。")
def document(
    kind: str,
    profile: Any,
    debt: int = 0,
    details: Any = None,
    today: Any = None,
    journal_entries: Any = None,
) -> dict[str, Any]:
    """One document of ``kind`` for debt number ``debt`` (0-based); see the module docstring."""
    if kind not in KINDS:
        shown = clean_letter_field(str(kind), 30)
        raise GuideError(_t("messages.unknown_kind", kind=shown), code="unknown_document")
    plan, clean = _prepare(profile, details, today)
    title = _t(f"{_SECTION[kind]}.title")
    count = len(plan["household"]["debts"])
    if isinstance(debt, bool) or not isinstance(debt, int) or not 0 <= debt < count:
        n = debt + 1 if isinstance(debt, int) and not isinstance(debt, bool) else "？"
        why = _t("messages.why_no_debt")
        raise GuideError(
            _t("messages.not_applicable", n=n, title=title, why=why),
            code="document_not_applicable",
        )
    case = _Case(plan, debt, clean)
    why = _why_not(kind, case)
    if why:
        raise GuideError(
            _t("messages.not_applicable", n=debt + 1, title=title, why=why),
            code="document_not_applicable",
        )
    return _build(kind, case, journal_entries)


@guarded("生成文书时出现了意外的错误，请刷新页面后再试，或使用可打印的准备清单。")
def documents(
    profile: Any, details: Any = None, today: Any = None, journal_entries: Any = None
) -> list[dict[str, Any]]:
    """Every document that applies to the household, debt by debt in input order."""
    plan, clean = _prepare(profile, details, today)
    home = plan["household"]
    complain = home["abusive_collection"] or bool(journal_entries)
    out = []
    for i in range(len(home["debts"])):
        for kind in KINDS:
            if kind == "complaint" and not complain:
                continue
            case = _Case(plan, i, clean)
            if _why_not(kind, case) is None:
                out.append(_build(kind, case, journal_entries))
    return out


#: The parts of a document in reading order (:func:`blocks`); the page, the text and the Word file
#: lay each part out in their own way (the signature block kept together, the title large).
PARTS = ("title", "greeting", "references", "body", "attachments", "closing", "signature")


def blocks(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The document as its parts in reading order: ``[{"part", "lines"}, …]`` (parts from
    :data:`PARTS`; an empty part is left out). The one place that words the frame of a document
    (greeting, attachment numbers, signature lines): the page, :func:`as_text` and
    :func:`guide_engine.docx.docx` all draw from it, so the three say the same. Only the
    document: the borrower notes are not part of it (see :func:`notes_text`)."""
    sign = doc["signature"]
    attachments = [f"{i}. {item}" for i, item in enumerate(doc["attachments"], start=1)]
    parts = [
        ("title", [doc["title"]]),
        ("greeting", [_t("common.greeting", recipient=doc["recipient"])]),
        ("references", list(doc["references"])),
        ("body", list(doc["paragraphs"])),
        ("attachments", [_t("common.attachments"), *attachments] if attachments else []),
        ("closing", list(doc["closing"])),
        (
            "signature",
            [
                _t("common.printed_name", role=sign["role"], name=sign["name"]),
                _t("common.sign", role=sign["role"], blank=_t("common.blank")),
                sign["id_line"],
                _t("common.phone", value=sign["phone"]),
                _t("common.date", value=sign["date"]),
            ],
        ),
    ]
    return [{"part": part, "lines": lines} for part, lines in parts if lines]


def as_text(doc: dict[str, Any]) -> str:
    """The document as plain text (lines joined by ``\\n``, a blank line between parts), for
    download and copying. Only the document: the borrower notes are not part of it."""
    return "\n\n".join("\n".join(block["lines"]) for block in blocks(doc)) + "\n"


def notes_text(doc: dict[str, Any]) -> str:
    """The borrower notes of a document as plain text: the "给你自己看的提示" sheet."""
    return "\n".join(f"- {note['text']}" for note in doc["borrower_notes"]) + "\n"
