"""The neo4j exporter: the n10s script, the CSVs read back, counts against the graph, hostile text, NEO4J.md."""
from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib import namespace as rns
from rdflib.compare import isomorphic

from kg.export import ExportContext, get_exporter
from kg.export.neo4j import write_neo4j
from kg.graph.model import build_graph
from kg.graph.namespace import KG
from kg.graph.rdf import to_rdf
from kg.neo4j import N10S_VERSION, NEO4J_VERSION
from kg.neo4j.queries import QUERIES
from tests.graph.graph_data import _ent, _rel, hand_records
from tests.neo4j.cypher_parse import parse_script

# text that ends a Cypher string and a map, comments out the rest, and breaks naive CSV
HOSTILE = "新'}) DETACH DELETE n // \\' \\\"双\" `b` ,\n末"
SENTENCE = '新街村推行"四议两公开",逐条落实;\n再议\\再办。'


def hostile_records() -> list[dict]:
    rec = {"doc": "h1", "meta": {"title": f"标题 {HOSTILE}", "date": "2024-01-02", "source": '来源,"报"',
                                 "authors": ['作者"甲"', "乙, 丙"], "editors": []},
           "entities": [_ent("e1", "PLACE", "甲县", level="county"), _ent("e2", "PLACE", '乙村,"北"', level="village"),
                        _ent("e3", "MECHANISM", HOSTILE), _ent("e4", "ORG", "丙'委"),
                        _ent("e5", "PLACE", "陆丰市", level="county", adcode="441581")],
           "relations": [_rel("IMPLEMENTS", "e1", "e3", SENTENCE), _rel("IMPLEMENTS", "e4", "e3", "丙委'}) 落实。", 40),
                         _rel("IMPLEMENTS", "e2", "e3", SENTENCE), _rel("IMPLEMENTS", "e5", "e3", SENTENCE),
                         _rel("LOCATED_IN", "e2", "e1", SENTENCE, 80)],
           "metrics": [{"subject": "e1", "indicator": '党员"中心户"', "value": 31.5, "unit": "名", "qualifier": None,
                        "year": 2023, "evidence": {"start": 90, "end": 99, "text": SENTENCE}, "rule": "test.metric"}]}
    return [*hand_records(), rec]


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    G = build_graph(hostile_records())
    rdf = to_rdf(G)
    out = tmp_path_factory.mktemp("neo4j") / "kit dir"  # a space in the path: the file URL must encode it
    export = write_neo4j(G, out, rdf)
    return G, rdf, out, export


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], [dict(zip(rows[0], r)) for r in rows[1:]]


def test_neo4j_exporter_registered_and_writes_the_kit(tmp_path):
    info = get_exporter("neo4j")
    assert info.filename == "neo4j"
    counts = info.fn(ExportContext(records=hand_records()), tmp_path / "neo4j")
    names = {p.name for p in (tmp_path / "neo4j").iterdir()}
    assert {"kg-n10s.ttl", "import-n10s.cypher", "load-csv.cypher", "NEO4J.md", "nodes-Place.csv",
            "rels-IMPLEMENTS.csv"} <= names
    assert not any(n.startswith(".") for n in names)  # no temporary file left
    assert counts["files"] == len(names)


def test_neo4j_n10s_script_statements_in_order(kit):
    _, _, out, _ = kit
    sc = parse_script((out / "import-n10s.cypher").read_text(encoding="utf-8"))
    st = sc.statements
    assert st[0] == "CREATE CONSTRAINT n10s_unique_uri IF NOT EXISTS FOR (r:Resource) REQUIRE r.uri IS UNIQUE"
    at = lambda needle: [i for i, s in enumerate(st) if needle in s]  # noqa: E731
    (init,) = at("n10s.graphconfig.init(")
    prefixes = at("n10s.nsprefixes.add(")
    (fetch,) = at("n10s.rdf.import.fetch(")
    assert 0 < init < min(prefixes) and max(prefixes) < fetch
    assert len(prefixes) == 13  # kg, rdf, rdfs, xsd, owl, skos, prov, org, dcterms, dc, schema, qb, void
    assert "n10s.rdf.import.fetch('…', '…', {commitSize: 10000})" in st[fetch] and "Turtle" in sc.literals
    assert "YIELD terminationStatus, triplesLoaded, triplesParsed, namespaces, extraInfo" in st[fetch]
    assert "WHEN terminationStatus <> '…' THEN toString(date('…' + extraInfo))" in st[fetch]
    url = next(lit for lit in sc.literals if lit.startswith("file:"))
    assert url == (out / "kg-n10s.ttl").resolve().as_uri() and "%20" in url
    assert {"handleMultival", "multivalPropList", "keepLangTag"} <= set(re.findall(r"(\w+): ", st[init]))
    assert str(rns.SKOS.altLabel) in sc.literals and "dct" in sc.literals and "dcterms" not in sc.literals


