"""Each undertaking's latest status, derived from its dated status reports (never curated by hand)."""

from __future__ import annotations

import pandas as pd

# The order in which reports are read: by date (earliest day, then latest day), then by their number.
REPORT_ORDER = ["date_min", "date_max", "report"]


def latest_reports(reports: pd.DataFrame, undertakings: pd.DataFrame) -> pd.DataFrame:
    """One row per undertaking: its latest report (the last by date, then by number), how many reports it has,
    and the undertaking's names, domain and kind; sorted by ``undertaking_id``."""
    ordered = reports.sort_values(["undertaking_id", *REPORT_ORDER], kind="stable")
    latest = ordered.groupby("undertaking_id", sort=True, observed=True).tail(1)
    counts = reports.groupby("undertaking_id", observed=True).size().rename("reports")
    described = undertakings[["undertaking_id", "name_zh", "name_en", "domain", "kind"]]
    columns = ["undertaking_id", "report", "status", "date", "date_min", "date_max", "meeting_id", "source_id"]
    result = described.merge(latest[columns], on="undertaking_id", how="inner", validate="one_to_one")
    result = result.merge(counts.reset_index(), on="undertaking_id", how="left", validate="one_to_one")
    result["reports"] = result["reports"].astype("Int64")
    return result.sort_values("undertaking_id", kind="stable").reset_index(drop=True)
