"""fact-articles is written as one UNION branch per case of bound parameters (subject and object,
subject, object, relation only, nothing; docs/sparql.md): every case gives exactly the rows of the
unbound query that match its values, once each, in the query's order."""
from __future__ import annotations

import csv
import io
from itertools import combinations

import pytest

from kg.graph.model import build_graph
from kg.graph.rdf import to_rdf
from kg.graph.results import render
from kg.graph.serialize import turtle_bytes
from kg.graph.sparql import bind_params, open_store, run, saved_queries

QUERY = saved_queries()["fact-articles"]
NAMES = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?name ?pref WHERE { ?e skos:prefLabel ?pref . ?e skos:prefLabel|skos:altLabel ?name }"""

# (parameters, whether the hand graph has rows for them)
CASES = [
    ({}, True),
    ({"subject": ["陆丰"]}, True),  # an alias
    ({"subject": ["张三"]}, True),
    ({"subject": ["陆丰", "陆丰市"]}, True),  # two values naming one entity: its rows once
    ({"subject": ["不在图中"]}, False),
    ({"object": ["新街镇"]}, True),
    ({"object": ["乙县", "新街镇"]}, True),
    ({"object": ["不在图中"]}, False),
    ({"relation": ["recognizedAs"]}, True),
    ({"relation": ["locatedIn", "implements"]}, True),
    ({"relation": ["partOf"]}, False),
    ({"subject": ["新街"], "relation": ["locatedIn"]}, True),  # alias of 新街村
    ({"subject": ["张三"], "relation": ["implements"]}, False),
    ({"subject": ["张三"], "object": ["乙县"]}, True),
    ({"subject": ["张三"], "object": ["四议两公开"]}, False),
    ({"object": ["“四议两公开”"], "relation": ["implements"]}, True),  # an alias
    ({"object": ["陆丰市"], "relation": ["locatedIn"]}, True),
    ({"subject": ["陆丰"], "object": ["四议两公开"], "relation": ["implements"]}, True),
    ({"subject": ["新街镇党委"], "object": ["新街镇"], "relation": ["implements"]}, False),
]


@pytest.fixture(scope="module", params=[False, True], ids=["memory", "store"])
def store(request, tmp_path_factory):
    from tests.graph.graph_data import hand_records

    path = tmp_path_factory.mktemp("fact") / "kg.ttl"
    path.write_bytes(turtle_bytes(to_rdf(build_graph(hand_records()))))
    return open_store(path, store=request.param)


def query_rows(store, params: dict[str, list[str]]) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(render(run(store, bind_params(QUERY, params)), "csv"))))


def expected(store, params: dict[str, list[str]]) -> list[dict[str, str]]:
    """The unbound query's rows whose subject, object and relation match the parameters."""
    prefs: dict[str, set[str]] = {}
    for name, pref in run(store, NAMES).rows:
        prefs.setdefault(name.value, set()).add(pref.value)

    def matches(label: str, values: list[str] | None) -> bool:
        return values is None or any(label in prefs.get(v, ()) for v in values)

    return [r for r in query_rows(store, {}) if matches(r["subjectLabel"], params.get("subject"))
            and matches(r["objectLabel"], params.get("object"))
            and (params.get("relation") is None or r["rel"] in params["relation"])]


def test_fact_articles_cases_cover_every_combination_of_parameters():
    given = {frozenset(params) for params, _ in CASES}
    names = ("subject", "object", "relation")
    assert given == {frozenset(c) for n in range(4) for c in combinations(names, n)}


@pytest.mark.parametrize("params,has_rows", CASES, ids=[";".join(f"{k}={'+'.join(v)}" for k, v in p.items()) or "none"
                                                         for p, _ in CASES])
def test_fact_articles_rows_for_each_case(store, params, has_rows):
    got = query_rows(store, params)
    assert got == expected(store, params)
    assert bool(got) == has_rows
    assert len({r["r"] + r["doc"] + r["start"] for r in got}) == len(got)  # no row twice
