# The briefing book.  `make` sets up whatever is missing, then builds the HTML and the PDF;
# `make test` builds the real book and checks what a reader gets.  `make help` lists the rest.
#
# What every briefing book shares (set-up, html, pdf, epub, livehtml, linkcheck, anchors, clean, help) is written
# once, in briefing/starter/Makefile, the Makefile `briefing new` gives a new book.  Below: what only this book
# has, its tests and benchmarks.
include briefing/starter/Makefile

.PHONY: test-fresh test test-unit bench audit

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

bench: setup ## Benchmark the diagram pipeline against stock sphinxcontrib-mermaid (prints figures)
	$(PYTHON) tools/bench_diagrams.py

audit: html ## Lighthouse (mobile) over every page served gzip'd on loopback: a benchmark that prints scores and KiB
	$(PYTHON) tools/audit.py $(BUILDDIR)/html
