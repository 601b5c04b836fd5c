"""Test support: store factory (stores), AppTest helpers (apptest), sign-in helpers (signin)."""
