"""Independent tools agree with us on the gold-derived graph: Jena + raptor parse it cleanly with
the same count, and every saved query gives the same rows in Jena ARQ as in ``kg query``."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.graph.model import build_graph
from kg.graph.rdf import file_triples
from kg.graph.serialize import turtle_bytes
from tests.graph.graph_data import SHARED

TOOLS = SHARED / "tools"
ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("java") is None or not (TOOLS / "sparql-jena.sh").is_file(),
                       reason="needs java and ../shared/tools"),
]


@pytest.fixture(scope="module")
def gold_ttl(tmp_path_factory, gold_records) -> Path:
    path = tmp_path_factory.mktemp("jena") / "kg.ttl"
    path.write_bytes(turtle_bytes(file_triples(build_graph(gold_records))))
    return path


def test_jena_and_raptor_parse_the_turtle_cleanly(gold_ttl):
    proc = subprocess.run([str(TOOLS / "ttl-validate.sh"), str(gold_ttl)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "RESULT: PASS" in proc.stdout and "0 warnings" in proc.stdout


def test_jena_gives_the_same_rows_for_every_saved_query(gold_ttl):
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_sparql_jena.py"), str(gold_ttl)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "all queries agree" in proc.stdout
