"""Scoring: the criteria tables (bảng tiêu chí), score sheets and the ranking.

For now only the pure parts, usable without Django or a database:
- arithmetic.py — checking entries, sheet totals, aggregation of cross-scoring sheets,
  the ranking with its tie-break rules (api-v1.md, "Scoring arithmetic");
- table_io.py — scoring tables from YAML/JSON and to/from .xlsx;
- data/criteria-sample.yaml — the sample table.
"""
