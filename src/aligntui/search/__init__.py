"""Search: the query language (parsing, the command line's strict checks), each work's
searchable text field by field (``fields``), the search index, ranking, why-matched
reasons and word forms.

Core and pure: no Textual. Imports ``aligntui.catalog`` and ``aligntui.text``; never
personal (one's marks reach the index through the narrow ``PersonalTerms`` hook), never
browse, cite, paperlist, cli or tui.
"""
