"""``python -m lstm_doc.check solution.py [--function NAME] [--target step_backward]``."""

import sys

from .cli import main

sys.exit(main())
