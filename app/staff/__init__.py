"""The village staff area at ``/staff`` (issue 5)."""
