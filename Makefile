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
SPHINXFLAGS  = $(SPHINXERRORHANDLING) -c . -d $(BUILDDIR)/doctrees $(SPHINXOPTS)

# What a fresh Debian 12 needs: TeX Live subset for xelatex, fonts, Chromium for mermaid-cli,
# poppler-utils for the PDF tests, venv for Python.  Node 20 and npm come with the machine.
DEB_PACKAGES := latexmk texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended \
                texlive-xetex tex-gyre fonts-freefont-otf chromium poppler-utils python3-venv

VENV_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
PDF        := $(BUILDDIR)/latex/briefing.pdf

.PHONY: all setup debian-packages html pdf epub livehtml linkcheck test anchors bench clean help

all: setup pdf html ## Set up what is missing, then build the HTML and the PDF
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
	$(SPHINXBUILD) -b html $(SOURCEDIR) $(BUILDDIR)/html $(SPHINXFLAGS)
	@if [ -f $(PDF) ]; then cp $(PDF) $(BUILDDIR)/html/briefing.pdf; \
	 else echo "note: no PDF yet, so the HTML's PDF link is dead until 'make pdf'"; fi

pdf: setup ## Build the PDF (xelatex via latexmk) into _build/latex/briefing.pdf
	LATEXMKOPTS="-silent" LATEXOPTS="-interaction=nonstopmode -halt-on-error" \
	  $(SPHINXBUILD) -M latexpdf $(SOURCEDIR) $(BUILDDIR) $(SPHINXFLAGS)

epub: setup ## Build the EPUB (for e-readers) into _build/epub/briefing.epub
	$(SPHINXBUILD) -b epub $(SOURCEDIR) $(BUILDDIR)/epub $(SPHINXFLAGS)

livehtml: setup ## Serve the HTML with live reload while editing (sphinx-autobuild)
	$(VENV)/bin/sphinx-autobuild $(SPHINXERRORHANDLING) -c . $(SOURCEDIR) $(BUILDDIR)/livehtml --watch conf.py

linkcheck: setup ## Check external links (needs the network; not part of make test)
	$(SPHINXBUILD) -b linkcheck $(SOURCEDIR) $(BUILDDIR)/linkcheck $(SPHINXFLAGS)

test: setup ## Build the real book into a temporary folder and test what readers get
	$(PYTHON) -m pytest tests

anchors: setup ## Publish the book's anchors: rewrite docs/anchors.txt from the book (review the diff!)
	$(SPHINXBUILD) -b dummy $(SOURCEDIR) $(BUILDDIR)/dummy $(SPHINXFLAGS) -E -D anchors_update=1

bench: setup ## Benchmark the diagram pipeline against stock sphinxcontrib-mermaid (prints figures)
	$(PYTHON) bench/diagrams.py

clean: ## Remove all build output (keeps .venv and node_modules)
	rm -rf $(BUILDDIR)

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'
