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

# What a fresh Debian 12 needs: TeX Live subset for xelatex, fonts, Chromium (its headless shell renders the
# diagrams; the full browser runs the reader tests and the audit), poppler-utils for the PDF tests, venv for
# Python.  Node 20 and npm come with the machine.  One list for here and for Read the Docs: it is
# build.apt_packages in .readthedocs.yaml.
DEB_PACKAGES := $(shell sed -n '/^ *apt_packages:/,/^ *[a-z_]*:/s/^ *- *//p' .readthedocs.yaml)
$(if $(DEB_PACKAGES),,$(error no build.apt_packages list found in .readthedocs.yaml))

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

.PHONY: all setup debian-packages html pdf epub livehtml linkcheck test anchors bench audit clean help print-deb-packages

all: setup ## Set up what is missing, then build the HTML and the PDF
	$(stage)
	$(build-pdf)
	$(build-html)
	$(publish)
	@echo
	@echo "HTML: $(BUILDDIR)/html/index.html"
	@echo "PDF:  $(PDF)  (also linked from every HTML page as briefing.pdf)"

setup: debian-packages $(VENV_STAMP) $(NODE_STAMP) ## Install Debian packages, .venv and mermaid-cli if missing

debian-packages:
	@missing=$$(for p in $(DEB_PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" != 0 ]; then \
	    echo "Missing Debian packages:" $$missing; \
	    echo "Run this as root, then run make again:"; \
	    echo "  apt-get update && apt-get install -y --no-install-recommends" $$missing; \
	    exit 1; \
	  fi; \
	  echo "Installing Debian packages:" $$missing; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@command -v node >/dev/null && command -v npm >/dev/null || { echo "Node.js 20 and npm are needed (not found on PATH)."; exit 1; }

$(VENV_STAMP): requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

# mermaid-cli runs Debian's Chromium (puppeteer-config.json): never download a browser.
$(NODE_STAMP): package.json package-lock.json
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

test: setup ## Build the real book into a temporary folder and test what readers get
	$(PYTHON) -m pytest tests

anchors: setup ## Publish the book's anchors: rewrite docs/anchors.txt from the book (review the diff!)
	$(SPHINXBUILD) -b dummy $(SOURCEDIR) $(BUILDDIR)/dummy $(SPHINXFLAGS) -E -D anchors_update=1

bench: setup ## Benchmark the diagram pipeline against stock sphinxcontrib-mermaid (prints figures)
	$(PYTHON) tools/bench_diagrams.py

audit: html ## Lighthouse (mobile) over every page served gzip'd on loopback: a benchmark that prints scores and KiB
	$(PYTHON) tools/audit.py $(BUILDDIR)/html

clean: ## Remove all build output (keeps .venv and node_modules)
	rm -rf $(BUILDDIR)

print-deb-packages: ## Print the Debian packages make installs (the list in .readthedocs.yaml)
	@echo $(DEB_PACKAGES)

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-19s %s\n", $$1, $$2}'
