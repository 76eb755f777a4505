"""Renderers for the in-browser tools' markers: the data for each tool's server-rendered part.

Why render at build time: the engine (guide_engine in Pyodide, about 5 MB compressed on a first visit) takes a
few seconds to start on a phone. The build calls the same engine in CPython and writes the flow's
first question into the page as real form controls, so a reader can answer at once, and the whole
flow as JSON (``guide_engine.export_flow``, an inert ``<script type="application/json">``), from
which the page draws every later question until the engine is ready (flow-walk.js); the page
script keeps those answers and replays them once the engine is ready.

The markup lives in Jinja partials, the way Material keeps its own (overrides/partials/tools/):
``question.html`` is the one question form, used for the first question and, once per input kind,
for the ``<template>`` the page script clones for every later question. This module only gathers
the data and the URLs.

Markers (each stands alone on its line):
- ``[[wizard:first-question]]`` — the self-assessment wizard, with its first question.
- ``[[tool:calculator]]`` — the repayment-plan calculator form (with an example result).
- ``[[tool:letter]]`` — the application-letter form.
- ``[[tool:exit]]`` — 快速离开 (quick exit), at the top of every tools page.
- ``[[tool:case]]`` — the case file: 导出 / 导入 (optionally with a passphrase).
- ``[[tool:journal]]`` — the negotiation journal (协商记录), its form from ``journal.form()``.

And one inline marker: ``[[download-size]]`` — what the tools' first download costs ("4.8 MB"),
the same figure their loading line names, so a page's text never states a size by hand.

Every tool root carries the runtime URLs (relative to the page, so a sub-path works) as data
attributes; ``tools_build.py`` fills ``MANIFEST`` before any page is rendered.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import Any

import jinja2

#: Filled by tools_build.prepare(): pyodide (folder), wheel, tools (the hashed modules folder).
MANIFEST: dict[str, str] = {}

BLOCK = {"wizard", "tool"}

FLOW_ID = "self_assessment"

#: Every input kind a question can have; the wizard page gets one <template> for each.
KINDS = ("single", "multi", "yesno", "number", "text", "date")

_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).resolve().parents[2] / "overrides"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)
# ``|tojson`` (the wizard's flow for its page-side walk) escapes <, >, & and ' for HTML anyway;
# Chinese stays as it is (a third of the bytes of \u escapes).
_ENV.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}


def _joined(html: str) -> str:
    """Every line stripped and joined without a space (how the partials are written: common.html)."""
    return "".join(line.strip() for line in html.splitlines())


def _render(name: str, **data: Any) -> str:
    return _joined(_ENV.get_template(f"partials/tools/{name}.html").render(**data))


# ---------------------------------------------------------------------------------------------
# URLs, relative to the page (so the site works under any sub-path)
# ---------------------------------------------------------------------------------------------


def _page_url(ctx: Any) -> str:
    url = getattr(getattr(ctx, "page", None), "url", None)
    if url is None:
        src = ctx.src_uri or "index.md"
        url = src[:-3] + "/" if src.endswith(".md") else src
        if url.endswith("index/"):
            url = url[: -len("index/")]
    return url


def _to_root(ctx: Any) -> str:
    """Relative path from the page to the site root ("" or "../../")."""
    url = _page_url(ctx)
    folder = url if url.endswith("/") or url == "" else posixpath.dirname(url) + "/"
    return "../" * len([part for part in folder.split("/") if part])


def _url_of(ctx: Any, src_path: str) -> str:
    """Relative URL from the page to another page (docs path such as tools/checklist.md)."""
    files = getattr(ctx, "files", None)
    found = files.get_file_from_path(src_path) if files is not None else None
    target = found.url if found is not None else src_path[:-3] + "/"
    return (_to_root(ctx) + target) or "./"


def _runtime(ctx: Any) -> dict[str, str]:
    """Where the tool's files are, relative to the page."""
    if not MANIFEST:
        raise ValueError("工具的运行文件清单还没有准备好（scripts/hooks/tools_build.py 没有运行）")
    root = _to_root(ctx)
    return {
        "pyodide": root + MANIFEST["pyodide"],
        "wheel": root + MANIFEST["wheel"],
        "tools": root + MANIFEST["tools"],
        "bytes": MANIFEST.get("bytes", ""),
        "download": MANIFEST.get("download", ""),
        "checklist": _url_of(ctx, "tools/checklist.md"),
        "root": root or "./",
    }


