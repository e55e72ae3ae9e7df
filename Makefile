# The handbook's two commands: `make html` builds the site, `make test` tests it.
# Both set everything up on a fresh Debian machine (Python 3.11 and make), as
# do `make pdf` (the handbook as PDF, both languages) and `make audit-pack`.

PYTHON     ?= python3
VENV       := .venv
# StrictDoc, reqif and compliance-trestle, which the interchange tests run:
# their own venv, because StrictDoc's dependencies (docutils 0.23, pandas…)
# would move the handbook's pinned packages (requirements-tools.txt)
TOOLS_VENV := .venv-tools
PY         := $(VENV)/bin/python
LANGUAGES  := zh_CN en
# -W guards Sphinx's and sphinx-needs' own warnings; the licence gate fails the
# build by itself (exit status 1) whatever the flags.
SPHINXOPTS ?= -W --keep-going -j auto -q
BUILD      := build
# with FORCE=1 a build that the gate fails still goes on (make audit-pack)
FORCED      = $(if $(filter 1,$(FORCE)),|| true)

# System packages of `make pdf` (xelatex, xeCJK, the fonts it embeds) and of
# the tests that read PDFs (pdftotext); tools/ensure-system installs them.
PDF_APT_PACKAGES  := texlive-xetex texlive-lang-chinese texlive-latex-recommended \
  texlive-fonts-recommended texlive-latex-extra tex-gyre fonts-freefont-otf \
  xindy latexmk fonts-noto-cjk
TEST_APT_PACKAGES := $(PDF_APT_PACKAGES) poppler-utils
PDF_NAME          := B2-20192648
# FORCE=1 make audit-pack: pack even when the gate reports errors (the pack
# says so in its name and in BUILD.json)
FORCE ?=

.PHONY: html check diff review due schema tools test test-fast lint gettext intl clean distclean bench pdf \
  audit-pack $(LANGUAGES:%=html-%) $(LANGUAGES:%=pdf-%)

html: $(VENV)/.installed
	@PYTHONPATH=_ext $(PY) -m licence_needs.check.epoch
	@$(MAKE) --no-print-directory -j2 $(LANGUAGES:%=html-%)
	@cp site/index.html $(BUILD)/html/index.html
	@echo "Site: $(BUILD)/html/index.html  (zh_CN: $(BUILD)/html/zh_CN/, en: $(BUILD)/html/en/)"

# The two builds run side by side and find the same things: the gate of the en
# build logs only its verdict (it still fails on errors), so each finding is
# printed once.  A single sphinx-build lists every finding.
GATE_LOG_zh_CN := findings
GATE_LOG_en    := summary

$(LANGUAGES:%=html-%): html-%: $(VENV)/.installed
	$(PY) -m sphinx -b html -c . -d $(BUILD)/doctrees/$* -D language=$* \
	  -D licence_gate_log=$(GATE_LOG_$*) $(SPHINXOPTS) source $(BUILD)/html/$* \
	  $(FORCED)

# The handbook as PDF: Sphinx's LaTeX builder, then xelatex (latexmk).  TeX
# takes its dates (and the PDF's /ID) from SOURCE_DATE_EPOCH only with
# FORCE_SOURCE_DATE=1: the same sources and date give the same bytes.
pdf: $(VENV)/.installed
	@PYTHON=$(PYTHON) tools/ensure-system $(PDF_APT_PACKAGES)
	@PYTHONPATH=_ext $(PY) -m licence_needs.check.epoch
	@$(MAKE) --no-print-directory -j2 $(LANGUAGES:%=pdf-%)
	@echo "PDF: $(LANGUAGES:%=$(BUILD)/pdf/$(PDF_NAME)-%.pdf)"

$(LANGUAGES:%=pdf-%): pdf-%: $(VENV)/.installed
	@rm -f $(BUILD)/latex/$*/$(PDF_NAME)-$*.tex $(BUILD)/pdf/$(PDF_NAME)-$*.pdf
	$(PY) -m sphinx -b latex -c . -d $(BUILD)/doctrees/latex-$* -D language=$* \
	  -D needs_build_json=0 -D licence_gate_log=$(GATE_LOG_$*) $(SPHINXOPTS) \
	  source $(BUILD)/latex/$* $(FORCED)
	@FORCE_SOURCE_DATE=1 $(MAKE) --no-print-directory -C $(BUILD)/latex/$* \
	  all-pdf LATEXMKOPTS="-silent" >$(BUILD)/latex/$*/latexmk.out 2>&1 \
	  || { cat $(BUILD)/latex/$*/latexmk.out; exit 1; }
	@mkdir -p $(BUILD)/pdf
	@cp $(BUILD)/latex/$*/$(PDF_NAME)-$*.pdf $(BUILD)/pdf/

