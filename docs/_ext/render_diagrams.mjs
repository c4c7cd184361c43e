// Render a batch of Mermaid diagrams with ONE headless Chromium (Debian's, via puppeteer-config.json).
//
//   node render_diagrams.mjs <puppeteer-config.json> <launch-log>
// Started by docs/_ext/diagrams.py at most once per Sphinx build: early, while Sphinx reads the
// pages, when the cache is empty; otherwise only once it is known that some diagram is missing.
// It launches the browser and loads Mermaid first, then reads the jobs on stdin:
//   {"jobs": [{"id": "<key>", "code": "<mermaid>", "svgId": "<id>", "svg": "<file>", "pdf": "<file>"}]}
// (an empty list just closes the browser) and writes {"results": [{"id", "ok", "error"}]} on stdout.
//
// Mermaid is loaded ONCE into one page, and lays out each diagram there (mermaid.render, as
// mermaid-cli does per diagram in a fresh page — which costs about a second each); the SVG is
// serialised as XML.  The PDF is that same SVG printed by the same browser (links removed), so
// print and screen always match.  A diagram that does not parse is reported with Mermaid's own
// message; the others still render.  Each launch appends a line to launchLog, for counting.
import { readFileSync } from "node:fs";
import fs from "node:fs/promises";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer";

const MERMAID = fileURLToPath(new URL("../../node_modules/mermaid/dist/mermaid.min.js", import.meta.url));
const [puppeteerConfig, launchLog] = process.argv.slice(2);
await fs.appendFile(launchLog, `${new Date().toISOString()} browser launch\n`);
const browser = await puppeteer.launch(JSON.parse(readFileSync(puppeteerConfig, "utf8")));

async function writeAtomically(path, data) {
  await fs.writeFile(`${path}.part`, data);
  await fs.rename(`${path}.part`, path); // never leave a half-written file in the cache
}

async function layOut(page, job) {
  return page.evaluate(async ({ code, svgId }) => {
    const container = document.getElementById("container");
    try {
      const { svg } = await window.mermaid.render(svgId, code, container);
      container.innerHTML = svg;
      const element = container.querySelector("svg");
      element.style.backgroundColor = "white";
      return { svg: new XMLSerializer().serializeToString(element) }; // valid XML: <br/>, not <br>
    } catch (err) {
      return { error: String(err?.message ?? err) };
    } finally {
      container.innerHTML = "";
      document.getElementById(`d${svgId}`)?.remove(); // Mermaid's scratch element after an error
    }
  }, job);
}

async function printToPdf(page, svg) {
  // Links are for the web: in print each <a> becomes a plain <g>, keeping its transform.
  const printable = svg
    .replace(/<a\b[^>]*>/g, (a) => `<g${a.match(/\stransform="[^"]*"/)?.[0] ?? ""}>`)
    .replace(/<\/a>/g, "</g>");
  await page.setContent(`<!DOCTYPE html><html><body style="margin:0">${printable}</body></html>`);
  const box = await page.$eval("svg", (el) => {
    const r = el.getBoundingClientRect();
    return { width: Math.ceil(r.width), height: Math.ceil(r.height) };
  });
  return page.pdf({ width: `${box.width}px`, height: `${box.height}px`, printBackground: true, pageRanges: "1-1" });
}

const results = [];
try {
  const mermaidPage = await browser.newPage();
  await mermaidPage.setContent('<!DOCTYPE html><html><body><div id="container"></div></body></html>');
  await mermaidPage.addScriptTag({ path: MERMAID });
  await mermaidPage.evaluate(() => window.mermaid.initialize({ startOnLoad: false }));
  const printPage = await browser.newPage();
  const { jobs } = JSON.parse(readFileSync(0, "utf8") || '{"jobs": []}'); // waits for Sphinx
  for (const job of jobs) {
    const { svg, error } = await layOut(mermaidPage, job);
    if (error) {
      results.push({ id: job.id, ok: false, error });
      continue;
    }
    if (job.pdf) await writeAtomically(job.pdf, await printToPdf(printPage, svg));
    await writeAtomically(job.svg, svg);
    results.push({ id: job.id, ok: true });
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify({ results }));
