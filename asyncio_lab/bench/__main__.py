import sys

from asyncio_lab.bench.cli import main

sys.exit(main(sys.argv[1:]))
