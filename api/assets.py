"""Front-end vendor files: which ones the pages need and how they get to ``api/static/vendor``.

The libraries come from npm (``package.json`` + ``package-lock.json`` at the repo
root, installed by ``npm ci``), never from a CDN, and are never committed: this
module copies the few built files the pages load out of ``node_modules`` into
``api/static/vendor/`` (git-ignored), which the app serves at ``/static/vendor/``.

    npm ci --no-audit --no-fund
    python -m api.assets          # copies, prints what it copied

No graph logic here: only file names and copying.
"""

from __future__ import annotations

import filecmp
import shutil
import sys
from pathlib import Path

from graph.errors import VendorAssetsMissing

#: ``{url name under /static/vendor/: path inside node_modules}``. Script order on a page:
#: cytoscape, layout-base, cose-base, cytoscape-fcose (each UMD file reads the previous
#: one's global). None of the CSS references fonts or images (YASGUI's icons are inline SVG).
VENDOR_FILES: dict[str, str] = {
    # SPARQL editor + results (YASGUI = YASQE editor + YASR results), /sparql
    "yasgui/yasgui.min.js": "@zazuko/yasgui/build/yasgui.min.js",
    "yasgui/yasgui.min.css": "@zazuko/yasgui/build/yasgui.min.css",
    # Partner network, /network
    "cytoscape/cytoscape.min.js": "cytoscape/dist/cytoscape.min.js",
    "cytoscape/LICENSE": "cytoscape/LICENSE",
    # fcose force layout: layout-base -> cose-base -> cytoscape-fcose (UMD globals)
    "layout-base/layout-base.js": "layout-base/layout-base.js",
    "layout-base/LICENSE": "layout-base/LICENSE",
    "cose-base/cose-base.js": "cose-base/cose-base.js",
    "cose-base/LICENSE": "cose-base/LICENSE",
    "cytoscape-fcose/cytoscape-fcose.js": "cytoscape-fcose/cytoscape-fcose.js",
    "cytoscape-fcose/LICENSE": "cytoscape-fcose/LICENSE",
    # OpenAPI docs, /docs (FastAPI would otherwise load Swagger UI from a CDN)
    "swagger-ui/swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
    "swagger-ui/swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
    "swagger-ui/favicon-32x32.png": "swagger-ui-dist/favicon-32x32.png",
    "swagger-ui/LICENSE": "swagger-ui-dist/LICENSE",
}

#: Script tags in load order for each page (URL names from ``VENDOR_FILES``).
PAGE_SCRIPTS: dict[str, list[str]] = {
    "sparql": ["yasgui/yasgui.min.js"],
    "network": [
        "cytoscape/cytoscape.min.js",
        "layout-base/layout-base.js",
        "cose-base/cose-base.js",
        "cytoscape-fcose/cytoscape-fcose.js",
    ],
}
PAGE_STYLES: dict[str, list[str]] = {"sparql": ["yasgui/yasgui.min.css"], "network": []}

ROOT = Path(__file__).resolve().parent.parent
URL_PREFIX = "/static/vendor/"


def vendor_dir() -> Path:
    """Where the vendor files are served from: ``api/static/vendor`` (URL ``/static/vendor/``)."""
    return Path(__file__).resolve().parent / "static" / "vendor"


def vendor_url(name: str) -> str:
    """The URL of one vendor file, e.g. ``vendor_url("yasgui/yasgui.min.js")``."""
    if name not in VENDOR_FILES:
        raise KeyError(f"unknown vendor file {name!r}; known: {sorted(VENDOR_FILES)}")
    return URL_PREFIX + name


def missing(dest: Path | None = None) -> list[str]:
    """URL names of vendor files not (yet) installed in ``dest`` (default ``vendor_dir()``)."""
    dest = vendor_dir() if dest is None else dest
    return [name for name in VENDOR_FILES if not (dest / name).is_file()]


def install_vendor(root: Path = ROOT, dest: Path | None = None) -> list[Path]:
    """Copy the vendor files from ``root/node_modules`` into ``dest``; return the files written.

    Idempotent: a file already identical in ``dest`` is left alone (and not returned).
    Raises ``VendorAssetsMissing`` naming ``npm ci`` when node_modules or a file is missing;
    nothing is copied in that case.
    """
    dest = vendor_dir() if dest is None else dest
    modules = root / "node_modules"
    if not modules.is_dir():
        raise VendorAssetsMissing(
            f"{modules} does not exist: run `npm ci --no-audit --no-fund` in {root} first "
            "(it installs the front-end libraries pinned in package-lock.json)"
        )
    absent = [rel for rel in VENDOR_FILES.values() if not (modules / rel).is_file()]
    if absent:
        raise VendorAssetsMissing(
            f"not in {modules}: {', '.join(absent)}; run `npm ci --no-audit --no-fund` in {root} "
            "so node_modules matches package-lock.json"
        )
    written: list[Path] = []
    for name, rel in VENDOR_FILES.items():
        source, target = modules / rel, dest / name
        if target.is_file() and filecmp.cmp(source, target, shallow=False):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        shutil.copyfile(source, tmp)
        tmp.replace(target)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    """``python -m api.assets [ROOT [DEST]]``: install the vendor files and say what was copied."""
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]).resolve() if args else ROOT
    dest = Path(args[1]).resolve() if len(args) > 1 else vendor_dir()
    try:
        written = install_vendor(root, dest)
    except VendorAssetsMissing as exc:
        print(f"api.assets: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"copied {path.relative_to(dest)} -> {path}")
    print(f"{len(written)} copied, {len(VENDOR_FILES) - len(written)} already up to date in {dest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
