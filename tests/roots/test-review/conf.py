# Change control: test-covered with its review stamps (needs/review-stamps.tsv)
# and the views that show review state. The test suite puts _ext/ on sys.path.
project = "test-review"
extensions = ["myst_parser", "licence_needs"]
language = "zh_CN"
licence_source_dir = "."
exclude_patterns = ["_build", "needs"]
needs_build_json = True
needs_reproducible_json = True
