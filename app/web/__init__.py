"""The shared web layer: rendering pages in the request's language, comfort settings."""
