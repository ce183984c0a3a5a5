"""Widgets: they show things and post messages; the App acts on them."""
