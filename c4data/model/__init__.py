"""The descriptor's model: typed tables and fields, value types, codebooks, errors and problems, paths."""
