# A tiny briefing book for the unit tests (tests/unit): another, invented op-ed with three body paragraphs.
extensions = ["briefing"]
briefing_source = "_data/op-ed.txt"
briefing_data = "_data"
briefing_anchors = "anchors.txt"
briefing_pdf = "harbour.pdf"
briefing_date = "March 2031"
copyright = "the unit tests"
