"""One measurement in a fresh process: ``python -m bench.probe KIND FILE [DIR]`` prints JSON.

A fresh process per measurement keeps one loader's memory and caches from
affecting the next, and gives each its own peak RSS (VmHWM).

Kinds:
  load-dtkg      dtkg's store API: OxigraphStore(DIR).replace_all(parsed quads), on disk
  load-pyox      raw pyoxigraph: Store(DIR).bulk_load(FILE) + flush, on disk
  load-rdflib    rdflib's in-memory Dataset.parse(FILE, format="nquads")
  validate-full  graph.validation.validate(engine="pyshacl") over the whole FILE, with the violations
  validate-fast  graph.validation.validate(engine="compiled") over the whole FILE, with the violations
  build-compiled ``dtkg build`` of a data folder holding FILE into the store DIR, compiled validation
  build-pyshacl  the same with ``--engine pyshacl``
  build-raw      the same without validation (parse + canonicalise + load): the floor
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

from bench.machine import peak_rss_mb


def main(argv: list[str]) -> None:
    kind, file = argv[0], Path(argv[1])
    target = Path(argv[2]) if len(argv) > 2 else None
    if target is not None:
        shutil.rmtree(target, ignore_errors=True)
    result: dict[str, object] = {"kind": kind}
    if kind == "load-dtkg":
        import pyoxigraph as ox

        from graph.store import OxigraphStore

        assert target is not None
        start = time.perf_counter()
        store = OxigraphStore(target)
        store.replace_all(ox.parse(path=str(file), format=ox.RdfFormat.N_QUADS))
        result["seconds"] = time.perf_counter() - start
        result["quads"] = store.count()
        store.close()
    elif kind == "load-pyox":
        import pyoxigraph as ox

        assert target is not None
        start = time.perf_counter()
        raw = ox.Store(str(target))
        raw.bulk_load(path=str(file), format=ox.RdfFormat.N_QUADS)
        raw.flush()
        result["seconds"] = time.perf_counter() - start
        result["quads"] = len(raw)
        del raw
    elif kind == "load-rdflib":
        import warnings

        import rdflib

        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            dataset = rdflib.Dataset()
            dataset.parse(str(file), format="nquads")
        result["seconds"] = time.perf_counter() - start
        result["quads"] = sum(1 for _ in dataset.quads((None, None, None, None)))
    elif kind == "validate-full":
        import pyoxigraph as ox

        from graph.rdf import parse
        from graph.validation import validate

        start = time.perf_counter()
        graph = parse.to_rdflib(ox.parse(path=str(file), format=ox.RdfFormat.N_QUADS))
        result["load_seconds"] = time.perf_counter() - start
        start = time.perf_counter()
        report = validate(graph, engine="pyshacl")
        result["seconds"] = time.perf_counter() - start
        result["violations"] = sorted({(v.focus, v.path or "", v.shape_id, v.constraint) for v in report.violations})
        result["conforms"] = report.conforms
    elif kind == "validate-fast":
        import pyoxigraph as ox

        from graph.validation import validate

        start = time.perf_counter()
        report = validate(ox.parse(path=str(file), format=ox.RdfFormat.N_QUADS), engine="compiled")
        result["seconds"] = time.perf_counter() - start
        result["violations"] = sorted({(v.focus, v.path or "", v.shape_id, v.constraint) for v in report.violations})
        result["conforms"] = report.conforms
    elif kind.startswith("build-"):
        import tempfile

        from graph.build import build
        from graph.store import OxigraphStore

        assert target is not None
        with tempfile.TemporaryDirectory() as folder:
            (Path(folder) / file.name).symlink_to(file.resolve())
            start = time.perf_counter()
            store = OxigraphStore(target)
            built = build(store, data_folder=Path(folder), validate=kind != "build-raw",
                          engine="pyshacl" if kind == "build-pyshacl" else "compiled")
            result["seconds"] = time.perf_counter() - start
            result["quads"] = built.total
            store.close()
    else:
        raise SystemExit(f"unknown kind {kind}")
    if target is not None:
        shutil.rmtree(target, ignore_errors=True)
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
