from aligntui.cli import main

raise SystemExit(main())
