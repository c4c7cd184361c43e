"""Sphinx configuration of this briefing book (sources in docs/; the machinery is the `briefing` package).

Everything every briefing shares (theme, outputs, title and author from the op-ed) is set by the
package; what is below is this book's own.  See README.md, "The briefing package".
"""

extensions = ["briefing"]

# -- This book -----------------------------------------------------------------
briefing_source = "_data/op-ed.txt"  # the op-ed as received; never edited (relative to docs/)
briefing_data = "_data"              # actors.yaml, attribution.yaml, notes.yaml, figures.yaml
briefing_anchors = "anchors.txt"     # published anchors (`make anchors`)
briefing_pdf = "briefing.pdf"
briefing_date = "30 September 2020"  # the publisher's archive; the text gives none: see briefing_date_note
briefing_date_note = "as the publisher’s archive, erainstitute.org/2020/09/30/, lists it; the text gives none"
briefing_editors = "the editors"     # whose the book is: footer, PDF and EPUB metadata, title page, citations
briefing_fallback_date = "2020-09-16"  # the outputs' date outside git (in git: the last commit's)
briefing_keywords = ["Belarus", "Russia", "Lukashenka", "Putin"]  # the PDF's subjects, with "briefing book"
copyright = "the editors (briefing apparatus)"  # the op-ed gives no rights holder for its text
version = release = "1.0"

citation_oped = {"publisher": "Eurasian Research and Analysis Institute (ERA Institute)", "publisher_short": "ERA Institute",
                 "date": briefing_date, "year": "2020", "address": "https://erainstitute.org/does-putin-still-distrust-lukashenka/",
                 "date_note": briefing_date_note,
                 "date_short": "30 September 2020 by its archive"}  # {cite-this}; date_short: in the briefing's own
claims_headings = {"author": "The author’s own claims and judgments", "named": "Sources she names, or whose outlet she names",  # {claims-table}
                   "unnamed": "Sources she does not name", "reported": "Views and arguments she relates in her own words"}
epub_publisher = "ERA Institute (op-ed); the editors (briefing apparatus)"

# -- Build machinery -----------------------------------------------------------
diagram_cache_dir = "_build/.diagram-cache"           # shared by the HTML, PDF and EPUB builds
diagram_puppeteer_config = "puppeteer-config.json"    # Debian's Chromium, never a download
# A published anchor whose page moves keeps its old address: {"old/docname": "new-page.html"} (sphinx-reredirects).
redirects: dict[str, str] = {  # pages renamed to spell as their titles (reviews CX, CZ, DA)
    "sections/scepticism-in-moscow": "skepticism-close-to-the-kremlin.html",
    "sections/west-against-east": "courting-west-and-east.html", "glossary/organisations": "organizations.html",
    # ¶3 joined ¶2, whose reasons it goes on with, so that ¶8 has a page of its own: its old page leads to its heading
    "sections/wagner-affair": "reasons-for-distrust.html#sec-wagner-affair"}
