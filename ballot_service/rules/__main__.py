"""`python -m ballot_service.rules`: the result table of a paper count (rules/cli.py)."""

import sys

from ballot_service.rules.cli import main

sys.exit(main())
