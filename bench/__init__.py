"""kg's benchmark suite (``python -m bench``, ``make bench``); not installed with kg."""