def test_neo4j_turtle_for_n10s_is_the_graph_and_utf8(kit):
    _, rdf, out, _ = kit
    data = (out / "kg-n10s.ttl").read_bytes()
    assert HOSTILE.split("\n")[0].encode("utf-8")[:3] in data  # Chinese written as UTF-8, not escaped
    g = Graph()
    g.parse(data=data.decode("utf-8"), format="turtle")
    assert isomorphic(g, rdf)


def test_neo4j_csv_headers(kit):
    _, _, out, export = kit
    for path in sorted(out.glob("nodes-*.csv")):
        header, _ = read_csv(path)
        assert header[:2] == ["uri:ID", ":LABEL"], path.name
        assert all(re.fullmatch(r"[a-z_]+(:(int|double|boolean|date|string\[\]))?", h) for h in header[2:]), header
    for path in sorted(out.glob("rels-*.csv")):
        header, _ = read_csv(path)
        assert header[:3] == [":START_ID", ":END_ID", ":TYPE"], path.name
    header, _ = read_csv(out / "nodes-Place.csv")
    assert "aliases:string[]" in header and "docs:string[]" in header
    header, _ = read_csv(out / "rels-HOLDS_POSITION.csv")
    assert "former:boolean" in header and "evidence_docs:string[]" in header


def test_neo4j_csv_counts_equal_the_graph(kit):
    G, rdf, out, export = kit
    nodes = [r for p in out.glob("nodes-*.csv") for r in read_csv(p)[1]]
    rels = [r for p in out.glob("rels-*.csv") if p.name != "rels-MENTIONED_IN.csv" for r in read_csv(p)[1]]
    assert len(nodes) == G.number_of_nodes()
    assert len(rels) == G.number_of_edges()
    assert Counter(r[":TYPE"] for r in rels) == Counter(d["type"] for *_, d in G.edges(data=True))
    assert {r["uri"] for r in rels} == {str(k) for _, _, k in G.edges(keys=True)}
    mentioned = read_csv(out / "rels-MENTIONED_IN.csv")[1]
    assert len(mentioned) == len(list(rdf.triples((None, KG.mentionedIn, None))))
    assert export.counts["csv_nodes"] == len(nodes) and export.counts["csv_relationships"] == len(rels) + len(mentioned)


def test_neo4j_csv_ids_unique_and_every_relationship_end_is_a_node(kit):
    G, _, out, _ = kit
    ids = [r["uri:ID"] for p in out.glob("nodes-*.csv") for r in read_csv(p)[1]]
    assert len(ids) == len(set(ids)) and set(ids) == set(G.nodes)
    for p in out.glob("rels-*.csv"):
        for r in read_csv(p)[1]:
            assert r[":START_ID"] in G.nodes and r[":END_ID"] in G.nodes


def test_neo4j_csv_round_trips_quotes_commas_newlines_and_chinese(kit):
    G, _, out, _ = kit
    mech = {r["name"]: r for r in read_csv(out / "nodes-Mechanism.csv")[1]}
    assert HOSTILE in mech and mech[HOSTILE][":LABEL"] == "Resource;Entity;Mechanism"
    places = {r["name"]: r for r in read_csv(out / "nodes-Place.csv")[1]}
    assert places['乙村,"北"'][":LABEL"] == "Resource;Entity;Place;Village"
    art = {r["doc"]: r for r in read_csv(out / "nodes-Article.csv")[1]}["h1"]
    assert art["title"] == f"标题 {HOSTILE}" and art["source"] == '来源,"报"' and art["issued:date"] == "2024-01-02"
    assert art["authors:string[]"].split(";") == sorted(['作者"甲"', "乙, 丙"])
    rels = read_csv(out / "rels-IMPLEMENTS.csv")[1]
    texts = {r["evidence_text"] for r in rels}
    assert SENTENCE in texts
    ev = [e for r in rels for e in json.loads(r["evidence_json"])]
    assert SENTENCE in {e["text"] for e in ev}
    assert all('\\"' not in r["evidence_json"] for r in rels)  # LOAD CSV's legacy quoting cannot misread JSON
    metric = read_csv(out / "nodes-MetricObservation.csv")[1]
    assert {m["indicator"] for m in metric} >= {'党员"中心户"'} and "31.5" in {m["value:double"] for m in metric}
    raw = (out / "nodes-Mechanism.csv").read_text(encoding="utf-8")
    assert '"新\'}) DETACH DELETE n // \\\' \\""双"" `b` ,\n末"' in raw  # RFC 4180: quoted, quotes doubled


