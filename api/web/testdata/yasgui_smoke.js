// Smoke test of the SPARQL page with the vendored YASGUI, in jsdom.
// Usage: NODE_PATH=/path/to/node_modules node testdata/yasgui_smoke.js PAGE.html STATIC_DIR
// (jsdom 24 works with Node 20). Checks that YASGUI starts with the page's
// query, runs it against the local endpoint only, and that nothing is
// requested from another host.
"use strict";
const fs = require("fs");
const path = require("path");
const assert = require("assert");
const { JSDOM, VirtualConsole } = require("jsdom");

const [page, staticDir] = process.argv.slice(2);
const origin = "https://data.example.org";
const html = fs.readFileSync(page, "utf8").replace(/<script src="[^"]*" defer><\/script>/g, "");
const vc = new VirtualConsole();
const dom = new JSDOM(html, { url: origin + "/sparql?query=x", runScripts: "outside-only", pretendToBeVisual: true, virtualConsole: vc });
const w = dom.window;
const requests = [];
// jsdom has no Request; YASGUI only builds one to pass it to fetch.
w.Request = class { constructor(u, o) { this.url = String(u); this.init = o || {}; } };
w.fetch = (req, init) => {
  requests.push({ url: req.url || String(req), headers: (req.init || init || {}).headers });
  return new Promise(() => {});
};
const open = w.XMLHttpRequest.prototype.open;
w.XMLHttpRequest.prototype.open = function (m, u) { requests.push({ url: String(u) }); return open.apply(this, arguments); };
w.XMLHttpRequest.prototype.send = function () {};
w.document.createRange = () => ({ setEnd() {}, setStart() {}, getBoundingClientRect() { return { right: 0 }; }, getClientRects() { return { length: 0 }; } });

w.eval(fs.readFileSync(path.join(staticDir, "vendor/yasgui/yasgui.min.js"), "utf8"));
w.eval(fs.readFileSync(path.join(staticDir, "sparql.js"), "utf8").replace("var yasgui = new Yasgui", "var yasgui = window.__yasgui = new Yasgui"));

const cfg = JSON.parse(w.document.getElementById("ruche-sparql-config").textContent);
setTimeout(() => {
  try {
    assert.strictEqual(typeof w.Yasgui, "function", "YASGUI loaded");
    assert.ok(w.document.documentElement.classList.contains("has-js"), "has-js set");
    const ac = w.Yasgui.Yasqe.defaults.autocompleters;
    assert.ok(!ac.includes("class") && !ac.includes("property"), "LOV autocompleters removed: " + ac);
    const tab = w.__yasgui.getTab();
    assert.ok(tab && tab.getYasqe(), "editor created");
    assert.strictEqual(tab.getQuery(), cfg.query, "editor starts with the page's query");
    assert.strictEqual(tab.getEndpoint(), origin + cfg.endpoint, "local endpoint");
    if (cfg.run) {
      assert.ok(requests.length >= 1, "query run at load");
    }
    for (const r of requests) {
      assert.ok(r.url.startsWith(origin + cfg.endpoint + "?"), "request to another place: " + r.url);
    }
    const foreign = [...w.document.querySelectorAll("link[href],script[src],img[src],iframe[src]")]
      .map((e) => e.href || e.src).filter((u) => !u.startsWith(origin + "/"));
    assert.deepStrictEqual(foreign, [], "foreign resources in the DOM");
    console.log("ok yasgui: query " + (cfg.run ? "run" : "loaded") + ", " + requests.length + " request(s), all local");
    process.exit(0);
  } catch (e) {
    console.log("FAIL yasgui: " + e.message);
    process.exit(1);
  }
}, 1500);
