"""Every check of the data package, declared once in ``CHECKS``; ``build`` and ``validate`` both run them.

Each check has a stable code, which every problem it finds carries (frictionless's row check passes on
frictionless's own error types, such as ``type-error`` and ``foreign-key``); a stage, run in order, each
only when the stages before it found nothing; and the files it applies to: the curated CSV before a build,
the built Parquet, or both. To add a check: write the function in the module of its family, add one line
here, and a unit test on a tiny inline table in ``tests/checks/``.
"""

from __future__ import annotations

from collections.abc import Collection

from c4data.checks.attestations import attestation_problems
from c4data.checks.base import (
    BOTH,
    CSV_ONLY,
    PARQUET_ONLY,
    STAGES,
    Check,
    CheckInput,
    Stage,
    TableRows,
    Target,
)
from c4data.checks.cells import number_problems, required_problems
from c4data.checks.dates import date_bound_problems, date_format_problems, date_problems
from c4data.checks.descriptor import (
    codebook_problems,
    metadata_problems,
    resource_problems,
    shared_codebook_problems,
    version_problems,
)
from c4data.checks.disagreements import change_over_time_problems, disagreement_problems
from c4data.checks.evidence import evidence_problems
from c4data.checks.hierarchy import parent_problems
from c4data.checks.keys import foreign_key_problems, frictionless_row_problems, order_problems
from c4data.checks.projects import route_problems
from c4data.checks.reports import report_date_problems, report_measure_problems, report_order_problems
from c4data.checks.schema_rules import schema_rule_problems
from c4data.checks.table_schema import table_schema_problems
from c4data.checks.text import control_character_problems, formula_problems
from c4data.model import codes
from c4data.model.problems import Problem

__all__ = ["CHECKS", "Check", "CheckInput", "TableRows", "descriptor_problems", "run_checks", "run_stage"]

CHECKS: tuple[Check, ...] = (
    # frictionless's check of the metadata, by ``validate`` and ``export``; the build, which never imports
    # frictionless, reads the descriptor through the shape checks below and ``schema.Package``.
    Check(codes.DESCRIPTOR_INVALID, "metadata", PARQUET_ONLY, metadata_problems),
    Check(codes.PACKAGE_VERSION, "shape", BOTH, version_problems),
    Check(codes.RESOURCE_SHAPE, "shape", BOTH, resource_problems),
    Check(codes.SCHEMA_RULES, "shape", BOTH, schema_rule_problems),
    Check(codes.CODEBOOK, "codebook", BOTH, codebook_problems),
    Check(codes.SHARED_CODEBOOK, "codebook", BOTH, shared_codebook_problems),
    # The built Parquet goes through frictionless's validator; the curated CSV through c4data's reading of the
    # same Table Schema rules (``checks.table_schema`` says why), whose problems carry frictionless's codes.
    Check(codes.FRICTIONLESS, "rows", PARQUET_ONLY, frictionless_row_problems),
    Check(codes.TABLE_SCHEMA, "rows", CSV_ONLY, table_schema_problems),
    Check(codes.FOREIGN_KEY, "rows", CSV_ONLY, foreign_key_problems),
    Check(codes.REQUIRED_EMPTY, "rows", PARQUET_ONLY, required_problems),  # the Table Schema check reads it in CSV
    Check(codes.NUMBER_ERROR, "rows", BOTH, number_problems),
    Check(codes.CALENDAR_DATE, "rows", BOTH, date_problems),
    Check(codes.DATE_FORMAT, "rows", CSV_ONLY, date_format_problems),
    Check(codes.DATE_BOUNDS, "rows", BOTH, date_bound_problems),
    Check(codes.DISAGREEMENT, "rows", BOTH, disagreement_problems),
    Check(codes.CHANGE_OVER_TIME, "rows", BOTH, change_over_time_problems),
    Check(codes.REPORT_DATES, "rows", BOTH, report_date_problems),
    Check(codes.REPORT_ORDER, "rows", BOTH, report_order_problems),
    Check(codes.REPORT_MEASURE, "rows", BOTH, report_measure_problems),
    Check(codes.ROUTE, "rows", BOTH, route_problems),
    Check(codes.ATTESTATION, "rows", BOTH, attestation_problems),
    Check(codes.EVIDENCE, "rows", BOTH, evidence_problems),
    Check(codes.PARENT, "rows", BOTH, parent_problems),
    Check(codes.ROW_ORDER, "rows", CSV_ONLY, order_problems),  # the build writes rows in the curated order
    Check(codes.CONTROL_CHARACTER, "rows", BOTH, control_character_problems),
    Check(codes.FORMULA_START, "rows", BOTH, formula_problems),
)


def run_stage(stage: Stage, target: Target, given: CheckInput, only: Collection[str] | None = None) -> list[Problem]:
    """The problems found by the checks of ``stage`` that apply to ``target`` (or only those whose code is in
    ``only``)."""
    problems: list[Problem] = []
    for check in CHECKS:
        if check.stage == stage and target in check.targets and (only is None or check.code in only):
            problems += check.run(given)
    return problems


def descriptor_problems(given: CheckInput, target: Target = "parquet") -> list[Problem]:
    """The descriptor's own problems, stage by stage: only those of the first stage that finds any."""
    for stage in STAGES[:-1]:
        problems = run_stage(stage, target, given)
        if problems:
            return problems
    return []


def run_checks(target: Target, given: CheckInput) -> list[Problem]:
    """Every check that applies to ``target``: the descriptor's first, then the rows' if it has none."""
    return descriptor_problems(given, target) or run_stage("rows", target, given)
