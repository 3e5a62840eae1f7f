"""Reading the package: verified reads, curated CSV, the loader and its backends, DuckDB, citations."""
