"""Text comparison for matching: folded tokens, spelling variants, inline acronyms, the group an article names."""
