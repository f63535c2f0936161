"""dtkg's web layer: the FastAPI app, its routes and pages. No graph logic lives here."""
