import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "_ext"))

project = "test-covered"
extensions = ["myst_parser", "licence_needs"]
language = "zh_CN"
licence_source_dir = "."
exclude_patterns = ["_build", "needs"]
