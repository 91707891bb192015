"""The rdf stage: extractions -> rdflib Dataset; files in and out; (later) stores.

Nothing here imports spaCy: the graph is the interface to everything downstream.
"""
