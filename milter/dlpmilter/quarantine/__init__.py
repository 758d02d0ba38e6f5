"""The quarantine store and its review operations (list, show, release, delete)."""
