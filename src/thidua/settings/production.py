"""Production settings: everything from the environment, nothing insecure by default."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, require_secret_key

require_secret_key()
assert SECRET_KEY  # noqa: S101 - for type checkers; require_secret_key raised otherwise
