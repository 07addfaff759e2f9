"""kg: a knowledge-graph builder for Chinese news on grassroots party building.

Data flow (one sub-package per stage)::

    files ──reader──▶ Article ──nlp (spaCy)──▶ Doc with entity spans
          ──relations──▶ Extraction record ──graph──▶ networkx model
          ──export──▶ extractions.jsonl, kg.ttl, kg.html, Neo4j scripts

``kg.build.build`` runs the whole flow; ``kg.cli`` is a thin command line over it.
"""
from __future__ import annotations

import logging

__version__ = "0.1.0"

logging.getLogger("kg").addHandler(logging.NullHandler())
