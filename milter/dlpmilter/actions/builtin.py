"""Built-in actions plugin: registers the actions shipped with dlpmilter."""

from __future__ import annotations
