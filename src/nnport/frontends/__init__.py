"""Static frontends: Python source -> pivot model, without importing or running it."""
