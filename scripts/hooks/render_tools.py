"""Renderers for the in-browser tools' markers: the data for each tool's server-rendered part.

Why render at build time: the engine (guide_engine in Pyodide, ~14 MB on a first visit) takes a
few seconds to start on a phone. The build calls the same engine in CPython and writes the flow's
first question into the page as real form controls, so a reader can answer at once; the page
script keeps those answers and replays them once the engine is ready.

The markup lives in Jinja partials, the way Material keeps its own (overrides/partials/tools/):
``question.html`` is the one question form, used for the first question and, once per input kind,
for the ``<template>`` the page script clones for every later question. This module only gathers
the data and the URLs.

Markers (each stands alone on its line):
- ``[[wizard:first-question]]`` — the self-assessment wizard, with its first question.
- ``[[tool:calculator]]`` — the repayment-plan calculator form (with an example result).
- ``[[tool:letter]]`` — the application-letter form.

Every tool root carries the runtime URLs (relative to the page, so a sub-path works) as data
attributes; ``tools_build.py`` fills ``MANIFEST`` before any page is rendered.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

import jinja2

#: Filled by tools_build.prepare(): pyodide (folder), wheel, tools (the hashed modules folder).
MANIFEST: dict[str, str] = {}

BLOCK = {"wizard", "tool"}

FLOW_ID = "self_assessment"

#: Every input kind a question can have; the wizard page gets one <template> for each.
KINDS = ("single", "multi", "yesno", "number", "text")

_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).resolve().parents[2] / "overrides"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)


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
        "checklist": _url_of(ctx, "tools/checklist.md"),
        "root": root or "./",
    }


# ---------------------------------------------------------------------------------------------
# The wizard: the first question and one prototype per input kind
# ---------------------------------------------------------------------------------------------


def choices(question_input: dict[str, Any]) -> list[dict[str, Any]]:
    """The options a question offers. Yes/no views carry none yet, so 是/否 are made up here (and
    only here on the build's side; question-form.js ``choices`` is the page's twin)."""
    options = question_input.get("options") or []
    if question_input["kind"] == "yesno" and not options:
        options = [{"id": True, "label": "是"}, {"id": False, "label": "否"}]
    return options


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
        "kind": inp["kind"],
        "text": question["text"],
        "help": question.get("help") or "",
        "choices": [
            {"value": _value(o["id"]), "label": o["label"], "help": o.get("help") or ""}
            for o in choices(inp)
        ],
        "unit": inp.get("unit") or "",
        "max_length": inp.get("max_length") or "",
        "answered": answered,
        "estimate": max(int(progress.get("estimate") or 1), answered + 1),
        "can_back": bool(view.get("can_back")),
    }


def prototype(kind: str) -> dict[str, Any]:
    """question.html's data for a <template>: one empty choice, no text, nothing filled in."""
    empty = {"value": "", "label": "", "help": ""}
    return {
        **dict.fromkeys(("id", "text", "help", "unit", "max_length", "answered", "estimate"), ""),
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

    state = guide_engine.start(FLOW_ID)
    view = guide_engine.view(state)
    if view.get("type") != "question":
        raise ValueError(f"流程 {FLOW_ID} 的第一步不是问题")
    return _render(
        "wizard",
        flow=FLOW_ID,
        version=state["version"],
        first=form_data(view),
        prototypes={kind: prototype(kind) for kind in KINDS},
        runtime=_runtime(ctx),
    )


# ---------------------------------------------------------------------------------------------
# The calculator and the letter
# ---------------------------------------------------------------------------------------------

EXAMPLE = {"principal": 50000, "months": 36}


def _money(x: float) -> str:
    return f"{x:,.2f}"


def plan_figures(plan: dict[str, Any]) -> list[tuple[str, str]]:
    """The figures the calculator shows (calculator.js draws the same from the engine)."""
    last = plan["schedule"][-1]["payment"] if plan.get("schedule") else plan["monthly_payment"]
    rows = [
        ("每月还款", f"{_money(plan['monthly_payment'])} 元"),
        ("还款总额", f"{_money(plan['total_paid'])} 元"),
        ("利息和手续费合计", f"{_money(plan['total_cost'])} 元"),
    ]
    if abs(last - plan["monthly_payment"]) >= 0.005:
        rows.append(("最后一期", f"{_money(last)} 元（吸收四舍五入的零头）"))
    return rows


def _calculator(ctx: Any) -> str:
    import guide_engine

    plan = guide_engine.repayment_plan(EXAMPLE["principal"], EXAMPLE["months"])
    example = {**EXAMPLE, "principal_text": _money(EXAMPLE["principal"])}
    return _render("calculator", example=example, figures=plan_figures(plan), runtime=_runtime(ctx))


#: The letter form's choices (to be read from the profile vocabulary once it exists).
PRODUCTS = [
    ("credit_card", "信用卡"),
    ("consumer_loan", "个人消费贷款"),
    ("business_loan", "经营贷款"),
    ("other", "其他借款"),
]
HARDSHIPS = [
    ("job_loss", "失业"),
    ("illness", "生病或受伤"),
    ("business_decline", "经营下滑"),
    ("income_drop", "收入减少"),
    ("family_emergency", "家庭变故"),
    ("disaster", "遭受灾害"),
    ("other", "其他困难"),
]


def _letter(ctx: Any) -> str:
    from guide_engine import facts

    banks = [(b["id"], b["short"]) for b in facts.banks()] + [("other", "其他银行或机构")]
    return _render(
        "letter", banks=banks, products=PRODUCTS, hardships=HARDSHIPS, runtime=_runtime(ctx)
    )


def render_tool(args: str, ctx: Any) -> str:
    if args == "calculator":
        return _calculator(ctx)
    if args == "letter":
        return _letter(ctx)
    raise ValueError(f"未知的 tool 参数“{args}”，可用：calculator、letter")


RENDERERS = {"wizard": render_wizard, "tool": render_tool}
