from aligntui.cli.main import main

raise SystemExit(main())
