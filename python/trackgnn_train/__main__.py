"""python3 -m trackgnn_train SUBCOMMAND ...: the trackgnn-train command without installing it."""
import sys

from .cli import main

sys.exit(main())
