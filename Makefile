# The briefing book.  `make` sets up whatever is missing, then builds the HTML and the PDF;
# `make test` builds the real book and checks what a reader gets.  `make help` lists the rest.
#
# What every briefing book shares (set-up, html, pdf, epub, livehtml, linkcheck, anchors, clean, help) is written
# once, in briefing/starter/Makefile, the Makefile `briefing new` gives a new book.  Below: what only this book
# has, its tests and benchmarks.
include briefing/starter/Makefile

.PHONY: test-fresh bench-fresh test test-unit check bench bench-pdf audit

DIST ?= trixie
test-fresh: ## As root: `make`, `make test` and `make check` on a freshly bootstrapped minimal Debian (DIST=trixie or bookworm)
	tools/test_fresh.sh $(DIST)

bench-fresh: ## As root: `make` on a freshly bootstrapped Debian (no TeX), then what the LaTeX PDF adds: time and disk (prints figures)
	tools/test_fresh.sh $(DIST) bench

# `make test`, what an author runs after each change: the unit tier builds small books in-process (tests/unit,
# tests/roots), then the end-to-end tier builds the real book into a temporary folder and tests what readers
# get, a pytest-xdist worker per core.  `make check`, what CI runs after it: the release checks (pytest marker
# `release`): every page in a browser in both colour modes, every published anchor opened cold, EPUBCheck, the
# Nu HTML Checker and DAISY Ace, and `make` itself in copies (offline, reproducible, failing safely, a data change
# reaching every output, without dpkg, as a normal user).  Both set up TeX Live first (setup-latex), which `make`
# does not: the end-to-end checks run on the LaTeX PDF beside the Typst one, and a missing tool is a failure.
E2E = $(PYTHON) -m pytest tests --ignore=tests/unit -n auto --dist loadgroup
test: setup-latex test-unit ## The unit tier, then the end-to-end tests over the real book (the release checks: make check)
	$(E2E) -m "not release"

test-unit: setup ## Run the unit tier alone: each feature and each bad input on a small book (sphinx.testing)
	$(PYTHON) -m pytest tests/unit -n auto

check: setup-latex ## The release checks CI runs after make test: every page and anchor in a browser, validators, make in copies
	$(E2E) -m release

bench: setup ## Benchmark the diagram pipeline against stock sphinxcontrib-mermaid (prints figures)
	$(PYTHON) tools/bench_diagrams.py

bench-pdf: setup-latex ## Benchmark the PDF step, LaTeX against Typst, on a clean and a no-op build (prints figures)
	$(PYTHON) tools/bench_pdf.py

audit: html ## Lighthouse (mobile) over every page served gzip'd on loopback: a benchmark that prints scores and KiB
	$(PYTHON) tools/audit.py $(BUILDDIR)/html