def test_neo4j_hostile_name_cannot_break_the_cypher_scripts(kit):
    _, _, out, export = kit
    for script, statements in (("import-n10s.cypher", export.n10s_statements),
                               ("load-csv.cypher", export.csv_statements)):
        sc = parse_script((out / script).read_text(encoding="utf-8"))
        assert len(sc.statements) == len(statements) + len(QUERIES), script
        for code in sc.statements:
            assert "DETACH DELETE" not in code and "新" not in code and "//" not in code
    n10s = parse_script((out / "import-n10s.cypher").read_text(encoding="utf-8"))
    assert HOSTILE in n10s.literals  # the example parameter: the most implemented initiative
    assert len([p for p in n10s.params if p.startswith(":param initiative => '新")]) == 1


def test_neo4j_load_csv_script_reads_every_file_with_parameters(kit):
    _, _, out, export = kit
    sc = parse_script((out / "load-csv.cypher").read_text(encoding="utf-8"))
    files = {p.name for p in out.glob("*.csv")}
    assert {lit for lit in sc.literals if lit.endswith(".csv")} == files
    assert sc.params[:2] == [":param base => 'file:///'", ":param arrayDelimiter => ';'"]
    loads = [s for s in sc.statements if s.startswith("LOAD CSV WITH HEADERS FROM $base + '…' AS row")]
    assert len(loads) == len(files)
    assert all("IN TRANSACTIONS OF 1000 ROWS" in s for s in loads)
    assert any("SET n:Village" in s for s in loads) and any("MERGE (a)-[r:IMPLEMENTS {uri: row.uri}]->(b)" in s
                                                             for s in loads)


def test_neo4j_array_delimiter_falls_back_when_a_value_holds_a_semicolon(tmp_path):
    recs = hand_records()
    recs[0]["entities"][0]["aliases"].append("陆丰;海丰")
    G = build_graph(recs)
    write_neo4j(G, tmp_path)
    row = next(r for r in read_csv(tmp_path / "nodes-Place.csv")[1] if r["name"] == "陆丰市")
    assert "陆丰;海丰" in row["aliases:string[]"].split("\x1f")
    assert row[":LABEL"] == "Resource\x1fEntity\x1fPlace\x1fCounty"
    assert "--array-delimiter=U+001F" in (tmp_path / "NEO4J.md").read_text(encoding="utf-8")
    assert ":param arrayDelimiter => '\\u001f'" in (tmp_path / "load-csv.cypher").read_text(encoding="utf-8")


def test_neo4j_web_address_becomes_a_string_in_the_n10s_copy(tmp_path):
    recs = hand_records()
    recs[0]["meta"]["url"] = "https://news.example.cn/a b?x=1"
    export = write_neo4j(build_graph(recs), tmp_path)
    g = Graph()
    g.parse(tmp_path / "kg-n10s.ttl", format="turtle")
    (url,) = g.objects(None, rns.SDO.url)
    assert isinstance(url, Literal) and str(url) == "https://news.example.cn/a%20b?x=1"
    assert export.counts["triples"] == len(g)


def test_neo4j_readme_names_versions_counts_labels_and_every_query(kit):
    G, _, out, export = kit
    text = (out / "NEO4J.md").read_text(encoding="utf-8")
    assert f"Neo4j {NEO4J_VERSION}" in text and f"n10s) {N10S_VERSION}" in text
    assert f"**{export.counts['n10s_nodes']} nodes**" in text and f"**{export.counts['csv_nodes']} nodes**" in text
    for needle in ("`kg__Place`", "`kg__implements`", "`skos__altLabel`[]", "`nodes-Place.csv`", "`IMPLEMENTS`",
                   "neo4j-admin database import full neo4j", "'--array-delimiter=;'", "legacy_quote_escaping"):
        assert needle in text, needle
    for name in QUERIES:
        assert f"### {name}:" in text


def test_neo4j_cypher_twins_cover_every_saved_sparql_query():
    from kg.graph.sparql import saved_queries

    saved = saved_queries()
    assert set(QUERIES) == set(saved)
    for name, q in QUERIES.items():
        assert set(q.params) == set(saved[name].params), name
        for p in q.params:
            assert f"${p}" in q.n10s and f"${p}" in q.csv, (name, p)
