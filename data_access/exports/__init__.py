"""What exports publish: open-data tables and the figures behind static maps."""
