"""Import and entry feature: what the import and « Saisie » pages call."""
