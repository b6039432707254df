"""Roster screening (数据比对) in bulk (issue 6)."""
