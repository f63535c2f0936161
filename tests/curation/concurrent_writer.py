"""One of two writers for the several-machines test: its own lock file, the shared remote store.

Usage: python concurrent_writer.py NAME LOCK GO_FILE ROUNDS (the store comes from the DTKG_*
environment). Waits until GO_FILE exists so both writers start together, then per round
sends a contested change (a prefLabel for a target person in a language the store has not
seen before, a new one each round; S02 allows one per language, so only one writer's can
be valid) and a change of its own (a new person). The fresh language tags matter: Virtuoso
registers a tag in the transaction that first uses it, and two writers racing to be first
is what once left tags unreadable (see graph/store/virtuoso.py).
Prints one line per change: ``ok <round> <kind> <change id> <name>``, ``refused <round> <kind> <status> <name>``,
or ``forked <round> <kind> <change id> <name>`` (written, but the change log forked: graph/curation.py).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from graph import curation
from graph.config import load_settings
from graph.errors import DtkgError
from graph.rdf import canonical, parse
from graph.store import open_store

PREFIX = """@prefix dtkg: <https://w3id.org/dtkg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""
CONTESTED = PREFIX + '<https://w3id.org/dtkg/id/contested-{round}> skos:prefLabel "{name} {round}"@{language} .\n'
LANGUAGES = ("de", "fr", "it", "es", "pt", "nl", "sv", "pl")
OWN = PREFIX + """<https://w3id.org/dtkg/id/writer-{name}-{round}> a dtkg:Person ;
    skos:prefLabel "Writer {name} {round}"@en ; skos:altLabel "W {name} {round}"@en .
"""


def main() -> None:
    name, lock, go, rounds = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
    store = open_store(load_settings())
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.01)
    for n in range(rounds):
        for kind, text in (("contested", CONTESTED), ("own", OWN)):
            quads = canonical.skolemise(parse.parse_upload(text.format(name=name, round=n, language=LANGUAGES[n]).encode(), "text/turtle"))
            try:
                outcome = curation.add_change(store, quads, author=name, message=f"{kind} {n}", lock=lock)
                print("ok", n, kind, outcome.change.id, name, flush=True)
            except DtkgError as exc:
                if exc.extra.get("written"):  # committed, then found the log forked beside another change
                    print("forked", n, kind, exc.extra["written"], name, flush=True)
                else:
                    print("refused", n, kind, exc.status, name, flush=True)
    store.close()


if __name__ == "__main__":
    main()
