"""Launchers for the real servers tests run against (one place to start and stop them)."""
