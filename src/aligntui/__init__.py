"""aligntui: a terminal explorer for the survey of alignment goals for big models."""

__version__ = "0.1.0"
