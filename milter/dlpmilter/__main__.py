"""``python -m dlpmilter``: the same as the ``dlpmilter`` command."""

import sys

from dlpmilter.cli import main

sys.exit(main())