# ---------------------------------------------------------------------------------------------
# The wizard: the first question and one prototype per input kind
# ---------------------------------------------------------------------------------------------


def _value(option_id: Any) -> str:
    """An option id as the form's value attribute (a bool as "true"/"false", as the page reads it)."""
    return str(option_id).lower() if isinstance(option_id, bool) else str(option_id)


def form_data(view: dict[str, Any]) -> dict[str, Any]:
    """What question.html needs for a question view (the engine's own view, not a copy of it)."""
    question, progress = view["question"], view.get("progress") or {}
    inp = question["input"]
    answered = int(progress.get("answered") or 0)
    return {
        "id": question["id"],
        "item": question.get("item"),
        "kind": inp["kind"],
        "text": question["text"],
        "help": question.get("help") or "",
        "choices": [
            {"value": _value(o["id"]), "label": o["label"], "help": o.get("help") or ""}
            for o in inp.get("options") or []
        ],
        "unit": inp.get("unit") or "",
        "max_length": inp.get("max_length") or "",
        "answered": answered,
        "estimate": max(int(progress.get("estimate") or 1), answered + 1),
        "place": (progress.get("text") or "") if progress.get("group") else "",
        "can_back": bool(view.get("can_back")),
    }


def prototype(kind: str) -> dict[str, Any]:
    """question.html's data for a <template>: one empty choice, no text, nothing filled in."""
    empty = {"value": "", "label": "", "help": ""}
    return {
        **dict.fromkeys(
            ("id", "text", "help", "unit", "max_length", "answered", "estimate", "place"), ""
        ),
        "item": None,
        "kind": kind,
        "choices": [empty] if kind in ("single", "multi", "yesno") else [],
        "can_back": False,
    }


def question_html(view: dict[str, Any]) -> str:
    """The question form for a view, as the build writes it (and the page script draws it)."""
    partial = _ENV.get_template("partials/tools/question.html")
    return _joined(str(partial.module.question(form_data(view))))


def render_wizard(args: str, ctx: Any) -> str:
    if args != "first-question":
        raise ValueError(f"未知的 wizard 参数“{args}”，可用：first-question")
    import guide_engine
    from guide_engine import bridge

    reply = json.loads(bridge.dispatch("start", json.dumps({"flow": FLOW_ID})))
    if not reply["ok"]:
        raise ValueError(f"流程 {FLOW_ID} 没能开始：{reply['error']['message']}")
    state, view = reply["result"]["state"], reply["result"]["view"]
    if view.get("type") != "question":
        raise ValueError(f"流程 {FLOW_ID} 的第一步不是问题")
    return _render(
        "wizard",
        flow=FLOW_ID,
        version=state["version"],
        walk=guide_engine.export_flow(FLOW_ID),
        first=form_data(view),
        prototypes={kind: prototype(kind) for kind in KINDS},
        runtime=_runtime(ctx),
    )


# ---------------------------------------------------------------------------------------------
# The calculator and the letter
# ---------------------------------------------------------------------------------------------

EXAMPLE = {"principal": 50000, "months": 36}


def _calculator(ctx: Any) -> str:
    from guide_engine import calculator

    # The example's figures as the page draws them after 计算 (calculator.shown, one formatter).
    view = calculator.calculate("months", EXAMPLE["principal"], EXAMPLE["months"])["view"]
    figures = [
        (f["label"], f["value"])
        for f in view["figures"]
        if f["label"] in ("每月还款", "还款总额", "利息和手续费合计", "最后一期")
    ]
    example = {**EXAMPLE, "principal_text": view["principal"]["value"]}
    return _render(
        "calculator",
        example=example,
        figures=figures,
        labels=calculator_labels(),
        runtime=_runtime(ctx),
    )


