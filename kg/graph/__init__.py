"""The knowledge graph: the networkx model, its stable IRIs, RDF mapping, SHACL, SPARQL and the endpoint.

Flow: extraction records → :mod:`kg.graph.model` (networkx, IRIs from :mod:`kg.graph.iri`)
→ :mod:`kg.graph.rdf` (terms of :mod:`kg.graph.namespace`) → :mod:`kg.graph.serialize`
(canonical Turtle / N-Triples / JSON-LD); :mod:`kg.graph.reader` reads RDF back into the model.
"""
