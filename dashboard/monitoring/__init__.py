"""Monitoring feature (home, carte, suivi, enseignements, fiche territoire): readers, charts, maps."""
