"""Settings: `base` for every deployment (read from the environment), `test` for the suite."""
