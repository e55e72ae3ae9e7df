# The handbook's two commands: `make html` builds the site, `make test` tests it.
# Both set everything up on a fresh Debian machine (Python 3.11 and make).

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

.PHONY: html check schema tools test lint gettext intl clean distclean $(LANGUAGES:%=html-%)

html: $(VENV)/.installed
	@$(MAKE) --no-print-directory -j2 $(LANGUAGES:%=html-%)
	@cp site/index.html $(BUILD)/html/index.html
	@echo "Site: $(BUILD)/html/index.html  (zh_CN: $(BUILD)/html/zh_CN/, en: $(BUILD)/html/en/)"

$(LANGUAGES:%=html-%): html-%: $(VENV)/.installed
	$(PY) -m sphinx -b html -c . -d $(BUILD)/doctrees/$* -D language=$* \
	  $(SPHINXOPTS) source $(BUILD)/html/$*

# The gate's rules straight from needs/*.yaml, without building HTML.
check: $(VENV)/.installed
	@PYTHONPATH=_ext $(PY) -m licence_needs.check

# needs/schema.json (JSON Schema for editors) from the data format, core/schema.py
schema: $(VENV)/.installed
	@PYTHONPATH=_ext $(PY) -m licence_needs.core.jsonschema needs/schema.json

tools: $(TOOLS_VENV)/.installed

$(TOOLS_VENV)/.installed: requirements-tools.txt constraints-tools.txt
	@PYTHON=$(PYTHON) tools/ensure-system
	@test -x $(TOOLS_VENV)/bin/python || $(PYTHON) -m venv $(TOOLS_VENV)
	$(TOOLS_VENV)/bin/python -m pip install -q --disable-pip-version-check -r requirements-tools.txt -c constraints-tools.txt
	@touch $@

test: $(VENV)/.installed $(TOOLS_VENV)/.installed lint
	$(PY) -m pytest

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
	$(PY) bench/run.py --sizes $(BENCH_SIZES) $(BENCH_ARGS)
