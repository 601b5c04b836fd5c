"""« Suivi des engagements »: readers, figures, map, tables, forms and writes of the commission's page."""
