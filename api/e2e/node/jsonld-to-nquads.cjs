// Reads {"contexts": {url: text}, "origin": "http://host:port/",
// "documents": [{"id": …, "base": …, "body": text}]} on stdin and writes
// [{"id": …, "nquads": text} | {"id": …, "error": text}] on stdout: each
// document turned into N-Quads by jsonld.js, the reference JSON-LD
// processor, in safe mode (a term it would silently drop is an error).
// Remote documents come from the given contexts, or from origin (the ruche
// server under test); any other URL is refused, so nothing reaches the
// internet.
"use strict";
const jsonld = require("jsonld");

async function readStdin() {
  const chunks = [];
  for await (const c of process.stdin) {
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function loaderFor(contexts, origin) {
  return async function documentLoader(url) {
    if (Object.prototype.hasOwnProperty.call(contexts, url)) {
      return { contextUrl: null, documentUrl: url, document: JSON.parse(contexts[url]) };
    }
    if (typeof url === "string" && url.startsWith(origin)) {
      const res = await fetch(url, { headers: { Accept: "application/ld+json" } });
      if (!res.ok) {
        throw new Error("GET " + url + ": status " + res.status);
      }
      return { contextUrl: null, documentUrl: url, document: await res.json() };
    }
    throw new Error("refusing to load " + url + " (not ruche's)");
  };
}

async function main() {
  const input = JSON.parse(await readStdin());
  const documentLoader = loaderFor(input.contexts || {}, input.origin);
  const out = [];
  for (const d of input.documents) {
    try {
      const doc = JSON.parse(d.body);
      const nquads = await jsonld.toRDF(doc, {
        format: "application/n-quads",
        base: d.base,
        documentLoader,
        safe: true,
      });
      out.push({ id: d.id, nquads });
    } catch (e) {
      const details = e && e.details ? " " + JSON.stringify(e.details).slice(0, 400) : "";
      out.push({ id: d.id, error: String((e && e.message) || e) + details });
    }
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => {
  process.stderr.write(String((e && e.stack) || e) + "\n");
  process.exit(1);
});
