"""Is a graph well formed? (RDF → **SHACL + structural checks** → a report ``kg validate`` prints.)

Two layers: ``ontology/shapes.ttl`` (classes, cardinalities, one datatype per predicate,
provenance on every fact), and checks SHACL cannot state over a whole graph: no blank
nodes, every IRI absolute and safe for Turtle/Jena, every ``kg:`` term declared in the
ontology, and language-tagged literals only ``@zh``. Warnings (``sh:Warning``) are
reported and do not make a graph fail; violations do.

The shapes' core constraints run in pyshacl. Their SHACL-SPARQL constraints run here,
once per constraint over the whole graph in pyoxigraph (the focus nodes joined from the
shape's targets in place of pre-binding ``$this``), not once per focus node in rdflib:
on a 7 k-triple graph that is 0.05 s instead of 30 s, and it keeps large graphs checkable.
The shapes file stays standard SHACL that any SHACL-SPARQL engine can run as it is.
"""
from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, SH, BNode, Graph, Literal, URIRef

from kg.graph.iri import is_safe_iri
from kg.graph.namespace import KG_NS, TERMS, shapes_path
from kg.graph.serialize import load, to_ox

log = logging.getLogger("kg")


@dataclass(frozen=True)
class Issue:
    severity: str  # Violation | Warning | Info
    focus: str
    message: str
    path: str = ""
    value: str = ""
    shape: str = ""


