"""The export formats: writing a package in each format and reading it back for validation."""
