"""Antre queue server: owns the lobby's queue state and pushes every change."""

__version__ = "0.1.0"
