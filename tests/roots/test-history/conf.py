# The test suite puts _ext/ on sys.path (tests/conftest.py).
project = "test-history"
extensions = ["myst_parser", "licence_needs"]
language = "zh_CN"
licence_source_dir = "."
exclude_patterns = ["_build", "needs"]
needs_build_json = True
needs_reproducible_json = True
