"""A Mermaid ``flowchart TD`` of a flow, for maintainers and for the diagram on the site.

Why generated: a hand-drawn diagram of the questionnaire would drift from the flow file. The site's
``[[flowchart:FLOW_ID]]`` marker and ``python -m guide_engine graph FLOW`` both call :func:`mermaid`.

Shape: a start node, then each question in order. A question with a condition is preceded by a
decision diamond that reads the condition in Chinese; “是” leads to the question, “否” skips to
whatever comes next. Every question leads on to the next, the last to the result.

Labels are quoted for Mermaid: double quotes and the characters Mermaid or HTML would read
(``# " < > & ` ``) become entity codes, line breaks become spaces, and long texts are shortened.
Node ids are generated (``q1``, ``c1``…), never taken from the flow, so no id can collide with a
Mermaid keyword such as ``end``.
"""

from __future__ import annotations

from .conditions import describe
from .flow import Flow, load_flow

MAX_LABEL = 36

_ENTITIES = {
    "#": "#35;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "&": "#amp;",
    "`": "#96;",
    "|": "#124;",
    "\\": "#92;",
}


def label(text: str, limit: int = MAX_LABEL) -> str:
    """``text`` as a quoted Mermaid label (shortened to ``limit`` characters)."""
    flat = " ".join(str(text).split())
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    return '"' + "".join(_ENTITIES.get(char, char) for char in flat) + '"'


def mermaid(flow_id: str | Flow) -> str:
    """The flow as Mermaid source (``flowchart TD``); :class:`FlowError` for an unknown flow."""
    flow = flow_id if isinstance(flow_id, Flow) else load_flow(flow_id)
    labels = {q.field: q.label for q in flow.questions}
    option_labels = {q.field: {o.id: o.label for o in q.options} for q in flow.questions}
    lines = ["flowchart TD", f"    start([{label('开始：' + flow.title)}])"]
    entries: list[str] = []
    for number, question in enumerate(flow.questions, start=1):
        text = question.text
        if question.kind in ("single", "multi"):
            kind = "单选" if question.kind == "single" else "可多选"
            text = f"{text}（{kind}）"
        lines.append(f"    q{number}[{label(text)}]")
        if question.when is not None:
            condition = describe(question.when, labels, option_labels)
            lines.append(f"    c{number}{{{label(condition, 48)}}}")
            entries.append(f"c{number}")
        else:
            entries.append(f"q{number}")
    lines.append(f"    result([{label('结果：你的处境、建议的路径和要准备的材料')}])")
    entries.append("result")
    lines.append(f"    start --> {entries[0]}")
    for number, question in enumerate(flow.questions, start=1):
        following = entries[number]
        if question.when is not None:
            lines.append(f"    c{number} -->|是| q{number}")
            lines.append(f"    c{number} -->|否| {following}")
        lines.append(f"    q{number} --> {following}")
    return "\n".join(lines) + "\n"
