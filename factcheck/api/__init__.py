"""API plumbing every app's REST views share; it imports no app, so any layer may use it."""
