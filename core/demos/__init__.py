"""One module per seed chapter; every module-level :class:`Demo` is in the catalogue."""
