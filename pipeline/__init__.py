"""formalism-audit: find hollow Party-branch paperwork, with quotable evidence.

The library API the CLI and notebooks share: `analyze`, `analyze_many`,
`audit_to_dir`, and `Corpus` for notebooks.
"""
__version__ = "0.1.0"

from .audit import AuditOptions, Auditor, analyze, analyze_many, audit_to_dir  # noqa: E402
from .corpus import Corpus  # noqa: E402
from .records import AuditResult  # noqa: E402

__all__ = ["AuditOptions", "AuditResult", "Auditor", "Corpus", "analyze", "analyze_many", "audit_to_dir"]
