"""RDF as files and bytes: formats and media types, parsing with file:line errors, canonical forms."""
