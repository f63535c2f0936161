"""The knowledge model as people look things up: entities, claims, figures, sources, dates, ids and search."""
