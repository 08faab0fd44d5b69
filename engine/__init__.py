"""The analysis engine: plain Python that turns text into claims, scores and evidence relations.

It never imports Django (an import-linter contract keeps it so). The Django side builds an `EngineConfig` from
settings and installs it with `engine.config.configure()`; scripts and benchmarks run on the defaults.
"""
