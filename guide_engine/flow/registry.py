"""The packaged flows (``guide_engine/flows/*.toml``): listed, loaded once, looked up by id.

Why a registry: sessions name their flow by id in a saved state, so the id → flow table must be
one, cached and sound. Loading refuses the whole set when any file is broken or two files share an
id (:func:`duplicate_flows`, the one duplicate check, used by ``check`` too).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from ..errors import FlowError
from .loader import analyse_source, flow_error
from .model import Flow, Problem


def packaged_sources() -> list[tuple[str, str]]:
    """``(file name, TOML text)`` of every packaged flow, sorted by name."""
    folder = resources.files("guide_engine").joinpath("flows")
    out = []
    for entry in folder.iterdir():
        if entry.name.endswith(".toml") and entry.is_file():
            out.append((entry.name, entry.read_text(encoding="utf-8")))
    return sorted(out)


def duplicate_flows(flows: list[Flow]) -> list[Problem]:
    """A problem for every flow whose id an earlier flow in ``flows`` already has."""
    seen: dict[str, str] = {}
    problems = []
    for flow in flows:
        if flow.id in seen:
            problems.append(
                Problem(
                    "duplicate_flow", f"{flow.source}：问卷 id“{flow.id}”与 {seen[flow.id]} 重复"
                )
            )
        else:
            seen[flow.id] = flow.source
    return problems


@lru_cache(maxsize=1)
def _packaged() -> tuple[Flow, ...]:
    flows: list[Flow] = []
    problems: list[Problem] = []
    for name, text in packaged_sources():
        flow, found = analyse_source(text, name)
        problems.extend(found)
        if flow is not None:
            flows.append(flow)
    problems.extend(duplicate_flows(flows))
    if problems:
        raise flow_error(problems)
    return tuple(flows)


def flow_ids() -> list[str]:
    """Ids of the packaged flows, sorted."""
    return sorted(flow.id for flow in _packaged())


def load_flow(flow_id: str) -> Flow:
    """The packaged flow ``flow_id``; :class:`FlowError` (code ``unknown_flow``) if there is none."""
    for flow in _packaged():
        if flow.id == flow_id:
            return flow
    shown = flow_id if isinstance(flow_id, str) and len(flow_id) <= 40 else repr(flow_id)[:40]
    raise FlowError(
        f"没有名为“{shown}”的问卷。现有的问卷：{'、'.join(flow_ids())}。", code="unknown_flow"
    )
