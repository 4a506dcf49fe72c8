/* ruche: starts YASGUI on the SPARQL page. Reads its settings from the
   <script type="application/json" id="ruche-sparql-config"> block, so the
   page needs no inline script. Everything stays on this server: the endpoint
   is the local one, the prefix.cc lookup is off (prefixCcApi), and the LOV
   class/property autocompleters, which call lov.linkeddata.es, are removed. */
(function () {
  "use strict";
  var cfgEl = document.getElementById("ruche-sparql-config");
  var root = document.getElementById("yasgui");
  if (!cfgEl || !root || typeof window.Yasgui !== "function") {
    return; // no YASGUI: the plain form stays visible
  }
  var cfg;
  try {
    cfg = JSON.parse(cfgEl.textContent);
  } catch (e) {
    return;
  }
  var endpoint = new URL(cfg.endpoint || "/sparql", window.location.href).href;
  var Yasgui = window.Yasgui;
  Yasgui.Yasqe.defaults.autocompleters = Yasgui.Yasqe.defaults.autocompleters.filter(function (name) {
    return name !== "class" && name !== "property";
  });
  Yasgui.Yasqe.defaults.prefixCcApi = null;
  document.documentElement.classList.add("has-js");

  // Query errors in the page's language: the endpoint answers RFC 9457
  // problem documents (in English); the title is translated from the page's
  // messages, the server's detail follows as a technical detail.
  var msg = cfg.messages || {};
  if (Yasgui.Yasr && Yasgui.Yasr.defaults) {
    var others = Yasgui.Yasr.defaults.errorRenderers || [];
    Yasgui.Yasr.defaults.errorRenderers = [function (err) {
      var p;
      try {
        p = JSON.parse((err && err.text) || "");
      } catch (e) {
        return undefined;
      }
      if (!p || typeof p.status !== "number") {
        return undefined;
      }
      var title = /query-syntax$/.test(p.type || "") ? msg["sparql.syntax"] : (msg["status." + p.status] || msg["sparql.error"]);
      if (p.line && msg["sparql.position"]) {
        title += " (" + msg["sparql.position"].replace("%d", String(p.line)).replace("%d", String(p.column || 0)) + ")";
      }
      var box = document.createElement("div");
      box.className = "error-box ruche-query-error";
      box.setAttribute("role", "alert");
      var head = document.createElement("p");
      var strong = document.createElement("strong");
      strong.textContent = title || String(p.status);
      head.appendChild(strong);
      box.appendChild(head);
      if (p.detail) {
        var d = document.createElement("p");
        d.className = "meta";
        d.appendChild(document.createTextNode((msg["error.detail"] || "") + (msg.colon || ": ")));
        var span = document.createElement("span");
        span.lang = "en";
        span.textContent = p.detail;
        d.appendChild(span);
        box.appendChild(d);
      }
      return box;
    }].concat(others);
  }

  var yasgui = new Yasgui(root, {
    requestConfig: { endpoint: endpoint, method: "GET" },
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    copyEndpointOnNewTab: true,
    populateFromUrl: false,
    persistenceId: null,
    autofocus: false,
    yasqe: { value: cfg.query || "" }
  });

  // withEditor calls fn with the active tab once its editor exists (YASGUI
  // creates it when the tab is first drawn).
  function withEditor(fn, tries) {
    var tab = yasgui.getTab();
    if (tab && tab.getYasqe && tab.getYasqe()) {
      fn(tab);
    } else if ((tries || 0) < 40) {
      setTimeout(function () { withEditor(fn, (tries || 0) + 1); }, 50);
    }
  }

  // Results from the server (no-JS path) are replaced by YASGUI's.
  var fallback = document.getElementById("ruche-fallback-results");
  if (fallback && cfg.run) {
    fallback.hidden = true;
  }
  if (cfg.run) {
    withEditor(function (tab) {
      tab.query().catch(function () { /* YASR shows the error */ });
    });
  }

  // Example links load the query into the editor and run it.
  document.querySelectorAll("a[data-example]").forEach(function (a) {
    a.addEventListener("click", function (ev) {
      var ex = cfg.examples && cfg.examples[Number(a.getAttribute("data-example"))];
      if (!ex) {
        return;
      }
      ev.preventDefault();
      withEditor(function (t) {
        t.setQuery(ex.query);
        t.query().catch(function () {});
      });
      if (window.history && window.history.replaceState) {
        window.history.replaceState(null, "", a.href);
      }
    });
  });

  // CSV download: the same query, asking the endpoint for text/csv.
  var csv = document.getElementById("ruche-csv");
  if (csv) {
    csv.addEventListener("click", function () {
      var tab = yasgui.getTab();
      var q = tab && tab.getYasqe && tab.getYasqe() ? tab.getQuery() : cfg.query || "";
      var url = endpoint + (endpoint.indexOf("?") < 0 ? "?" : "&") + "query=" + encodeURIComponent(q);
      fetch(url, { headers: { Accept: "text/csv" } })
        .then(function (res) {
          if (!res.ok) {
            throw new Error(res.status + " " + res.statusText);
          }
          return res.blob();
        })
        .then(function (blob) {
          var a = document.createElement("a");
          a.href = URL.createObjectURL(blob);
          a.download = cfg.csvFilename || "results.csv";
          document.body.appendChild(a);
          a.click();
          setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
        })
        .catch(function (err) {
          window.alert("CSV : " + err.message);
        });
    });
  }
})();
