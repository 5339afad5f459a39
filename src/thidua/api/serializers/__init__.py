"""Serializers of the API, one module per domain app (org.py, auth.py) and the shared
fields and error shapes (common.py)."""
