"""Where the project's data files live (rules, lexicons, gazetteer, ontology).

Rules and lexicons are data, kept under ``data/`` and ``ontology/`` at the top of the
repository. ``KG_DATA_DIR`` / ``KG_ONTOLOGY_DIR`` override the locations.
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    return Path(os.environ.get("KG_DATA_DIR", ROOT / "data"))


def ontology_dir() -> Path:
    return Path(os.environ.get("KG_ONTOLOGY_DIR", ROOT / "ontology"))


def data_file(*parts: str) -> Path:
    """A file under ``data/``; raises a clear error when it is missing."""
    path = data_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(
            f"kg data file {path} is missing: run from a checkout of the kg repository "
            "or set KG_DATA_DIR to its data/ folder"
        )
    return path
