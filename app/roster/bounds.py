"""The bounds a roster file is read within (issue 11): what a file may claim or hold before
any cell is read, so that a small hostile file cannot take unbounded memory, disk or time.

One place for the figures: the CLI uses :data:`CLI`, the admin upload :data:`UPLOAD` (its
request body cap is ``app.web.limits.ROSTER_MAX_BYTES``, beside the other body caps).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    """Figures a roster file may not exceed.

    ``max_columns``: columns of the sheet (a cell holding something beyond it; a width its
    ``<dimension>`` claims, or cells formatted only, are no refusal) or of the CSV's header.
    ``max_line_bytes``: one CSV line (checked in blocks: a
    line longer than twice this is always refused, one shorter than it always accepted).
    ``max_member_bytes``/``max_total_bytes``: an .xlsx part, and all parts, uncompressed, as
    the zip's directory declares them (reading stops there even if a part lies).
    ``max_ratio``: uncompressed to compressed size of a part larger than 1 MB (a zip bomb
    compresses hundreds of times; a real sheet ten or twenty). ``max_merges``: merged ranges
    (of a sheet). ``max_sheets``: an .xlsx's sheets looked at (those beyond are named as not
    read).
    """

    max_columns: int = 512
    max_line_bytes: int = 1024 * 1024
    max_member_bytes: int = 4 * 1024**3
    max_total_bytes: int = 6 * 1024**3
    max_ratio: int = 150
    max_shared_strings_bytes: int = 512 * 1024 * 1024
    max_merges: int = 100_000
    max_sheets: int = 1000


CLI = Limits()
# an uploaded .xlsx is at most 64 MB; its parts together at most 1 GB uncompressed
UPLOAD = Limits(max_member_bytes=1024**3, max_total_bytes=1024**3,
                max_shared_strings_bytes=128 * 1024 * 1024)


class RosterError(Exception):
    """The roster as a whole cannot be screened (not a bad cell: those are reported per row).
    The message is in the user's language and says what to do."""
