"""dtkg core: stores, loading, validation, provenance, network analysis and the CLI.

Nothing in this package imports :mod:`api` or FastAPI; the web layer depends on us,
never the other way round.
"""

__version__ = "0.1.0"
