"""Administration feature: roles, campaign settings, audit journal readers and exports."""
