"""Scoring: the criteria tables (bảng tiêu chí), score sheets and the ranking.

- arithmetic.py — checking entries, sheet totals, aggregation of cross-scoring sheets,
  the ranking with its tie-break rules (api-v1.md, "Scoring arithmetic"); pure Python;
- table_io.py — scoring tables from YAML/JSON and to/from .xlsx; data/criteria-sample.yaml;
- models.py — the year's table (frozen when self-assessment opens), score sheets (self,
  cross, panel) with their entries and submission snapshots, evidence files, matrix
  assignments, query threads;
- services/ — every write, by subject (permission, phase, audit); receivers.py — the table
  freezes with the phase; rules.py — who may do what; selectors.py — reads, progress,
  the ranking (cached under a fingerprint of its inputs) and a unit's totals over years;
- evidence.py — file types by content and the size limit (SCORING_EVIDENCE_MAX_BYTES);
- views.py, urls.py, templates/scoring/ — the pages; workspace.py — the year's sections;
  exports.py — the ranking .xlsx and the totals chart; demo.py — its step of `manage.py load_demo`.
"""
