"""Territory space: personal links and what a territory does in its own space (charter, grid)."""
