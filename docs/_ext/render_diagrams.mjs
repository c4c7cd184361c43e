// Render a batch of Mermaid diagrams with ONE headless Chromium (Debian's, via puppeteer-config.json).
//
// Called by docs/_ext/diagrams.py once per Sphinx build, and only when some diagram is not in
// the cache yet.  Reads a JSON request on stdin:
//   {"puppeteer": {...launch options...}, "launchLog": "<file>",
//    "jobs": [{"id": "<key>", "code": "<mermaid>", "svgId": "<id>", "svg": "<file>", "pdf": "<file>"}]}
// and writes {"results": [{"id", "ok", "error"}]} on stdout.  Each diagram is laid out by
// Mermaid once (mermaid-cli's renderMermaid) into SVG; the PDF is that same SVG printed by
// the same browser (links removed), so print and screen always match.  A diagram that does
// not parse is reported with Mermaid's own message; the others still render.  Each browser
// launch appends a line to launchLog, so builds and benchmarks can count them.
import { readFileSync } from "node:fs";
import fs from "node:fs/promises";
import { renderMermaid } from "@mermaid-js/mermaid-cli";
import puppeteer from "puppeteer";

const request = JSON.parse(readFileSync(0, "utf8"));
await fs.appendFile(request.launchLog, `${new Date().toISOString()} ${request.jobs.length} diagrams\n`);
const browser = await puppeteer.launch(request.puppeteer);

async function writeAtomically(path, data) {
  await fs.writeFile(`${path}.part`, data);
  await fs.rename(`${path}.part`, path); // never leave a half-written file in the cache
}

async function printToPdf(svg) {
  const page = await browser.newPage();
  try {
    // Links are for the web: in print each <a> becomes a plain <g>, keeping its transform.
    const printable = svg
      .replace(/<a\b[^>]*>/g, (a) => `<g${a.match(/\stransform="[^"]*"/)?.[0] ?? ""}>`)
      .replace(/<\/a>/g, "</g>");
    await page.setContent(`<!DOCTYPE html><html><body style="margin:0">${printable}</body></html>`);
    const box = await page.$eval("svg", (el) => {
      const r = el.getBoundingClientRect();
      return { width: Math.ceil(r.width), height: Math.ceil(r.height) };
    });
    return await page.pdf({ width: `${box.width}px`, height: `${box.height}px`, printBackground: true, pageRanges: "1-1" });
  } finally {
    await page.close();
  }
}

async function renderJob(job) {
  try {
    const { data } = await renderMermaid(browser, job.code, "svg", {
      backgroundColor: "white",
      fontEmbed: false,
      svgId: job.svgId,
    });
    const svg = new TextDecoder().decode(data);
    if (job.pdf) await writeAtomically(job.pdf, await printToPdf(svg));
    await writeAtomically(job.svg, svg);
    return { id: job.id, ok: true };
  } catch (err) {
    return { id: job.id, ok: false, error: String(err?.message ?? err) };
  }
}

// Two pages at a time: this machine has two cores.
const results = [];
const queue = [...request.jobs];
async function worker() {
  for (let job = queue.shift(); job; job = queue.shift()) results.push(await renderJob(job));
}
try {
  await Promise.all([worker(), worker()]);
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify({ results }));
