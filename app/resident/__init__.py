"""The resident's guided screening at ``/`` (issue 3)."""


class BadState(Exception):
    """The answers' cookie was changed, signed with another key, or is too old
    (app.resident.state). Defined here, with no imports, so that the app can name its handler
    at start without importing the pages (app.main)."""
