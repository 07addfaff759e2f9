"""How a graph-model node or edge looks in the viewer (graph → *viewer style* → page).

The colours, shapes, sizes and Chinese names live in ``style.json`` beside this
module (styling is data, like the lexicons under ``data/``); this module maps the
attributes of the networkx model (``docs/graph-model.md``) onto vis-network
node and edge options. Nothing here touches HTML: every string produced is data
that the page draws on the canvas or puts into the DOM as text.
"""
from __future__ import annotations

import copy
import json
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

LABEL_MAX = 18  # characters drawn on the canvas; the side panel shows the full text


@lru_cache(maxsize=1)
def _load_style() -> dict[str, Any]:
    text = resources.files("kg.viewer").joinpath("style.json").read_text(encoding="utf-8")
    return json.loads(text)


def load_style() -> dict[str, Any]:
    """The viewer style (a fresh copy: callers may change it without touching the cache)."""
    return copy.deepcopy(_load_style())


def node_group(attrs: Mapping[str, Any]) -> str:
    """The legend/filter group of a node: the entity type, or DESIGNATION / METRIC / ARTICLE."""
    kind = attrs.get("kind", "entity")
    if kind == "entity":
        return str(attrs.get("type") or "ENTITY").upper()
    return str(kind).upper()


def short(text: str, limit: int = LABEL_MAX) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def node_label(attrs: Mapping[str, Any]) -> str:
    """The full display name of a node (metrics read "indicator value unit")."""
    if attrs.get("kind") == "metric":
        indicator = attrs.get("indicator") or attrs.get("label") or ""
        return f"{indicator} {_number(attrs.get('value'))}{attrs.get('unit') or ''}".strip()
    return str(attrs.get("label") or "")


def node_visual(attrs: Mapping[str, Any], style: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """vis-network options for one node: shape, colour, size and border (place level)."""
    style = style or _load_style()
    group = node_group(attrs)
    spec = style["node_types"].get(group, style["fallback_type"])
    out: dict[str, Any] = {
        "shape": spec["shape"],
        "color": {
            "background": spec["color"],
            "border": _darker(spec["color"]),
            "highlight": {"background": spec["color"], "border": "#222222"},
            "hover": {"background": spec["color"], "border": "#222222"},
        },
        "size": spec.get("size", style["node_size"]),
        "borderWidth": 1,
    }
    if group == "PLACE":
        level = style["place_levels"].get(str(attrs.get("level") or "other"), style["place_levels"]["other"])
        out["size"] = level["size"]
        out["borderWidth"] = level["border"]
        out["borderWidthSelected"] = level["border"] + 2
    elif group == "METRIC":
        out["font"] = {"size": 12, "color": "#555555"}
    return out


def edge_label(attrs: Mapping[str, Any], style: Mapping[str, Any] | None = None) -> str:
    """The label drawn on an edge: the relation's Chinese name (with the title for HOLDS_POSITION)."""
    style = style or _load_style()
    rel = str(attrs.get("type") or "")
    name = style["relations"].get(rel, style["fallback_relation"])["zh"]
    if rel == "HOLDS_POSITION" and attrs.get("title"):
        name = f"{'原' if attrs.get('former') else ''}{attrs['title']}"
    return short(name, 12)


def edge_visual(attrs: Mapping[str, Any], style: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """vis-network options for one edge: colour by relation type, dashes by source."""
    style = style or _load_style()
    rel = str(attrs.get("type") or "")
    spec = style["relations"].get(rel, style["fallback_relation"])
    source = style["edge_sources"].get(str(attrs.get("source") or "text"), style["edge_sources"]["text"])
    return {
        "color": {"color": spec["color"], "highlight": _darker(spec["color"]), "hover": _darker(spec["color"]),
                  "opacity": 0.85},
        "dashes": source["dashes"],
    }


def legend(style: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """What the page's legend and filter boxes list, in display order."""
    style = style or _load_style()
    return {
        "types": [{"key": k, **v} for k, v in style["node_types"].items()],
        "fallback": style["fallback_type"],
        "levels": [{"key": k, **v} for k, v in style["place_levels"].items()],
        "designation_levels": style["designation_levels"],
        "relations": [{"key": k, **v} for k, v in style["relations"].items()],
        "fallback_relation": style["fallback_relation"],
        "sources": [{"key": k, **v} for k, v in style["edge_sources"].items()],
    }


def _darker(hex_colour: str, factor: float = 0.7) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return "#{:02x}{:02x}{:02x}".format(int(r * factor), int(g * factor), int(b * factor))
