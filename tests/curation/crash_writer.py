"""Writer for the crash test: numbered changes in a loop, one line per acknowledged change.

Usage: python crash_writer.py STORE FIRST_NUMBER. Prints ``ready`` once the store
is open, then ``<number> <change id>`` after each change is committed (and
flushed); the test kills it with SIGKILL at a random moment. With STORE ``remote``
the store comes from the DTKG_* environment and the lock file is the third
argument (the remote fault test kills the *server* instead, and this writer then
stops with the store's one-line error). With ``--fulltext`` the writer passes
its settings (``DTKG_STORE`` = STORE) so every change also moves the full-text
index, and a kill can land between the store commit and the index update.
"""

from __future__ import annotations

import sys
from pathlib import Path

from graph import curation
from graph.config import load_settings
from graph.errors import DtkgError
from graph.rdf import canonical, parse
from graph.store import OxigraphStore, Store, open_store
from graph.store.writelock import lock_path

PERSON = """@prefix dtkg: <https://w3id.org/dtkg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/dtkg/id/crash-person-{n}> a dtkg:Person ;
    skos:prefLabel "Crash person {n}"@en ;
    skos:altLabel "CP {n} a"@en , "CP {n} b"@en , "CP {n} c"@en , "CP {n} d"@en .
"""


def main() -> None:
    n = int(sys.argv[2])
    store: Store
    if sys.argv[1] == "remote":
        store, lock = open_store(load_settings()), Path(sys.argv[3])
    else:
        store, lock = OxigraphStore(Path(sys.argv[1])), lock_path(Path(sys.argv[1]))
    settings = load_settings({"DTKG_STORE": sys.argv[1]}) if "--fulltext" in sys.argv else None
    print("ready", flush=True)
    while True:
        quads = canonical.skolemise(parse.parse_upload(PERSON.format(n=n).encode(), "text/turtle"))
        try:
            outcome = curation.add_change(store, quads, author="crash", message=f"change {n}", lock=lock,
                                          settings=settings)
        except DtkgError as exc:
            print(exc.detail, file=sys.stderr, flush=True)
            sys.exit(1)
        print(n, outcome.change.id, flush=True)
        n += 1


if __name__ == "__main__":
    main()
