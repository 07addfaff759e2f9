"""One self-contained HTML page (payload → *page*).

pyvis's own template loads Bootstrap from a CDN (``in_line``) or vis-network from
a CDN plus files copied into the working directory (``local``). This page instead
inlines the vis-network build that ships inside the pyvis package (vis-network
9.1.2, dual Apache-2.0/MIT; its licence header is kept in the inlined code) with
our own template, stylesheet and script, so opening it makes no request at all.

The graph travels as JSON in a ``<script type="application/json">`` element with
``<``, ``>``, ``&``, U+2028 and U+2029 written as ``\\uXXXX`` escapes, so no name or
sentence can close the element or start markup; the script reads it with
``JSON.parse`` and writes every string into the DOM with ``textContent``.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

_JSON_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                               "\u2028": "\\u2028", "\u2029": "\\u2029"})
_VERSION = re.compile(r"@version\s+([0-9][0-9.]*)")


class AssetError(RuntimeError):
    pass


@dataclass(frozen=True)
class VisAssets:
    js: str
    css: str
    version: str


def script_json(obj: Any) -> str:
    """JSON that is safe inside a ``<script>`` element (and still valid JSON)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.translate(_JSON_ESCAPES)


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", name))


@lru_cache(maxsize=1)
def vis_assets() -> VisAssets:
    """vis-network's JS and CSS from the pyvis package (the newest copy it ships)."""
    lib = resources.files("pyvis").joinpath("templates", "lib")
    try:
        dirs = sorted((d for d in lib.iterdir() if d.name.startswith("vis-")), key=lambda d: _version_key(d.name))
        folder = dirs[-1]
        js = folder.joinpath("vis-network.min.js").read_text(encoding="utf-8")
        css = folder.joinpath("vis-network.css").read_text(encoding="utf-8")
    except (OSError, IndexError) as err:
        raise AssetError("vis-network is missing from the pyvis package; reinstall it with "
                         "`pip install --force-reinstall pyvis==0.3.2`") from err
    m = _VERSION.search(js[:2000])
    js = re.sub(r"^//# sourceMappingURL=.*$", "", js, flags=re.M)  # no map file beside an inlined copy
    return VisAssets(js=_inline_safe(js, "script"), css=_inline_safe(css, "style"),
                     version=m.group(1) if m else folder.name.removeprefix("vis-"))


def _inline_safe(code: str, tag: str) -> str:
    """Make code safe to inline in a ``<script>``/``<style>`` element.

    ``</script`` / ``</style`` and ``<!--`` can only occur inside string, regex or
    comment text there, where ``<\\/`` and ``<\\!--`` mean the same thing.
    """
    code = re.sub(rf"</({tag})", r"<\\/\1", code, flags=re.I)
    return code.replace("<!--", "<\\!--")


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return resources.files("kg.viewer").joinpath(name).read_text(encoding="utf-8")


def render_page(payload: dict[str, Any]) -> str:
    """The HTML page for a payload made by ``kg.viewer.payload.page_payload``."""
    vis = vis_assets()
    env = Environment(autoescape=True, keep_trailing_newline=True)
    template = env.from_string(_asset("template.html"))
    return template.render(
        title=payload.get("title") or "",
        meta=payload.get("meta", {}),
        vis_version=vis.version,
        vis_css=Markup(vis.css),
        vis_js=Markup(vis.js),
        app_css=Markup(_inline_safe(_asset("viewer.css"), "style")),
        app_js=Markup(_inline_safe(_asset("viewer.js"), "script")),
        data_json=Markup(script_json(payload)),
    )
