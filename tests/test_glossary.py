"""Actor glossaries: enough entries, each linked from the text, each listing exactly where it is mentioned."""

from collections import defaultdict

from conftest import pages, redirect_stub, soup
from briefing import anchors

GLOSSARIES = ("people", "organisations", "places-terms")  # the categories of actors.yaml
PAGE = {"organisations": "organizations"}  # a glossary's page, where it is not named as its category
MUST_HAVE = ["Vladimir Putin", "Alexander Lukashenka", "Svetlana Tikhanovskaya", "Paul Goble", "Navalny",
             "Ksenia Kirillova", "Wagner", "Belarusian KGB", "Security Service of Ukraine", "European Parliament",
             "European Union", "Coordination Council", "Vzglyad", "ERA Institute"]


def entries(book):
    """{headword: (glossary page, term ids of all its spellings, <dd>)} for the three glossaries."""
    out = {}
    for name in GLOSSARIES:
        page = book.html / "glossary" / f"{PAGE.get(name, name)}.html"
        for dd in soup(page).select("dl.glossary > dd"):
            terms = []
            for dt in dd.find_previous_siblings():
                if dt.name != "dt":
                    break
                terms.insert(0, dt)
            for link in terms[0].select("a.headerlink"):
                link.extract()
            out[terms[0].get_text().strip()] = (page, {dt["id"] for dt in terms}, dd)
    return out


def links_from_text(book):
    """{glossary term id: set of pages linking it}, from every page but the glossaries."""
    found = defaultdict(set)
    for page in pages(book.html):
        if page.parent.name == "glossary" or page.name in ("genindex.html", "search.html", "linking.html"):
            continue
        for a in soup(page).select('main a[href*="glossary/"][href*="#term-"]'):
            found[a["href"].split("#")[1]].add(page.relative_to(book.html).as_posix())
    return found


def test_at_least_twenty_entries_in_three_glossaries(book, actors):
    assert set(actors) == set(GLOSSARIES)
    assert len(entries(book)) >= 20
    assert set(entries(book)) == {entry["name"] for category in actors.values() for entry in category}


def test_every_named_actor_has_an_entry(book):
    assert set(MUST_HAVE) <= set(entries(book)), set(MUST_HAVE) - set(entries(book))


def test_every_entry_is_linked_from_the_text(book):
    linked = links_from_text(book)
    unlinked = [headword for headword, (_, ids, _) in entries(book).items() if not ids & set(linked)]
    assert not unlinked


def test_every_section_links_to_the_glossary(book):
    for page in (p for p in (book.html / "sections").glob("*.html") if not redirect_stub(p)):
        assert soup(page).select('div.oped-body a[href*="../glossary/"]'), page.name


def test_mentioned_in_lists_exactly_the_pages_that_link_the_entry(book):
    linked = links_from_text(book)
    for headword, (page, ids, dd) in entries(book).items():
        field = next(f for f in dd.select("dt") if f.get_text().strip().startswith("Mentioned in"))
        listed = {(page.parent / a["href"].split("#")[0]).resolve().relative_to(book.html.resolve()).as_posix()
                  for a in field.find_next_sibling("dd").select("a")}
        assert listed == set().union(*(linked[i] for i in ids)), headword


def test_entries_show_variants_and_related(book):
    _, _, dd = entries(book)["Alexander Lukashenka"]
    text = dd.get_text()
    assert "Aleksandr Lukashenka" in text and "Lukashenko" in text and "Related" in text


def test_mentioned_in_lands_at_the_heading_of_each_part_that_mentions_it(book):
    """A page in *Mentioned in* is linked at the heading each of its mentions sits under (the home page's *At a
    glance*), not at the top of the page: in the PDF the home page's top is the title page (review BG).  Each part
    of a page that mentions the entry is listed, in order: only the first was, so ¶8's resolution, under a heading
    of its own, was printed with ¶7's page (review DW) and the home page's later parts were missing."""
    anchored = 0
    for headword, (page, ids, dd) in entries(book).items():
        field = next(f for f in dd.select("dt") if f.get_text().strip().startswith("Mentioned in"))
        listed: dict[str, list[str]] = {}
        for link in field.find_next_sibling("dd").select("a:not(.oped-ref)"):
            target, _, fragment = link["href"].partition("#")
            listed.setdefault(target, []).append(fragment)
        for target, fragments in listed.items():
            expected: list[str] = []
            for mention in soup(page.parent / target).select('main a[href*="#term-"]'):
                if mention["href"].split("#")[1] in ids:
                    heading = mention.find_previous(["h1", "h2", "h3"])
                    part = "" if heading.name == "h1" else heading.get("id") or heading.find_parent("section")["id"]
                    expected += [part] if part not in expected else []
            assert fragments == expected, (headword, target, fragments, expected)
            anchored += sum(map(bool, fragments))
    assert anchored >= 10, "few mentions sit under a heading of their page: the test would prove little"


def test_mentioned_in_names_the_home_pages_parts_as_print_does(book):
    """The home page's parts are named by their headings, its opening "Front matter", on the web as in print: the web
    said "Home page: At a glance" where the PDF says "At a glance" (review EY: one place, three names)."""
    home = soup(book.html / "index.html")
    headings = {" ".join(h.get_text(" ").replace("#", "").split()) for h in home.select("main h2, main h3, main p.rubric")}
    named = [" ".join(link.get_text(" ").split()) for _, (_, _, dd) in entries(book).items()
             for field in dd.select("dt") if field.get_text().strip().startswith("Mentioned in")
             for link in field.find_next_sibling("dd").select("a:not(.oped-ref)")
             if link["href"].partition("#")[0].endswith("index.html")]
    assert named and all(name in headings | {anchors.OPENING} for name in named), (sorted(set(named)), headings)
    assert anchors.OPENING in named, "an entry mentioned in the opening (the author, in its byline)"


def test_the_sources_she_does_not_name_are_listed_apart_from_the_organisations(book):
    """"According to one version" is no organisation (review BW): the organisations page lists the actors of the
    unnamed sources, as the attribution records them, under a heading of their own, and only there."""
    page = soup(book.html / "glossary" / "organizations.html")
    apart = page.select_one("section#gloss-unnamed-sources")
    assert apart and "Sources she does not name" in apart.select_one("h2").get_text()
    unnamed = {dt["id"] for dt in apart.select("dl.glossary > dt")}
    assert {"term-one-version", "term-Russian-side", "term-experts-close-to-the-Kremlin"} <= unnamed
    organisations = {dt["id"] for dt in page.select("section#gloss-organizations > dl.glossary > dt, "
                                                    "section#gloss-organizations > div > dl.glossary > dt")}
    assert "term-Vzglyad" in organisations and "term-Wagner" in organisations and not organisations & unnamed
