"""``python -m briefing …``: the ``briefing`` command (:mod:`briefing.cli`)."""

import sys

from .cli import main

sys.exit(main())
