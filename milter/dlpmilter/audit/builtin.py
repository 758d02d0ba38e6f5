"""Built-in audit plugin: registers the audit shipped with dlpmilter."""

from __future__ import annotations
