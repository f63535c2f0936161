"""Writer for the crash test: numbered changes in a loop, one line per acknowledged change.

Usage: python crash_writer.py STORE FIRST_NUMBER. Prints ``ready`` once the store
is open, then ``<number> <change id>`` after each change is committed (and
flushed); the test kills it with SIGKILL at a random moment.
"""

from __future__ import annotations

import sys
from pathlib import Path

from graph import curation
from graph.rdf import canonical, parse
from graph.store import OxigraphStore
from graph.store.writelock import lock_path

PERSON = """@prefix dtkg: <https://w3id.org/dtkg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/dtkg/id/crash-person-{n}> a dtkg:Person ;
    skos:prefLabel "Crash person {n}"@en ;
    skos:altLabel "CP {n} a"@en , "CP {n} b"@en , "CP {n} c"@en , "CP {n} d"@en .
"""


def main() -> None:
    path, n = Path(sys.argv[1]), int(sys.argv[2])
    store = OxigraphStore(path)
    print("ready", flush=True)
    while True:
        quads = canonical.skolemise(parse.parse_upload(PERSON.format(n=n).encode(), "text/turtle"))
        outcome = curation.add_change(store, quads, author="crash", message=f"change {n}", lock=lock_path(path))
        print(n, outcome.change.id, flush=True)
        n += 1


if __name__ == "__main__":
    main()
