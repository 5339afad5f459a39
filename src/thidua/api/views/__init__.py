"""The API's views, one module per domain app (org.py) plus sign-in (auth.py)."""