# The auditors' pack: both PDFs, needs.json, exports, the gate's reports and
# evidence files, BUILD.json and MANIFEST.sha256, in one reproducible zip.
# Refuses when the gate reports errors, unless FORCE=1.
audit-pack: $(VENV)/.installed
	@$(MAKE) --no-print-directory check || [ "$(FORCE)" = 1 ] || { \
	  echo "make audit-pack: refused: the gate reports errors (above); fix them," \
	    "or FORCE=1 make audit-pack to pack anyway (the pack says it was forced)" >&2; \
	  exit 1; }
	@$(MAKE) --no-print-directory html pdf
	@FORCE=$(FORCE) PYTHONPATH=_ext $(PY) -m licence_needs.pack --build $(BUILD)

# The gate's rules straight from needs/*.yaml, without building HTML.
check: $(VENV)/.installed
	@PYTHONPATH=_ext $(PY) -m licence_needs.check

# What changed in the data since a git revision, as Markdown (README, "make diff").
# make diff BASE=v1.0 LANG=en; without BASE: the merge-base with the upstream
# branch, else the latest v* tag, else HEAD~1.  LANG counts only when given here
# (the shell's own LANG is a locale, not the report's language).
BASE      ?=
DIFF_LANG := $(if $(filter command line,$(origin LANG)),$(LANG),zh)
diff: $(VENV)/.installed
	@PYTHONPATH=_ext $(PY) -m licence_needs.check.diff --lang $(DIFF_LANG) \
	  $(if $(BASE),--base "$(BASE)")

# Change control: `make review` lists what awaits review; ITEMS="OB_06_1 CTL_SEC_02"
# stamps those items as re-read against their upstream (needs/review-stamps.tsv).
ITEMS ?=
review: $(VENV)/.installed
	@PYTHONPATH=_ext $(PY) -m licence_needs.check.review --items "$(ITEMS)"

# Every test, the browser tests included: Chromium and the CJK fonts are
# installed like graphviz.  SKIP_BROWSER=1 skips the browser tests (and the
# summary says so); without it a missing browser fails them.  The benchmark's
# smoke run (marker bench, ~20 s) runs with make bench.
BROWSER_PACKAGES := chromium fonts-noto-cjk
# What falls due in the next DAYS days (30), for one ROLE or every role.
DAYS ?= 30
ROLE ?=
due: $(VENV)/.installed
	@PYTHONPATH=_ext $(PY) -m licence_needs.check.due --days "$(DAYS)" --role "$(ROLE)"

test: $(VENV)/.installed $(TOOLS_VENV)/.installed lint
	@PYTHON=$(PYTHON) tools/ensure-system $(TEST_APT_PACKAGES) \
	  $(if $(filter 1,$(SKIP_BROWSER)),,$(BROWSER_PACKAGES))
	SKIP_BROWSER=$(SKIP_BROWSER) $(PY) -m pytest -m "not bench"

# Everything that needs no Sphinx build, browser or benchmark: seconds.
test-fast: $(VENV)/.installed
	$(PY) -m pytest -m "not build and not browser and not bench and not pdf"

# needs/schema.json (JSON Schema for editors) from the data format, core/schema.py
schema: $(VENV)/.installed
	@PYTHONPATH=_ext $(PY) -m licence_needs.core.jsonschema needs/schema.json

tools: $(TOOLS_VENV)/.installed

$(TOOLS_VENV)/.installed: requirements-tools.txt constraints-tools.txt
	@PYTHON=$(PYTHON) tools/ensure-system
	@test -x $(TOOLS_VENV)/bin/python || $(PYTHON) -m venv $(TOOLS_VENV)
	$(TOOLS_VENV)/bin/python -m pip install -q --disable-pip-version-check -r requirements-tools.txt -c constraints-tools.txt
	@touch $@

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Narrative pages are written in Chinese; their English lives in locale/en.
# (from scratch: generated content changes without its page changing; needflow
# warns that it draws only for HTML)
gettext: $(VENV)/.installed
	rm -rf $(BUILD)/gettext
	$(PY) -m sphinx -b gettext -c . -D needs_build_json=0 \
	  -D suppress_warnings=needs.needflow -q source $(BUILD)/gettext

intl: gettext
	$(VENV)/bin/sphinx-intl update -p $(BUILD)/gettext -d locale -l en -w 0 --no-obsolete

$(VENV)/.installed: requirements.txt requirements-dev.txt constraints.txt
	@PYTHON=$(PYTHON) tools/ensure-system
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	@touch $@

clean:
	rm -rf $(BUILD)

distclean: clean
	rm -rf $(VENV) $(TOOLS_VENV)

# The benchmark: the pipeline against plain sphinx-needs on synthetic data
# (bench/README.md).  make bench BENCH_SIZES=1000 BENCH_ARGS="--markdown FILE"
BENCH_SIZES ?= 1000,5000
BENCH_ARGS  ?=
bench: $(VENV)/.installed
	$(PY) -m pytest -q -m bench tests/bench
	$(PY) bench/run.py --sizes $(BENCH_SIZES) $(BENCH_ARGS)
