"""Bulk import of units and accounts from one .xlsx, with a row-by-row report.

The workbook has two sheets, both optional but not both empty: "Đơn vị" (one unit a row, as
org.services.unit_create needs it) and "Tài khoản" (one person a row; their unit named by its
name or short name, among the units of the same file or the existing ones the importer
manages). Columns are found by their headers (any order, extra columns ignored).

`import_plan` reads and checks everything and writes nothing: the dry run, whose report says
for each row "will create", "will update", "unchanged" or the errors, each with its column
and a message in Vietnamese. `import_apply` checks again (the database may have changed
since the dry run) and writes **all or nothing** in one transaction: a clerk fixes the file
and uploads it again, rather than tracking which half went in (docs/decisions/0017-bulk-import.md).
Units go through org.services.unit_create/unit_update (each audited there); accounts are
made here without a usable password (their owner sets it from the invitation), each audited
as `user.create`; the import itself is one `accounts.import` event with the counts.

By subject: `plan` (sheets, columns, statuses, the plan), `reading` (the workbook's cells),
`checking` (against the database; the dry run), `applying` (the all-or-nothing write),
`files` (the template and the report). The names below are re-exported so that
`from thidua.accounts import imports; imports.import_plan(...)` keeps working (MiB too,
which the page uses for its size message)."""

from thidua.core.xlsx import MiB

from .applying import import_apply
from .checking import import_plan
from .files import report_xlsx, template_xlsx
from .plan import (
    ACCOUNT_COLUMNS,
    ACCOUNT_SHEET,
    CREATE,
    DONE_LABELS,
    ERROR,
    LIMITS,
    MAX_ROWS,
    NOTES_SHEET,
    ROLE_FLAGS,
    ROLE_LABELS,
    ROLE_WORDS,
    STATUS_LABELS,
    UNCHANGED,
    UNIT_COLUMNS,
    UNIT_SHEET,
    UPDATE,
    ImportPlan,
    ImportRefused,
    RowResult,
)

__all__ = [
    "ACCOUNT_COLUMNS",
    "ACCOUNT_SHEET",
    "CREATE",
    "DONE_LABELS",
    "ERROR",
    "LIMITS",
    "MAX_ROWS",
    "NOTES_SHEET",
    "ROLE_FLAGS",
    "ROLE_LABELS",
    "ROLE_WORDS",
    "STATUS_LABELS",
    "UNCHANGED",
    "UNIT_COLUMNS",
    "UNIT_SHEET",
    "UPDATE",
    "ImportPlan",
    "ImportRefused",
    "MiB",
    "RowResult",
    "import_apply",
    "import_plan",
    "report_xlsx",
    "template_xlsx",
]
