"""A VoID description of the graph: its size and the nodes of each class, written with it.

Counting 200 million triples takes minutes in any store, so the build counts while it writes
and adds a ``void:Dataset`` node (the W3C Vocabulary of Interlinked Datasets) to the graph::

    <BASE/dataset> a void:Dataset ;
        void:triples 6441 ;                       # every triple of the file, these included
        void:classPartition <BASE/dataset/class/Place> , … .
    <BASE/dataset/class/Place> void:class kg:Place ; void:entities 43 .

One partition per class of the ontology (``kg:``) that has nodes; ``void:entities`` is the number
of distinct subjects typed with it, as ``COUNT(DISTINCT ?s)`` would find. The saved query
``stats`` reads it (and counts, as before, in a graph that has no single description: one
written by another tool, or several builds loaded into one store).

Both writers use :func:`description`: the model exporters (:func:`kg.graph.rdf.file_triples`)
count their own triple list with :func:`class_counts`; the streamed ``kg.ttl``
(:mod:`kg.graph.stream`) adds up what each article block and global section counted.
The description is about one file, not part of the data: the graphs of two builds unite into
the graph of both, their descriptions do not (``stats`` then counts).
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Iterable, Mapping

from kg.graph.namespace import KG_NS


def dataset_iri(base: str) -> str:
    return f"{base}dataset"


def size(classes: Mapping[str, int]) -> int:
    """The number of triples :func:`description` writes for these class counts."""
    return 2 + 3 * sum(1 for n in classes.values() if n)


def description(t: Any, base: str, triples: int, classes: Mapping[str, int]) -> list[tuple]:
    """The description's triples in the terms of factory ``t`` (:mod:`kg.graph.terms`):
    ``triples`` counts the graph without them (they add themselves), ``classes`` maps the
    local name of a ``kg:`` class to its number of nodes."""
    v, ds = t.v, t.iri(dataset_iri(base))
    kept = sorted((name, n) for name, n in classes.items() if n)
    parts = [(t.iri(f"{dataset_iri(base)}/class/{name}"), name, n) for name, n in kept]
    return [(ds, v.type, v.void_Dataset), (ds, v.void_triples, t.integer(triples + size(classes))),
            *((ds, v.void_classPartition, part) for part, _, _ in parts),
            *(triple for part, name, n in parts
              for triple in ((part, v.void_class, t.named(KG_NS + name)), (part, v.void_entities, t.integer(n))))]


def class_counts(types: Iterable[tuple[str, str]]) -> Counter[str]:
    """Nodes per ``kg:`` class from distinct (subject, class IRI) pairs of ``rdf:type`` triples."""
    return Counter(cls[len(KG_NS):] for _, cls in types if cls.startswith(KG_NS))
