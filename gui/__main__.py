from asyncio_lab.gui.entry import main

raise SystemExit(main())
