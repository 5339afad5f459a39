"""Per-view exceptions to the site's Content-Security-Policy (settings.CONTENT_SECURITY_POLICY).
Each says why; every other page gets the strict policy."""

from csp.constants import NONE, UNSAFE_INLINE
from csp.decorators import csp_replace

# A document preview (documents/document.html) is one self-contained page that a PDF
# renderer also takes as it is: its <style> block and per-document widths are inline. It
# runs no script and loads nothing, so everything else is shut.
self_contained_page = csp_replace(
    {
        "default-src": [NONE],
        "script-src": [NONE],
        "style-src": [UNSAFE_INLINE],
        "img-src": ["data:"],
        "font-src": [NONE],
        "connect-src": [NONE],
        "form-action": [NONE],
    }
)
