"""Saved queries give the expected rows; parameters are bound as typed terms, never as query text."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
import time

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.graph.model import build_graph
from kg.graph.iri import check_base
from kg.graph.rdf import file_triples, rdf_triples, to_rdf
from kg.graph.results import render
from kg.graph import sparql
from kg.graph.serialize import turtle_bytes
from kg.graph.sparql import QueryError, bind_params, open_store, parse_param_args, parse_query_text, run, \
    saved_queries

QUERIES = saved_queries()


@pytest.fixture
def hand_ttl(records, tmp_path):
    path = tmp_path / "kg.ttl"
    path.write_bytes(turtle_bytes(file_triples(build_graph(records))))  # as kg build writes it
    return path


def rows(path, name: str, **params) -> list[dict[str, str]]:
    q = QUERIES[name]
    res = run(open_store(path), bind_params(q, {k: [v] for k, v in params.items()}))
    return list(csv.DictReader(io.StringIO(render(res, "csv"))))


def test_sparql_saved_queries_documented_and_parametrized():
    assert len(QUERIES) >= 8
    for name, q in QUERIES.items():
        assert q.title and q.description, name
        for p in q.params:
            assert re.search(r"VALUES\s+\?" + p + r"\s*\{\s*UNDEF\s*\}", q.text), (name, p)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_sparql_every_saved_query_runs_on_gold(name, gold_records, tmp_path):
    path = tmp_path / "kg.ttl"
    path.write_bytes(turtle_bytes(file_triples(build_graph(gold_records))))
    res = run(open_store(path), QUERIES[name].text)
    assert res.variables
    if name != "initiatives-multi-county":  # no initiative spans two counties in the samples
        assert res.rows, name


def test_sparql_places_implementing(hand_ttl):
    got = {(r["placeLabel"], r["viaLabel"]) for r in rows(hand_ttl, "places-implementing", initiative="“四议两公开”")}
    assert got == {("陆丰市", ""), ("乙县", ""), ("新街镇", "新街镇党委")}


def test_sparql_initiatives_multi_county(hand_ttl):
    assert [(r["initiativeLabel"], r["counties"]) for r in rows(hand_ttl, "initiatives-multi-county")] == [
        ("四议两公开", "2")]


def test_sparql_officials_by_place(hand_ttl):
    got = [(r["personLabel"], r["title"], r["former"]) for r in rows(hand_ttl, "officials-by-place", place="乙县")]
    assert got == [("张三", "县长", "true")]


def test_sparql_officials_by_place_in_organizations(records, tmp_path):
    """Posts in an organization count for the organization's place; with no place given, posts
    in organizations of no known place are listed too (each branch of the query binds the
    parameter: bind_params fills every ``VALUES ?place { UNDEF }``)."""
    from tests.graph.graph_data import _ent, _rel

    records = records + [{"doc": "d4", "meta": {}, "entities": [
        _ent("z1", "PLACE", "乙县", level="county"), _ent("z2", "ORG", "乙县组织部"), _ent("z3", "ORG", "某协会"),
        _ent("z4", "PERSON", "李四", role="official"), _ent("z5", "PERSON", "王五", role="official")],
        "relations": [_rel("LOCATED_IN", "z2", "z1", "乙县组织部"), _rel("HOLDS_POSITION", "z4", "z2", "乙县组织部部长李四",
                                                                         10, title="部长"),
                      _rel("HOLDS_POSITION", "z5", "z3", "某协会会长王五", 20, title="会长")], "metrics": []}]
    path = tmp_path / "kg.ttl"
    path.write_bytes(turtle_bytes(to_rdf(build_graph(records))))
    assert "VALUES ?place { \"乙县\"@zh }" in bind_params(QUERIES["officials-by-place"], {"place": ["乙县"]})
    assert "UNDEF" not in bind_params(QUERIES["officials-by-place"], {"place": ["乙县"]})

    def got(**params):
        return [(r["placeLabel"], r["personLabel"], r["title"], r["orgLabel"])
                for r in rows(path, "officials-by-place", **params)]

    assert got(place="乙县") == [("乙县", "张三", "县长", ""), ("乙县", "李四", "部长", "乙县组织部")]
    assert got() == [("", "王五", "会长", "某协会"), ("乙县", "张三", "县长", ""), ("乙县", "李四", "部长", "乙县组织部"),
                     ("陆丰市", "张三", "市委书记", "")]


def test_sparql_sub_places_by_alias(hand_ttl):
    got = [(r["subLabel"], r["level"], r["parentLabel"]) for r in rows(hand_ttl, "sub-places", place="陆丰")]
    assert got == [("新街镇", "township", "陆丰市"), ("新街村", "village", "新街镇")]


def test_sparql_designations_by_level(hand_ttl):
    got = [(r["designationLabel"], r["holderLabel"], r["articles"]) for r in rows(hand_ttl, "designations",
                                                                                   level="national")]
    assert got == [("全国民主法治示范村", "新山村", "1")]


def test_sparql_place_metrics_with_evidence(hand_ttl):
    got = rows(hand_ttl, "place-metrics", place="陆丰市")
    assert [(r["indicator"], float(r["value"]), r["unit"], r["year"], r["doc"], r["start"], r["end"], r["sentence"],
             r["rule"]) for r in got] == [("设立党小组", 875.0, "个", "2021", "a1", "60", "70", "设立党小组875个。",
                                           "test.metric")]


def test_sparql_fact_articles(hand_ttl):
    got = [(r["doc"], r["start"], r["sentence"]) for r in rows(hand_ttl, "fact-articles", subject="陆丰",
                                                               relation="implements", object="四议两公开")]
    assert got == [("a1", "20", "陆丰推行“四议两公开”。"), ("b2", "12", "陆丰也推行四议两公开。")]


def test_sparql_stats_counts(hand_ttl):
    got = {r["class"]: int(r["count"]) for r in rows(hand_ttl, "stats")}
    assert got["Article"] == 3 and got["Place"] == 6 and got["Relation"] == 10 and got["(triples)"] > 100


def _stats(store) -> tuple[list[list[str]], str | None]:
    res, fallback = sparql.run_saved(store, QUERIES["stats"], QUERIES["stats"].text)
    return [[t.value for t in row] for row in res.rows], fallback and fallback.name


def test_sparql_stats_reads_the_description_and_counts_without_one(records, tmp_path):
    """``stats`` reads the VoID description the file carries, and gives the rows that counting
    gives; a graph without one (or with two) falls back to counting, with the same rows."""
    described, bare = file_triples(build_graph(records)), rdf_triples(build_graph(records))
    counted = sparql.saved_queries("fallback")["stats"].text
    store = ox.Store()
    store.extend(ox.Quad(*t) for t in described)
    got, fallback = _stats(store)
    assert fallback is None and [[t.value for t in r] for r in run(store, counted).rows] == got
    assert ["(triples)", str(len(described))] in got and ["Article", "3"] in got
    plain = ox.Store()
    plain.extend(ox.Quad(*t) for t in bare)
    assert _stats(plain) == ([r if r[0] != "(triples)" else ["(triples)", str(len(bare))] for r in got], "stats")
    other = check_base("http://example.org/other/")  # two builds in one store: counted, not summed
    store.extend(ox.Quad(*t) for t in file_triples(build_graph(records[:1]), other))
    assert _stats(store)[1] == "stats"


@pytest.mark.parametrize("evil", ['"} . ?s ?p ?o . {', "x\" } UNION { ?s ?p ?o", "\\\"\n>"])
def test_sparql_parameters_cannot_inject(hand_ttl, evil):
    text = bind_params(QUERIES["sub-places"], {"place": [evil]})
    assert f"VALUES ?place {{ {ox.Literal(evil, language='zh')} }}" in text  # one escaped literal
    assert run(open_store(hand_ttl), text).rows == []


def test_sparql_parameter_kinds_checked():
    q = parse_query_text("t", "# param: n integer  a number\nSELECT * WHERE { VALUES ?n { UNDEF } }")
    assert '"3"^^<http://www.w3.org/2001/XMLSchema#integer>' in bind_params(q, {"n": ["3"]})
    with pytest.raises(QueryError, match="not a valid integer"):
        bind_params(q, {"n": ["three"]})
    with pytest.raises(QueryError, match="no parameter 'm'"):
        bind_params(q, {"m": ["1"]})
    with pytest.raises(QueryError, match="name=value"):
        parse_param_args(["novalue"])


def test_sparql_several_values_for_one_parameter(hand_ttl):
    text = bind_params(QUERIES["sub-places"], {"place": ["新街镇", "陆丰"]})
    assert {r[0].value for r in run(open_store(hand_ttl), text).rows} == {"新街镇", "陆丰市"}


def test_sparql_formats(hand_ttl):
    res = run(open_store(hand_ttl), QUERIES["sub-places"].text)
    doc = json.loads(render(res, "json"))
    assert doc["head"]["vars"] == res.variables and len(doc["results"]["bindings"]) == len(res.rows)
    assert render(res, "tsv").splitlines()[0].startswith("?placeLabel\t")
    table = render(res, "table")
    assert "新街村" in table and table.endswith(f"({len(res.rows)} rows)")


runner = CliRunner()


def test_sparql_cli_list_and_named_query(hand_ttl):
    out = runner.invoke(app, ["query", "--list"])
    assert out.exit_code == 0 and "places-implementing" in out.output and "--param initiative=" in out.output
    out = runner.invoke(app, ["query", str(hand_ttl.parent), "sub-places", "--param", "place=陆丰", "-f", "csv"])
    assert out.exit_code == 0, out.output
    assert out.output.splitlines()[1].startswith("陆丰市,新街镇,township")


def test_sparql_cli_file_and_inline(hand_ttl, tmp_path):
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Place }", encoding="utf-8")
    for args in (["query", str(hand_ttl), str(rq)], ["query", str(hand_ttl), "--sparql", rq.read_text()]):
        out = runner.invoke(app, [*args, "-f", "csv"])
        assert out.exit_code == 0 and out.output.split() == ["n", "6"], out.output


@pytest.mark.parametrize("args, message", [
    (["query", "missing.ttl", "stats"], "no such graph file"),
    (["query", "GRAPH", "nope"], "no saved query 'nope'"),
    (["query", "GRAPH", "--sparql", "SELEKT *"], "syntax error"),
    (["query", "GRAPH", "stats", "--format", "xml"], "unknown --format"),
])
def test_sparql_cli_errors_say_what_to_do(hand_ttl, args, message):
    args = [str(hand_ttl) if a == "GRAPH" else a for a in args]
    out = runner.invoke(app, args)
    assert out.exit_code == 2 and message in out.output


# ---------------------------------------------------------------- the on-disk store

def store_files(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("kg.oxigraph") and p.name != "kg.oxigraph.lock")


def test_sparql_store_built_once_then_reused(hand_ttl, monkeypatch):
    messages = []
    store = open_store(hand_ttl, store=True, report=messages.append)
    assert store_files(hand_ttl.parent) == ["kg.oxigraph"]
    assert (hand_ttl.parent / "kg.oxigraph" / "kg-store.json").is_file()
    assert messages[0].startswith("building the on-disk SPARQL store") and messages[-1].startswith("built ")
    n = len(store)
    del store

    def no_build(*args):
        raise AssertionError("the store was rebuilt although the graph did not change")

    monkeypatch.setattr(sparql, "_build_store", no_build)
    assert len(open_store(hand_ttl, store=True)) == n


def test_sparql_store_rebuilt_when_the_graph_changes(hand_ttl):
    n = len(open_store(hand_ttl, store=True))
    with hand_ttl.open("a", encoding="utf-8") as fh:
        fh.write('<https://kg.example.org/id/x> <https://kg.example.org/ontology#note> "new" .\n')
    store = open_store(hand_ttl, store=True)
    assert len(store) == n + 1
    assert run(store, 'ASK { ?x kg:note "new" }').boolean
    assert store_files(hand_ttl.parent) == ["kg.oxigraph"]  # the old store was replaced, nothing left beside it


def test_sparql_store_load_failure_leaves_no_store(hand_ttl):
    hand_ttl.write_text(hand_ttl.read_text(encoding="utf-8") + "\n<broken> <turtle", encoding="utf-8")
    with pytest.raises(QueryError, match="not valid RDF"):
        open_store(hand_ttl, store=True)
    assert store_files(hand_ttl.parent) == []


def test_sparql_store_interrupted_build_leaves_no_store_and_is_cleaned_up(hand_ttl, monkeypatch):
    def interrupted(self):
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(ox.Store, "optimize", interrupted)
        with pytest.raises(KeyboardInterrupt):
            open_store(hand_ttl, store=True)
    assert store_files(hand_ttl.parent) == []
    killed = hand_ttl.parent / "kg.oxigraph.tmp-1-dead"  # what a SIGKILLed build leaves
    (killed / "db").mkdir(parents=True)
    assert len(open_store(hand_ttl, store=True)) > 100
    assert store_files(hand_ttl.parent) == ["kg.oxigraph"]


def test_sparql_store_damaged_is_rebuilt(hand_ttl):
    n = len(open_store(hand_ttl, store=True))
    shutil.rmtree(hand_ttl.parent / "kg.oxigraph" / "db")
    assert len(open_store(hand_ttl, store=True)) == n


def test_sparql_store_in_the_cache_when_the_folder_is_read_only(hand_ttl, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(sparql.os, "access", lambda path, mode: False)
    where = sparql.default_store_dir(hand_ttl)
    assert where.parent == tmp_path / "cache" / "kg" / "stores" and where.name.endswith(".oxigraph")


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_sparql_store_and_memory_give_the_same_rows(name, gold_records, tmp_path):
    path = tmp_path / "kg.ttl"
    path.write_bytes(turtle_bytes(to_rdf(build_graph(gold_records))))
    memory, disk = open_store(path), open_store(path, store=True)
    assert isinstance(memory, ox.Store) and len(memory) == len(disk)
    q = QUERIES[name]
    texts = [q.text]
    first = run(memory, q.text)
    for p in q.params:  # bound to a value of the first row too, where the query shows one
        col = {"initiative": "initiativeLabel", "level": "designationLevel", "type": "kind", "relation": "rel",
               "subject": "subjectLabel", "object": "objectLabel", "place": "placeLabel"}[p]
        if first.rows and first.rows[0][first.variables.index(col)] is not None:
            texts.append(bind_params(q, {p: [first.rows[0][first.variables.index(col)].value]}))
    for text in texts:
        assert render(run(memory, text), "csv") == render(run(disk, text), "csv")


def test_sparql_cli_store_options(hand_ttl):
    out = runner.invoke(app, ["query", str(hand_ttl), "stats", "-f", "csv"])  # small graph: memory by default
    assert out.exit_code == 0 and store_files(hand_ttl.parent) == []
    memory = out.stdout
    out = runner.invoke(app, ["query", str(hand_ttl), "stats", "-f", "csv", "--store"])
    assert out.exit_code == 0 and store_files(hand_ttl.parent) == ["kg.oxigraph"]
    assert "building the on-disk SPARQL store" in out.stderr and out.stdout == memory
    out = runner.invoke(app, ["query", str(hand_ttl), "stats", "-f", "csv", "--store"])
    assert out.exit_code == 0 and "building" not in out.stderr and out.stdout == memory
    out = runner.invoke(app, ["query", str(hand_ttl), "stats", "-f", "csv", "--memory"])
    assert out.exit_code == 0 and out.stdout == memory


@pytest.mark.parametrize("relation", ["not a relation", "implement", "kg:implements", "<x>"])
def test_sparql_fact_articles_unknown_relation_gives_no_rows(hand_ttl, relation):
    assert rows(hand_ttl, "fact-articles", relation=relation) == []


def test_sparql_store_build_reports_progress(hand_ttl, monkeypatch):
    real = sparql._heartbeat
    monkeypatch.setattr(sparql, "_heartbeat", lambda reader, total, report, every=10.0: real(reader, total, report,
                                                                                             0.001))
    slow_load = ox.Store.bulk_load

    def bulk_load(self, *args, **kwargs):
        slow_load(self, *args, **kwargs)
        time.sleep(0.05)  # the loader's last phase (writing the indexes) while the file is all read

    monkeypatch.setattr(ox.Store, "bulk_load", bulk_load)
    messages = []
    open_store(hand_ttl, store=True, report=messages.append)
    assert any("file read, writing the indexes" in m for m in messages), messages


def test_sparql_cli_stats_says_when_it_counts(records, tmp_path):
    bare = tmp_path / "bare.ttl"
    bare.write_bytes(turtle_bytes(to_rdf(build_graph(records))))  # no VoID description
    out = runner.invoke(app, ["query", str(bare), "stats", "-f", "csv"])
    assert out.exit_code == 0 and "(triples)" in out.stdout and "Article,3" in out.stdout
    assert "fallback ran: kg/queries/fallback/stats.rq" in out.stderr
    described = tmp_path / "kg.ttl"
    described.write_bytes(turtle_bytes(file_triples(build_graph(records))))
    again = runner.invoke(app, ["query", str(described), "stats", "-f", "csv"])
    assert again.exit_code == 0 and "Article,3" in again.stdout and "fallback" not in again.stderr
