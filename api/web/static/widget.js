/* ruche partner widget. Include it with
     <script src="https://HOST/widget.js" async></script>
     <div class="ruche-chantier" data-ruche-resource="https://HOST/id/chantiers/SLUG"
          data-lang="fr"></div>
   For each such element it fetches the resource's JSON-LD (Accept:
   application/ld+json, CORS, no credentials) and builds a small card with
   DOM APIs and textContent only: data never becomes markup or script.
   Links are set only for http(s) URLs. No dependencies, no cookies, no
   third-party calls. */
(function () {
  "use strict";
  var SELECTOR = ".ruche-chantier[data-ruche-resource]";
  var STYLE_ID = "ruche-widget-style";
  var CSS =
    ".ruche-card{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;color:#1b1f23;" +
    "border:1px solid #d5dde3;border-radius:8px;padding:12px 14px;margin:0 0 12px;max-width:480px;background:#fff}" +
    ".ruche-card h3{font-size:1.1em;margin:0 0 4px}.ruche-card h3 a{color:#003e61}" +
    ".ruche-card .ruche-kinds{margin:0 0 6px;color:#4a5560;font-size:.9em}" +
    ".ruche-card p{margin:0 0 6px}.ruche-card .ruche-more{font-size:.9em}";

  function lang(el) {
    var l = el.getAttribute("data-lang") || document.documentElement.lang || "fr";
    return l.toLowerCase().indexOf("en") === 0 ? "en" : "fr";
  }

  // text picks a display string from a JSON-LD value: a string, a language
  // map {"fr": …, "en": …}, a value object {"@value": …, "@language": …},
  // or an array of any of these. The wanted language wins, then French,
  // then the first string found.
  function text(v, want) {
    var found = {};
    var first = null;
    function visit(x, tag) {
      if (x === null || x === undefined) {
        return;
      }
      if (typeof x === "string" || typeof x === "number") {
        var s = String(x);
        if (first === null) {
          first = s;
        }
        if (tag && !(tag in found)) {
          found[tag] = s;
        }
        return;
      }
      if (Array.isArray(x)) {
        for (var i = 0; i < x.length; i++) {
          visit(x[i], tag);
        }
        return;
      }
      if (typeof x === "object") {
        if ("@value" in x) {
          visit(x["@value"], (x["@language"] || tag || "").toLowerCase());
          return;
        }
        for (var k in x) {
          if (Object.prototype.hasOwnProperty.call(x, k) && k.charAt(0) !== "@") {
            visit(x[k], k.toLowerCase());
          }
        }
      }
    }
    visit(v, "");
    for (var t in found) {
      if (t === want || t.indexOf(want + "-") === 0) {
        return found[t];
      }
    }
    if (found.fr !== undefined) {
      return found.fr;
    }
    return first;
  }

  // pick returns the first defined property among names (plain or prefixed).
  function pick(node, names) {
    for (var i = 0; i < names.length; i++) {
      if (node[names[i]] !== undefined) {
        return node[names[i]];
      }
    }
    return undefined;
  }

  // find returns the node describing iri in a JSON-LD document: the
  // document itself, or a member of @graph.
  function find(doc, iri) {
    if (!doc || typeof doc !== "object") {
      return null;
    }
    var graph = Array.isArray(doc) ? doc : doc["@graph"];
    if (Array.isArray(graph)) {
      for (var i = 0; i < graph.length; i++) {
        var n = graph[i];
        if (n && (n["@id"] === iri || n.id === iri)) {
          return n;
        }
      }
      return graph.length ? graph[0] : null;
    }
    return doc;
  }

  function safeURL(u) {
    if (typeof u !== "string") {
      return null;
    }
    try {
      var p = new URL(u, window.location.href);
      return p.protocol === "https:" || p.protocol === "http:" ? p.href : null;
    } catch (e) {
      return null;
    }
  }

  // kindLabel turns a kind IRI or object into a label: its name if the
  // document embeds one, otherwise the last path segment of the IRI.
  function kindLabel(k, want) {
    if (k && typeof k === "object") {
      var l = text(pick(k, ["name", "prefLabel", "schema:name", "skos:prefLabel"]), want);
      if (l) {
        return l;
      }
      k = k["@id"] || k.id;
    }
    if (typeof k !== "string") {
      return null;
    }
    var seg = k.replace(/[\/#]+$/, "").split(/[\/#]/).pop();
    try {
      return decodeURIComponent(seg).replace(/-/g, " ");
    } catch (e) {
      return seg;
    }
  }

  function el(tag, cls, txt) {
    var e = document.createElement(tag);
    if (cls) {
      e.className = cls;
    }
    if (txt !== undefined && txt !== null) {
      e.textContent = txt;
    }
    return e;
  }

  function render(host, node, iri, want) {
    var name = text(pick(node, ["name", "schema:name", "http://schema.org/name"]), want) || iri;
    var def = text(pick(node, ["description", "initialDefinition", "schema:description", "radn:initialDefinition"]), want);
    var kinds = pick(node, ["kind", "radn:kind", "additionalType"]);
    var href = safeURL(text(pick(node, ["url", "schema:url", "mainEntityOfPage"]), want)) || safeURL(iri);

    var card = el("div", "ruche-card");
    var h = el("h3");
    if (href) {
      var a = el("a", null, name);
      a.href = href;
      a.rel = "noopener";
      h.appendChild(a);
    } else {
      h.textContent = name;
    }
    card.appendChild(h);
    if (kinds !== undefined) {
      var labels = [];
      (Array.isArray(kinds) ? kinds : [kinds]).forEach(function (k) {
        var l = kindLabel(k, want);
        if (l) {
          labels.push(l);
        }
      });
      if (labels.length) {
        card.appendChild(el("p", "ruche-kinds", labels.join(" · ")));
      }
    }
    if (def) {
      card.appendChild(el("p", null, def));
    }
    if (href) {
      var more = el("a", "ruche-more", want === "en" ? "See the chantier" : "Voir le chantier");
      more.href = href;
      more.rel = "noopener";
      var p = el("p");
      p.appendChild(more);
      card.appendChild(p);
    }
    while (host.firstChild) {
      host.removeChild(host.firstChild);
    }
    host.appendChild(card);
  }

  function load(host) {
    if (host.getAttribute("data-ruche-done")) {
      return;
    }
    host.setAttribute("data-ruche-done", "1");
    var iri = host.getAttribute("data-ruche-resource");
    var url = safeURL(iri);
    if (!url) {
      return;
    }
    var want = lang(host);
    fetch(url, { headers: { Accept: "application/ld+json" }, mode: "cors", credentials: "omit" })
      .then(function (res) {
        if (!res.ok) {
          throw new Error(String(res.status));
        }
        return res.json();
      })
      .then(function (doc) {
        var node = find(doc, iri);
        if (node) {
          render(host, node, iri, want);
        }
      })
      .catch(function () {
        // Leave the partner's fallback content in place.
      });
  }

  function start() {
    if (!document.getElementById(STYLE_ID)) {
      var st = el("style", null, CSS);
      st.id = STYLE_ID;
      document.head.appendChild(st);
    }
    var hosts = document.querySelectorAll(SELECTOR);
    for (var i = 0; i < hosts.length; i++) {
      load(hosts[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
