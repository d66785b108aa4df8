from asyncio_lab.cli import main

raise SystemExit(main())
