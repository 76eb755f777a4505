"""Flows are data: questionnaires read from ``guide_engine/flows/*.toml``.

(The package is ``flow``, not ``flows``: ``guide_engine.flows`` is the data package holding the
TOML files.) One concern per module, lowest first:

* :mod:`.answers` — an answer checked against its question and normalised for storage;
* :mod:`.model` — the frozen ``Option`` / ``Question`` / ``Flow`` and ``Problem``;
* :mod:`.loader` — TOML → ``Flow`` plus every problem (the file format is documented there);
* :mod:`.registry` — the packaged flows, cached, looked up by id.
"""

from __future__ import annotations

from .loader import VOCABULARY_PREFIX, analyse, analyse_source, flow_error, parse_flow
from .model import KINDS, Flow, Group, Option, Problem, Question
from .registry import duplicate_flows, flow_ids, load_flow, packaged_sources

__all__ = [
    "KINDS",
    "VOCABULARY_PREFIX",
    "Flow",
    "Group",
    "Option",
    "Problem",
    "Question",
    "analyse",
    "analyse_source",
    "duplicate_flows",
    "flow_error",
    "flow_ids",
    "load_flow",
    "packaged_sources",
    "parse_flow",
]
