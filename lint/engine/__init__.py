"""The engine: the rule API, selection, configuration, checking, fixing and running."""