def calculator_labels() -> dict[str, str]:
    """The calculator's field labels, the same words its error messages use (number_fields)."""
    from guide_engine import number_fields

    labels = {}
    for field in number_fields.CALCULATOR:
        notes = [field.unit] if field.unit not in field.label else []
        notes += [] if field.required else ["可不填"]
        labels[field.name] = field.label + (f"（{'，'.join(notes)}）" if notes else "")
    return labels


#: The letter form's profile fields, in the form's order.
LETTER_CHOICES = ("bank", "product", "hardship")
LETTER_NUMBERS = (
    "debt_total",
    "overdue_days",
    "monthly_income",
    "monthly_essential_expenses",
    "other_debt_payments",
)


def letter_data() -> dict[str, Any]:
    """What letter.html needs: every choice and every label from the profile vocabulary (one
    place for a bank's, a product's or a hardship's wording), a number field's unit in its label."""
    from guide_engine import vocabulary

    fields = vocabulary.fields()
    labels = {name: vocabulary.field_label(name) for name in (*LETTER_CHOICES, *LETTER_NUMBERS)}
    for name in LETTER_NUMBERS:
        labels[name] += f"（{fields[name]['unit']}）"
    return {
        "labels": labels,
        "options": {
            name: [(o["id"], o["label"]) for o in vocabulary.options(name)]
            for name in LETTER_CHOICES
        },
    }


def _letter(ctx: Any) -> str:
    return _render("letter", **letter_data(), runtime=_runtime(ctx))


#: Where 快速离开 goes: a page anyone might have open, which names no debt.
NEUTRAL_PAGE = "https://www.baidu.com/"


#: The markers whose partials load the tools' script and styles themselves.
_LOADS_ASSETS = ("[[wizard:", "[[tool:calculator]]", "[[tool:letter]]", "[[tool:journal]]")


def _exit(ctx: Any) -> str:
    """快速离开; it loads the tools' script itself only on a page with no other tool (the
    checklist, the tools index), so a page never names tools.js twice."""
    markdown = getattr(getattr(ctx, "page", None), "markdown", None) or ""
    alone = not any(marker in markdown for marker in _LOADS_ASSETS)
    return _render("exit", neutral=NEUTRAL_PAGE, runtime=_runtime(ctx), assets=alone)


def _case(ctx: Any) -> str:
    return _render("case", runtime=_runtime(ctx), journal=_url_of(ctx, "tools/journal.md"))


def _journal(ctx: Any) -> str:
    import guide_engine

    return _render("journal", form=guide_engine.journal_form(), runtime=_runtime(ctx))


def render_tool(args: str, ctx: Any) -> str:
    if args == "calculator":
        return _calculator(ctx)
    if args == "letter":
        return _letter(ctx)
    if args == "exit":
        return _exit(ctx)
    if args == "case":
        return _case(ctx)
    if args == "journal":
        return _journal(ctx)
    raise ValueError(f"未知的 tool 参数“{args}”，可用：calculator、letter、exit、case、journal")


def megabytes(count: int) -> str:
    """“4.8 MB” for a byte count: one decimal, as a phone's data meter shows it (the loading
    line's messages.js megabytes() writes the same figure after “约”)."""
    return f"{count / 1e6:.1f} MB"


def render_download_size(args: str, ctx: Any) -> str:
    """``[[download-size]]``: the build's compressed size of what the engine worker downloads
    (tools_build.py's ``download``), the size the loading line names too."""
    if args:
        raise ValueError("download-size 不带参数，写成 [[download-size]]")
    download = MANIFEST.get("download")
    if not download:
        raise ValueError(
            "工具的运行文件清单里还没有下载大小（scripts/hooks/tools_build.py 没有运行）"
        )
    return megabytes(int(download))


RENDERERS = {"wizard": render_wizard, "tool": render_tool, "download-size": render_download_size}
