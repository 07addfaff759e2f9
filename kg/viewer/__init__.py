"""The browser viewer: graph model → subgraph → layout → payload → one offline HTML page.

``select`` picks what to draw, ``layout`` decides physics or precomputed positions
by size, ``style`` (with ``style.json``) maps types to colours and shapes,
``payload`` builds the pyvis network and side tables, ``page`` renders the
self-contained page (``template.html``, ``viewer.css``, ``viewer.js``). The
exporter and ``render_viewer`` are in ``kg.export.viewer``.
"""
from __future__ import annotations

from kg.viewer.layout import PHYSICS_MAX_NODES, LayoutPlan, plan_layout, static_positions
from kg.viewer.payload import ViewerOptions, page_payload
from kg.viewer.page import render_page, script_json
from kg.viewer.select import find_nodes, parse_types, select_subgraph

__all__ = ["PHYSICS_MAX_NODES", "LayoutPlan", "ViewerOptions", "find_nodes", "page_payload", "parse_types",
           "plan_layout", "render_page", "script_json", "select_subgraph", "static_positions"]
