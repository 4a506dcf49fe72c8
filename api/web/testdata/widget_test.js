// Tests for static/widget.js under Node.js with a minimal fake DOM.
// Run: node testdata/widget_test.js static/widget.js
"use strict";
const fs = require("fs");
const vm = require("vm");
const assert = require("assert");

const src = fs.readFileSync(process.argv[2], "utf8");
let created = [];

class El {
  constructor(tag) {
    this.tagName = tag.toUpperCase();
    this.children = [];
    this.attrs = {};
    this._text = "";
    this.className = "";
    created.push(this);
  }
  get firstChild() { return this.children[0] || null; }
  appendChild(c) { this.children.push(c); c.parentNode = this; return c; }
  removeChild(c) { this.children = this.children.filter((x) => x !== c); return c; }
  setAttribute(k, v) { this.attrs[k] = String(v); }
  getAttribute(k) { return k in this.attrs ? this.attrs[k] : null; }
  set textContent(v) { this.children = []; this._text = String(v); }
  get textContent() { return this._text + this.children.map((c) => c.textContent).join(""); }
  set innerHTML(v) { throw new Error("innerHTML used"); }
  find(tag) {
    if (this.tagName === tag) return this;
    for (const c of this.children) { const f = c.find(tag); if (f) return f; }
    return null;
  }
  all(tag) {
    return (this.tagName === tag ? [this] : []).concat(...this.children.map((c) => c.all(tag)));
  }
}

async function run(name, doc, attrs, check, wantRequests = 1) {
  created = [];
  const host = new El("div");
  host.className = "ruche-chantier";
  for (const [k, v] of Object.entries(attrs)) host.setAttribute(k, v);
  const requests = [];
  const document = {
    readyState: "complete",
    documentElement: { lang: "fr" },
    head: new El("head"),
    createElement: (t) => new El(t),
    getElementById: () => null,
    querySelectorAll: () => [host],
    addEventListener: () => {},
  };
  const window = { location: { href: "https://partner.example/page" } };
  const fetch = (url, opts) => {
    requests.push({ url, opts });
    return Promise.resolve({ ok: true, status: 200, json: () => Promise.resolve(doc) });
  };
  vm.runInNewContext(src, { document, window, fetch, URL, console });
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  try {
    assert.strictEqual(requests.length, wantRequests, "requests");
    for (const r of requests) {
      assert.strictEqual(r.opts.headers.Accept, "application/ld+json");
      assert.strictEqual(r.opts.credentials, "omit");
    }
    assert.ok(!created.some((e) => ["SCRIPT", "IMG", "IFRAME"].includes(e.tagName)), "no markup from data");
    check(host);
    console.log("ok " + name);
  } catch (e) {
    console.log("FAIL " + name + ": " + e.message);
    process.exitCode = 1;
  }
}

const IRI = "https://data.example.org/id/chantiers/culture-des-donnees";
const evil = '<img src=x onerror=alert(1)></script><script>alert(2)</script>';

(async () => {
  await run("page profile, hostile name", {
    "@context": "https://schema.org", "@type": ["Project", "Organization"], "@id": IRI,
    name: evil, description: "Définition & <b>texte</b>",
    url: "https://data.example.org/chantiers/culture-des-donnees",
    additionalType: ["https://w3id.org/radn/concept/type-chantier/expertise"],
  }, { "data-ruche-resource": IRI }, (host) => {
    const a = host.find("A");
    assert.strictEqual(a.textContent, evil);
    assert.strictEqual(a.href, "https://data.example.org/chantiers/culture-des-donnees");
    assert.ok(host.textContent.includes("Définition & <b>texte</b>"));
    assert.ok(host.textContent.includes("expertise"));
  });

  await run("API profile, language maps, English wanted", {
    "@context": "https://w3id.org/radn/context/v1", id: IRI, type: ["Chantier"],
    name: { fr: "Culture des données", en: "Data culture" },
    initialDefinition: { fr: "S’approprier les concepts liés aux données." },
    kind: ["https://w3id.org/radn/concept/type-chantier/mutualisation"],
    url: "javascript:alert(1)",
  }, { "data-ruche-resource": IRI, "data-lang": "en" }, (host) => {
    const a = host.find("A");
    assert.strictEqual(a.textContent, "Data culture");
    assert.strictEqual(a.href, IRI, "javascript: url rejected, falls back to the IRI");
    assert.ok(host.textContent.includes("S’approprier"), "French definition when no English");
    assert.ok(host.textContent.includes("mutualisation"));
  });

  await run("array of @value objects inside @graph", {
    "@graph": [
      { "@id": "https://other.example/x", name: "Autre" },
      { "@id": IRI, name: [{ "@value": "Name", "@language": "en" }, { "@value": "Nom", "@language": "fr" }],
        description: [{ "@value": "Desc" }] },
    ],
  }, { "data-ruche-resource": IRI }, (host) => {
    assert.strictEqual(host.find("A").textContent, "Nom");
    assert.ok(host.textContent.includes("Desc"));
  });

  await run("non-http resource is not fetched", {}, { "data-ruche-resource": "javascript:alert(1)" }, (host) => {
    assert.strictEqual(host.children.length, 0);
  }, 0);
})();
