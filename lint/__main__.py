import sys

from newslint.cli.main import main

sys.exit(main(sys.argv[1:]))
