/* The SPARQL editor's permalinks and named-query parameters.
 *
 * - /sparql?query=… opened in a browser loads that query into the editor and runs it;
 *   the address bar and the "Link to this query" follow the query in the editor, so
 *   copying either reproduces it (WDQS-style).
 * - A named query with parameters is not run with its variables unbound: a form asks for
 *   them (typed fields, required ones marked) and runs /api/queries/{name}, which checks
 *   and binds them exactly as the REST API does; its error names a missing parameter.
 */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("sq-data").textContent);
  var byName = {};
  data.examples.forEach(function (ex) { byName[ex.name] = ex; });
  var yasgui = window.yasgui;
  if (!yasgui) { return; }

  function permalink(query) { return "/sparql?query=" + encodeURIComponent(query); }

  function follow() {
    var tab = yasgui.getTab();
    if (!tab) { return; }
    var link = permalink(tab.getYasqe().getValue());
    var share = document.getElementById("sq-share");
    share.href = link;
    share.textContent = link.length > 90 ? link.slice(0, 87) + "…" : link;
    window.history.replaceState(null, "", link);
  }

  function watch(tab) {
    var yasqe = tab.getYasqe();
    yasqe.on("change", follow);
    yasqe.on("query", follow);
  }

  yasgui.on("tabSelect", function () { window.setTimeout(function () { watch(yasgui.getTab()); follow(); }, 0); });
  yasgui.on("tabAdd", function () { window.setTimeout(function () { watch(yasgui.getTab()); follow(); }, 0); });

  if (data.initial) {
    var tab = yasgui.addTab(true, { name: "Shared query", yasqe: { value: data.initial } });
    watch(tab);
    follow();
    tab.query();
  } else {
    watch(yasgui.getTab());
    follow();
  }

  // --- named queries with parameters -------------------------------------------------------
  var form = document.getElementById("sq-params");
  var fields = document.getElementById("sq-params-fields");
  var problem = document.getElementById("sq-params-error");
  var results = document.getElementById("sq-params-results");

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function ask(ex) {
    form.dataset.query = ex.name;
    document.getElementById("sq-params-title").textContent = ex.title;
    fields.textContent = "";
    results.textContent = "";
    problem.hidden = true;
    ex.params.forEach(function (p) {
      var id = "sq-param-" + p.name;
      var label = el("label", { "for": id });
      label.appendChild(el("code", {}, p.name));
      label.appendChild(document.createTextNode(" (" + p.type + (p.required ? ", required" : ", optional") + ")"));
      var input = el("input", { id: id, name: p.name, type: p.type === "integer" ? "number" : "text", placeholder: p.help || "" });
      if (p.required) { input.setAttribute("aria-required", "true"); }
      var row = el("div", { "class": "sq-param" });
      row.appendChild(label);
      row.appendChild(input);
      if (p.help) { row.appendChild(el("div", { "class": "muted" }, p.help)); }
      fields.appendChild(row);
    });
    form.hidden = false;
    var tab = yasgui.addTab(true, { name: ex.title, yasqe: { value: ex.query } });
    watch(tab);
    follow();
    var first = fields.querySelector("input");
    if (first) { first.focus(); }
  }

  function table(body) {
    var vars = body.head.vars || [];
    var t = el("table", { "class": "browse", id: "sq-params-table" });
    var head = el("tr");
    vars.forEach(function (v) { head.appendChild(el("th", {}, v)); });
    t.appendChild(el("thead")).appendChild(head);
    var tbody = t.appendChild(el("tbody"));
    body.results.bindings.forEach(function (b) {
      var tr = el("tr");
      vars.forEach(function (v) { tr.appendChild(el("td", {}, b[v] ? b[v].value : "")); });
      tbody.appendChild(tr);
    });
    return t;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var params = new URLSearchParams();
    fields.querySelectorAll("input").forEach(function (i) { if (i.value.trim()) { params.set(i.name, i.value.trim()); } });
    problem.hidden = true;
    results.textContent = "";
    fetch("/api/queries/" + encodeURIComponent(form.dataset.query) + "?" + params.toString(), {
      headers: { Accept: "application/sparql-results+json" }
    }).then(function (r) {
      return r.json().then(function (body) { return { ok: r.ok, body: body }; });
    }).then(function (answer) {
      if (!answer.ok) {
        problem.textContent = answer.body.detail || "the query could not run";
        problem.hidden = false;
        return;
      }
      var count = answer.body.results.bindings.length;
      results.appendChild(el("p", { id: "sq-params-count" }, count + " row" + (count === 1 ? "" : "s")));
      results.appendChild(table(answer.body));
    });
  });

  // Capture phase: runs before the examples list's own handler, which would run the query unbound.
  document.getElementById("sq-examples").addEventListener("click", function (event) {
    var button = event.target.closest("button[data-params]");
    if (!button) { form.hidden = true; return; }
    event.stopPropagation();
    ask(byName[button.getAttribute("data-example")]);
  }, true);
  document.getElementById("sq-checks").addEventListener("click", function (event) {
    var button = event.target.closest("button[data-example]");
    if (button) { form.hidden = true; window.dtkgSparql.open(button.getAttribute("data-example")); }
  });
})();
