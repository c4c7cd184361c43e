# The briefing book.  `make` sets up whatever is missing, then builds the HTML and the PDF;
# `make test` builds the real book and checks what a reader gets.  `make help` lists the rest.

SHELL := /bin/bash
.DEFAULT_GOAL := all

VENV        := .venv
PYTHON      := $(VENV)/bin/python
SPHINXBUILD := $(VENV)/bin/sphinx-build
SOURCEDIR   := docs
BUILDDIR    := _build
# Strictness lives here, once: nitpicky, warnings are errors, but report them all.
SPHINXERRORHANDLING := -n -W --keep-going
SPHINXOPTS  ?=
SPHINXFLAGS  = $(SPHINXERRORHANDLING) -c . $(SPHINXOPTS)

# What the system must provide (TeX Live subset for xelatex, fonts, poppler-utils, Node and npm, Chromium and its
# headless shell, the libraries Playwright's driver needs) is found by command, not by package name, in
# tools/setup_system.py: on Debian and Ubuntu, as root, it installs what is missing with apt (the list is
# build.apt_packages in .readthedocs.yaml, plus Debian's Chromium); elsewhere it prints what to run.
SYSTEM := python3 tools/setup_system.py

VENV_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
PDF        := $(BUILDDIR)/latex/briefing.pdf
# Atomic builds: every build runs in a staging copy of the last good book and replaces it only on
# success, so a failed build never touches _build/html, the PDF or their caches.
STAGE      := $(BUILDDIR)/.staging
# Each builder keeps its own doctrees: Sphinx rewrites an HTML or EPUB page only when that builder itself
# re-reads it (or its source file is newer), so an environment already updated by the PDF build would leave
# pages that depend on a data file (glossaries, claims) stale.
OUTPUTS    := html latex epub doctrees doctrees-html doctrees-epub

.PHONY: all setup system browser test-fresh html pdf epub livehtml linkcheck test test-unit anchors bench audit clean help

all: setup ## Set up what is missing, then build the HTML and the PDF
	$(stage)
	$(build-pdf)
	$(build-html)
	$(publish)
	@echo
	@echo "HTML: $(BUILDDIR)/html/index.html"
	@echo "PDF:  $(PDF)  (also linked from every HTML page as briefing.pdf)"

setup: system $(VENV_STAMP) $(NODE_STAMP) browser ## Install what is missing: system packages, .venv, npm packages, a browser

system: ## Find (or, as root on Debian/Ubuntu, install) the system tools; otherwise say what to run
	@command -v python3 >/dev/null || { echo "python3 is needed: on Debian/Ubuntu, as root: apt-get install python3 python3-venv"; exit 1; }
	@$(SYSTEM)

browser: $(VENV_STAMP) ## Find a Chromium (BRIEFING_BROWSER, PATH, caches); where the OS has none, Playwright's headless shell in .browsers/
	@$(SYSTEM) --browser

$(VENV_STAMP): requirements.txt $(wildcard pyproject.toml) | system  # a book made by `briefing new` has no pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

# mermaid-cli runs Debian's Chromium (puppeteer-config.json): never download a browser.
$(NODE_STAMP): package.json package-lock.json | system
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

html: setup ## Build the HTML briefing into _build/html
	$(stage)
	$(build-html)
	$(publish)

pdf: setup ## Build the PDF (xelatex via latexmk) into _build/latex/briefing.pdf
	$(stage)
	$(build-pdf)
	$(publish)

# Start from a copy of the last good book, so Sphinx and latexmk only redo what changed.
define stage
	@rm -rf $(STAGE) && mkdir -p $(STAGE)
	@for out in $(OUTPUTS); do [ ! -d $(BUILDDIR)/$$out ] || cp -a $(BUILDDIR)/$$out $(STAGE)/; done
endef

define build-pdf
	LATEXMKOPTS="-silent" LATEXOPTS="-interaction=nonstopmode -halt-on-error" \
	  $(SPHINXBUILD) -M latexpdf $(SOURCEDIR) $(STAGE) $(SPHINXFLAGS) \
	  || { grep -s -m1 -A3 '^! ' $(STAGE)/latex/briefing.log; $(failed); }  # show TeX's own error, not only "see the log"
endef

define build-html
	$(SPHINXBUILD) -b html -d $(STAGE)/doctrees-html $(SOURCEDIR) $(STAGE)/html $(SPHINXFLAGS) || $(failed)
	@if [ -f $(STAGE)/latex/briefing.pdf ]; then cp $(STAGE)/latex/briefing.pdf $(STAGE)/html/briefing.pdf; \
	 else echo "note: no PDF yet, so the HTML's PDF link is dead until 'make pdf'"; fi
endef

failed = { echo; echo "Build failed (see above); the last good book in $(BUILDDIR)/ is untouched."; exit 1; }

# Swap each staged output in with two renames: the old one is gone only once the new one is complete.
define publish
	@for out in $(OUTPUTS); do \
	  [ -d $(STAGE)/$$out ] || continue; \
	  rm -rf $(BUILDDIR)/.old-$$out; \
	  [ ! -d $(BUILDDIR)/$$out ] || mv $(BUILDDIR)/$$out $(BUILDDIR)/.old-$$out; \
	  mv $(STAGE)/$$out $(BUILDDIR)/$$out && rm -rf $(BUILDDIR)/.old-$$out; \
	done; rmdir $(STAGE)
endef

epub: setup ## Build the EPUB (for e-readers) into _build/epub/briefing.epub
	$(stage)
	$(SPHINXBUILD) -b epub -d $(STAGE)/doctrees-epub $(SOURCEDIR) $(STAGE)/epub $(SPHINXFLAGS) || $(failed)
	$(publish)

livehtml: setup ## Serve the HTML with live reload while editing (sphinx-autobuild)
	$(VENV)/bin/sphinx-autobuild $(SPHINXERRORHANDLING) -c . $(SOURCEDIR) $(BUILDDIR)/livehtml --watch conf.py

linkcheck: setup ## Check external links (needs the network; not part of make test)
	$(SPHINXBUILD) -b linkcheck $(SOURCEDIR) $(BUILDDIR)/linkcheck $(SPHINXFLAGS)

DIST ?= trixie
test-fresh: ## As root: `make` and `make test` on a freshly bootstrapped minimal Debian (DIST=trixie or bookworm)
	tools/test_fresh.sh $(DIST)

# Two tiers: unit tests build small books in-process (tests/unit, tests/roots), then the end-to-end tests build
# the real book into a temporary folder and test what readers get.
test: setup ## Run both test tiers: the unit tier, then the end-to-end tests over the real book
	$(PYTHON) -m pytest tests/unit
	$(PYTHON) -m pytest tests --ignore=tests/unit

test-unit: setup ## Run the unit tier alone: each feature and each bad input on a small book (sphinx.testing)
	$(PYTHON) -m pytest tests/unit

anchors: setup ## Publish the book's anchors: rewrite docs/anchors.txt from the book (review the diff!)
	$(SPHINXBUILD) -b dummy $(SOURCEDIR) $(BUILDDIR)/dummy $(SPHINXFLAGS) -E -D anchors_update=1

bench: setup ## Benchmark the diagram pipeline against stock sphinxcontrib-mermaid (prints figures)
	$(PYTHON) tools/bench_diagrams.py

audit: html ## Lighthouse (mobile) over every page served gzip'd on loopback: a benchmark that prints scores and KiB
	$(PYTHON) tools/audit.py $(BUILDDIR)/html

clean: ## Remove all build output (keeps .venv and node_modules)
	rm -rf $(BUILDDIR)


help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-19s %s\n", $$1, $$2}'
