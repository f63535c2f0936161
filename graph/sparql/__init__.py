"""SPARQL: the named-query catalogue, the gate in front of public queries, the protocol, results and workers."""
