"""The hotline operator's rule lookup at ``/rules`` (issue 4)."""
