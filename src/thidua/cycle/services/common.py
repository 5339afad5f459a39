"""The length limits of the year's free texts, shared by the launch and the covenant."""

from __future__ import annotations

# The shared helpers under the short names this module's services have always used.

MAX_TEXT = 20_000
MAX_ITEMS = 30
MAX_ITEM = 1_000
