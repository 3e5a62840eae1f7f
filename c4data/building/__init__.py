"""Building Parquet from the curated CSV files, validating a package, and comparing two packages."""
