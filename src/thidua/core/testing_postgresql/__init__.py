"""A PostgreSQL backend for the test settings only (see base.py)."""
