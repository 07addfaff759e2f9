"""Exporters, looked up by format name (in the spirit of rdflib's plugin registry).

Each exporter is ``fn(ctx: ExportContext, path: Path) -> dict`` and returns a few
counts for the build summary. Modules register themselves with ``@exporter("name")``;
``EXPORTERS`` maps format names to (default file name, function).
"""
from __future__ import annotations

from kg.export.registry import EXPORTERS, ExportContext, exporter, get_exporter, load_exporters

__all__ = ["EXPORTERS", "ExportContext", "exporter", "get_exporter", "load_exporters"]
