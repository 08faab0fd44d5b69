"""The partner REST API (/api/v1/): views over claims, articles and outlets, behind per-partner keys."""
