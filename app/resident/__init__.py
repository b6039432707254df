"""The resident's guided screening at ``/`` (issue 3)."""
