import sys

from newslint.cli.main import main

sys.exit(main())  # no argv: this process is the command's (see main)
