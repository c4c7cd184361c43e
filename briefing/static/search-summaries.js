/* Search result summaries from the article, never from the theme's chrome (loaded on search.html only).
 *
 * Sphinx 9.0's searchtools.js summarises a hit from the text at its anchor, else from [role="main"].
 * Two things go wrong with this book: an index entry's anchor is an empty <span id="mention-N">, so
 * the summary is null and `appendChild(null)` throws (one console error per hit); and the theme's
 * [role="main"] also holds the article header, so summaries began "System Settings Light Dark".
 * The anchored text if it has any, else the whole article: every hit gets a readable summary.
 */
"use strict";
Search.htmlToText = (htmlString, anchor) => {
  const doc = new DOMParser().parseFromString(htmlString, "text/html");
  doc.querySelectorAll(".headerlink, script, style").forEach((el) => el.remove());
  const article = doc.querySelector("article.bd-article") || doc.querySelector('[role="main"]');
  if (!article) return "";
  const target = anchor ? article.querySelector(anchor) : null;
  const text = target ? target.textContent.trim() : "";
  return text || article.textContent;
};
