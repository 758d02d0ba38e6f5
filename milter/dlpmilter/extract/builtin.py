"""Built-in extract plugin: registers the extract shipped with dlpmilter."""

from __future__ import annotations
