"""Developer tools kept out of the shipped packages (reference build, asset vendoring, benchmark)."""
