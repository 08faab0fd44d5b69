"""Models the engine runs: MiniLM and its heads, the sentence embedder, static word-piece vectors, lazy loaders.

Extraction and matching both depend on this package, never on each other.
"""

from pathlib import Path

# Every file the engine's models load ships here (numbers only, no pickles); see RESULTS.md for how each was made.
WEIGHTS_DIR = Path(__file__).resolve().parent / "weights"
