"""Modal screens: help, pickers and the manual-copy dialog."""