@dataclass
class ValidationReport:
    issues: list[Issue] = field(default_factory=list)
    triples: int = 0
    seconds: float = 0.0

    @property
    def violations(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "Violation"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity != "Violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations


def structural_issues(g: Graph) -> list[Issue]:
    """Blank nodes, unsafe IRIs and undeclared ``kg:`` terms, one issue per offending term."""
    issues: dict[tuple[str, str], Issue] = {}
    for s, p, o in g:
        for term in (s, p, o):
            if isinstance(term, BNode):
                issues.setdefault(("bnode", str(s)), Issue(
                    "Violation", str(s) if not isinstance(s, BNode) else f"_:{s}",
                    "blank node: every node needs an IRI (blank nodes duplicate on re-import)"))
            elif isinstance(term, URIRef):
                if not is_safe_iri(str(term)):
                    issues.setdefault(("iri", str(term)), Issue(
                        "Violation", str(term), "IRI is not absolute ASCII without spaces, bare % or \"<>{}|^`"))
                elif str(term).startswith(KG_NS) and str(term) not in TERMS and (term is p or p == RDF.type):
                    issues.setdefault(("term", str(term)), Issue(
                        "Violation", str(term), "kg: term is not declared in ontology/kg.ttl"))
        if isinstance(o, Literal) and o.language and o.language != "zh":
            issues.setdefault(("lang", str(s)), Issue(
                "Violation", str(s), "language-tagged literals in the data use @zh only", str(p), str(o)))
    return list(issues.values())


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def _target_pattern(shapes: Graph, shape: URIRef) -> str | None:
    alts = [f"{{ ?this a <{c}> }}" for c in sorted(shapes.objects(shape, SH.targetClass))]
    alts += [f"{{ ?this <{p}> ?kgshAny }}" for p in sorted(shapes.objects(shape, SH.targetSubjectsOf))]
    alts += [f"{{ ?kgshAny <{p}> ?this }}" for p in sorted(shapes.objects(shape, SH.targetObjectsOf))]
    alts += [f"{{ BIND(<{n}> AS ?this) }}" for n in sorted(shapes.objects(shape, SH.targetNode))]
    return " UNION ".join(alts) or None


def _prefixes(shapes: Graph, constraint: URIRef) -> str:
    lines = []
    for decl_owner in shapes.objects(constraint, SH.prefixes):
        for decl in shapes.objects(decl_owner, SH.declare):
            lines.append(f"PREFIX {shapes.value(decl, SH.prefix)}: <{shapes.value(decl, SH.namespace)}>")
    return "\n".join(sorted(set(lines))) + "\n"


def sparql_constraints(shapes: Graph) -> list[tuple[URIRef, URIRef, str, str, str]]:
    """Each node shape's SPARQL constraints as (shape, constraint, severity, message, whole-graph query)."""
    out = []
    for shape, constraint in sorted(shapes.subject_objects(SH.sparql)):
        target = _target_pattern(shapes, shape)
        select = str(shapes.value(constraint, SH.select) or "")
        where = _WHERE.search(select)
        if not target or not where:
            raise ValueError(f"shape {shape}: SPARQL constraint {constraint} needs a target and a SELECT … WHERE {{")
        body = select[: where.end()] + f" {{ SELECT DISTINCT ?this WHERE {{ {target} }} }} " + select[where.end():]
        sev = shapes.value(constraint, SH.severity) or shapes.value(shape, SH.severity) or SH.Violation
        msgs = sorted(shapes.objects(constraint, SH.message), key=str)
        query = _prefixes(shapes, constraint) + body.replace("$this", "?this")
        out.append((shape, constraint, str(sev).rsplit("#", 1)[-1], str(msgs[0]) if msgs else "", query))
    return out


def _run_sparql_constraints(g: Graph, shapes: Graph) -> list[Issue]:
    store = ox.Store()
    quads = []
    for s, p, o in g:
        try:
            quads.append(ox.Quad(to_ox(s), to_ox(p), to_ox(o)))
        except ValueError:  # an IRI pyoxigraph rejects: structural_issues reports it
            continue
    store.bulk_extend(quads)
    issues = set()
    for shape, constraint, sev, msg, query in sparql_constraints(shapes):
        for row in store.query(query):
            def val(name: str) -> str:
                try:
                    term = row[name]
                except (KeyError, IndexError):
                    return ""
                return "" if term is None else str(term.value)

            issues.add(Issue(sev, val("this"), msg, val("path"), val("value"), str(shape)))
    return list(issues)


def _shacl_issues(results: Graph) -> list[Issue]:
    out = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        def one(p: URIRef) -> str:
            v = results.value(r, p)
            return "" if v is None else str(v)

        sev = one(SH.resultSeverity).rsplit("#", 1)[-1] or "Violation"
        msgs = sorted(results.objects(r, SH.resultMessage), key=lambda m: (getattr(m, "language", "") != "en", str(m)))
        out.append(Issue(sev, one(SH.focusNode), str(msgs[0]) if msgs else "", one(SH.resultPath),
                         one(SH.value), one(SH.sourceShape)))
    return out


def load_shapes(path: str | Path | None = None) -> Graph:
    p = Path(path) if path else shapes_path()
    if not p.is_file():
        raise FileNotFoundError(f"{p}: SHACL shapes not found; pass --shapes FILE")
    return Graph().parse(p, format="turtle")


def validate(data: Graph | str | Path, shapes: Graph | str | Path | None = None) -> ValidationReport:
    """Check a graph (rdflib Graph, file or output folder) against the shapes and the structural rules."""
    from pyshacl import validate as pyshacl_validate

    t0 = time.perf_counter()
    g = data if isinstance(data, Graph) else load(data)
    sg = shapes if isinstance(shapes, Graph) else load_shapes(shapes)
    core = Graph()
    for triple in sg:
        if triple[1] != SH.sparql:
            core.add(triple)
    _conforms, results, _text = pyshacl_validate(g, shacl_graph=core, inference="none", allow_warnings=True,
                                                 abort_on_first=False, advanced=False, meta_shacl=False)
    if not isinstance(results, Graph):  # pyshacl returns a ValidationFailure for a broken shapes file
        raise ValueError(f"the SHACL shapes could not be applied: {results}; fix ontology/shapes.ttl")
    issues = structural_issues(g) + _shacl_issues(results) + _run_sparql_constraints(g, sg)
    issues.sort(key=lambda i: (i.severity != "Violation", i.shape, i.focus, i.path, i.value))
    report = ValidationReport(issues, len(g), time.perf_counter() - t0)
    log.info("validated %d triples in %.2f s: %d violations, %d warnings", report.triples, report.seconds,
             len(report.violations), len(report.warnings))
    return report


def _short(text: str) -> str:
    for ns, prefix in ((KG_NS, "kg:"), ("https://kg.example.org/shapes#", "kgsh:"), (str(SH), "sh:")):
        if text.startswith(ns):
            return prefix + text[len(ns):]
    return text


def format_report(report: ValidationReport, limit: int = 50) -> str:
    head = (f"{'CONFORMS' if report.conforms else 'DOES NOT CONFORM'}: {report.triples} triples, "
            f"{len(report.violations)} violations, {len(report.warnings)} warnings ({report.seconds:.2f} s)")
    lines = [head]
    for i in report.issues[:limit]:
        where = " ".join(x for x in (_short(i.path), repr(i.value) if i.value else "") if x)
        lines.append(f"  {i.severity}: {i.focus} {where}".rstrip() + f" — {i.message}"
                     + (f" [{_short(i.shape)}]" if i.shape else ""))
    if len(report.issues) > limit:
        lines.append(f"  … {len(report.issues) - limit} more")
    return "\n".join(lines)


__all__ = ["Issue", "ValidationReport", "validate", "structural_issues", "format_report"]
