"""Trusting files: reading within stated limits, escaping text for a terminal, and sha256 hashes."""
