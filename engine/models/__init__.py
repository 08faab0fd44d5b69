"""Models the engine runs: MiniLM loading and fine-tuned heads, process-wide loaders, and the shipped weights."""

from pathlib import Path

# Every file the engine's models load ships here (numbers only, no pickles); see RESULTS.md for how each was made.
WEIGHTS_DIR = Path(__file__).resolve().parent / "weights"
