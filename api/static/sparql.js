// The SPARQL query page: YASGUI on this server's endpoint, with the catalogue as examples.
// A file, not an inline <script>: the page's Content-Security-Policy allows scripts from 'self' only.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("sq-data").textContent);
  var byName = {};
  data.examples.forEach(function (ex) { byName[ex.name] = ex; });
  var endpoint = new URL("/sparql", window.location.href).href;
  // Everything stays on this server: no prefix.cc, no endpoint catalogue, no saved state.
  Yasgui.Yasqe.defaults.autocompleters = ["variables", "prefixes"];
  var first = data.examples[0];
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST", acceptHeaderSelect: "application/sparql-results+json", acceptHeaderGraph: "text/turtle" },
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    populateFromUrl: false,
    yasqe: { prefixCcApi: null, value: first ? first.query : "SELECT * WHERE { ?s ?p ?o } LIMIT 10" },
    yasr: { prefixes: data.prefixes }
  });
  window.yasgui = yasgui;
  window.dtkgSparql = {
    open: function (name) {
      var ex = byName[name];
      if (!ex) { return null; }
      var tab = yasgui.addTab(true, { name: ex.title, yasqe: { value: ex.query } });
      return tab.query();
    }
  };
  document.getElementById("sq-examples").addEventListener("click", function (event) {
    var button = event.target.closest("button[data-example]");
    if (button) { window.dtkgSparql.open(button.getAttribute("data-example")); }
  });
})();
