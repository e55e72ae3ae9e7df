# A tiny handbook built as PDF (tests/test_pdf.py).  The test suite puts _ext/
# on sys.path (tests/conftest.py); the LaTeX chrome comes from the extension.
project = "test-pdf"
extensions = ["myst_parser", "licence_needs"]
language = "zh_CN"
licence_source_dir = "."
exclude_patterns = ["_build", "needs"]
latex_engine = "xelatex"
latex_documents = [
    ("index", "test-pdf.tex", "测试合规手册", "测试公司", "manual", True)
]
