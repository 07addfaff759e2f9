"""The knowledge graph: the networkx model, stable IRIs, RDF mapping, SHACL, SPARQL and the endpoint.

Flow: extraction records → :mod:`kg.graph.model` (networkx; keys from :mod:`kg.graph.iri`)
→ :mod:`kg.graph.rdf` (terms of :mod:`kg.graph.namespace`) → :mod:`kg.graph.serialize`
(canonical Turtle / N-Triples / JSON-LD). Back: :mod:`kg.graph.reader` (RDF → model).
On the written graph: :mod:`kg.graph.shacl` (``kg validate``), :mod:`kg.graph.sparql` and
:mod:`kg.graph.results` (``kg query``), :mod:`kg.graph.serve` (``kg serve``).
"""
