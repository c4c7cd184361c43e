// Render a batch of Mermaid diagrams with ONE headless Chromium (Debian's, via puppeteer-config.json).
//
// Called by docs/_ext/diagrams.py once per Sphinx build, and only when some diagram is not
// in the cache yet.  Reads a JSON job list on stdin:
//   {"puppeteer": {...launch options...}, "launchLog": "<file>",
//    "jobs": [{"id": "<key>", "code": "<mermaid>", "svgId": "<id>",
//              "outputs": [{"format": "svg"|"pdf", "path": "<file>"}]}]}
// and writes {"results": [{"id", "ok", "error"}]} on stdout.  A diagram that does not parse
// is reported with Mermaid's own message; the others still render.  Each browser launch
// appends a line to launchLog, so builds and benchmarks can count them.
import fs from "node:fs/promises";
import { readFileSync } from "node:fs";
import { renderMermaid } from "@mermaid-js/mermaid-cli";
import puppeteer from "puppeteer";

const request = JSON.parse(readFileSync(0, "utf8"));
await fs.appendFile(request.launchLog, `${new Date().toISOString()} ${request.jobs.length} jobs\n`);
const browser = await puppeteer.launch(request.puppeteer);

async function renderJob(job) {
  try {
    for (const output of job.outputs) {
      const { data } = await renderMermaid(browser, job.code, output.format, {
        backgroundColor: "white",
        fontEmbed: false,
        svgId: job.svgId,
      });
      const partial = `${output.path}.part`;
      await fs.writeFile(partial, data);
      await fs.rename(partial, output.path); // never leave a half-written file in the cache
    }
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
