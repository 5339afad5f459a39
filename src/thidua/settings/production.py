"""Production settings: everything from the environment, nothing insecure by default."""

from .base import *  # noqa: F403
from .base import require_outside_secrets, require_secret_key

require_secret_key()
require_outside_secrets()
