/* dtkg partner network page: Cytoscape.js over /api/network (no CDN; vendor files are local). */
(function () {
  "use strict";

  var API = "/api/network";
  var PALETTE = {
    "dtkg:StateIntermediary": "#c0392b", "dtkg:Company": "#e67e22", "dtkg:GovernmentBody": "#8e44ad",
    "dtkg:Commission": "#9b59b6", "dtkg:IntergovernmentalOrganization": "#2c3e50", "dtkg:Person": "#16a085",
    "dtkg:Country": "#2980b9", "dtkg:CountryGrouping": "#34495e", "dtkg:CountryCategory": "#7f8c8d",
    "dtkg:Region": "#27ae60", "dtkg:Meeting": "#d35400", "dtkg:Programme": "#f1c40f",
    "dtkg:FederalProject": "#f39c12", "org:Post": "#1abc9c"
  };
  var EXTRA = ["#e84393", "#6c5ce7", "#00b894", "#fd79a8", "#0984e3", "#636e72"];

  var state = { cy: null, relations: [], types: [], loaded: false };
  window.dtkgNetwork = state;

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { if (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); } });
    return node;
  }

  function colour(type) {
    if (PALETTE[type]) { return PALETTE[type]; }
    var h = 0;
    for (var i = 0; i < type.length; i++) { h = (h * 31 + type.charCodeAt(i)) >>> 0; }
    return EXTRA[h % EXTRA.length];
  }

  function short(name) { return String(name).replace(/^[a-z]+:/, ""); }

  function setStatus(text, isError) {
    var s = $("nw-status");
    s.textContent = text || "";
    s.hidden = !text;
    s.classList.toggle("nw-error", !!isError);
  }

  function checked(containerId) {
    return Array.prototype.slice.call($(containerId).querySelectorAll("input:checked")).map(function (i) { return i.value; });
  }

  function allChecked(containerId) {
    var boxes = $(containerId).querySelectorAll("input");
    return boxes.length > 0 && checked(containerId).length === boxes.length;
  }

  function filterParams() {
    var p = new URLSearchParams();
    if (!allChecked("nw-relations")) { checked("nw-relations").forEach(function (r) { p.append("relation", r); }); }
    if (!allChecked("nw-types")) { checked("nw-types").forEach(function (t) { p.append("type", t); }); }
    var year = $("nw-as-of").value.trim();
    if (year) { p.set("as_of", year); }
    if ($("nw-undated").value === "hide") { p.set("undated", "hide"); }
    return p;
  }

  function updateDownloads(params) {
    ["graphml", "gexf", "csv"].forEach(function (fmt) {
      var p = new URLSearchParams(params);
      p.set("format", fmt);
      $("nw-" + fmt).setAttribute("href", API + "?" + p.toString());
    });
  }

  function fetchJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { throw new Error(body.detail || ("HTTP " + r.status)); }
        return body;
      });
    });
  }

  function buildChecks(containerId, name, values) {
    var box = $(containerId);
    box.textContent = "";
    values.forEach(function (v) {
      box.appendChild(el("label", {}, [el("input", { type: "checkbox", name: name, value: v, checked: "checked" }), " " + short(v)]));
    });
  }

  function buildLegend(types) {
    var legend = $("nw-legend");
    legend.textContent = "";
    types.forEach(function (t) {
      var swatch = el("span", { "class": "nw-swatch" });
      swatch.style.background = colour(t);
      legend.appendChild(el("li", {}, [swatch, short(t)]));
    });
  }

  function sizeNodes() {
    var cy = state.cy;
    if (!cy || cy.nodes().length === 0) { return; }
    var metric = $("nw-size-by").value;
    var values = cy.nodes().map(function (n) { return Number(n.data(metric)) || 0; });
    var lo = Math.min.apply(null, values), hi = Math.max.apply(null, values);
    cy.batch(function () {
      cy.nodes().forEach(function (n) {
        var v = Number(n.data(metric)) || 0;
        var size = hi > lo ? 18 + 42 * (v - lo) / (hi - lo) : 28;
        n.style({ width: size, height: size });
      });
    });
  }

  // A stable layout: every node starts from a place that depends only on its id (a seeded
  // hash on a circle), and the force layout refines from there without randomising, so the
  // same network is drawn the same way on every load. Long labels are kept apart by
  // spacing nodes by their label width (nodeDimensionsIncludeLabels).
  function seed(id) {
    var h = 2166136261;
    for (var i = 0; i < id.length; i++) { h = Math.imul(h ^ id.charCodeAt(i), 16777619) >>> 0; }
    return h / 4294967296;
  }

  function layout() {
    var name = (typeof cytoscape !== "undefined" && state.hasFcose) ? "fcose" : "cose";
    var nodes = state.cy.nodes();
    var radius = 60 + 25 * nodes.length;
    nodes.forEach(function (n) {
      var angle = 2 * Math.PI * seed(n.id());
      var r = radius * (0.5 + 0.5 * seed(n.id() + "#r"));
      n.position({ x: r * Math.cos(angle), y: r * Math.sin(angle) });
    });
    var run = state.cy.layout({ name: name, animate: false, randomize: false, nodeDimensionsIncludeLabels: true, nodeRepulsion: function () { return 9000; }, idealEdgeLength: function () { return 110; }, padding: 30 });
    run.one("layoutstop", fitView);
    run.run();
  }

  function elementsOf(body) {
    var nodes = body.elements.nodes.map(function (n) { n.data.colour = colour(n.data.type); return n; });
    var edges = body.elements.edges.map(function (e) { e.data.short = short(e.data.relation); return e; });
    return nodes.concat(edges);
  }

  function draw(body) {
    var elements = elementsOf(body);
    if (!state.cy) {
      state.cy = cytoscape({
        container: $("nw-cy"),
        elements: elements,
        style: [
          { selector: "node", style: { "background-color": "data(colour)", label: "data(label)", "font-size": 10, "text-wrap": "ellipsis", "text-max-width": 140, "text-valign": "bottom", "text-margin-y": 3, color: "#222", "text-outline-color": "#fff", "text-outline-width": 2 } },
          { selector: "node:selected", style: { "border-width": 4, "border-color": "#f1c40f" } },
          // Relation names only on the selected node's edges and the hovered one: on every edge
          // they cross each other and the node labels at the default zoom.
          { selector: "edge", style: { width: "mapData(weight, 1, 5, 1.5, 6)", "line-color": "#95a5a6", "target-arrow-color": "#95a5a6", "target-arrow-shape": "triangle", "curve-style": "bezier", label: "", "font-size": 8, color: "#555", "text-rotation": "autorotate", "text-background-color": "#fff", "text-background-opacity": 0.8 } },
          { selector: "edge.nw-named", style: { label: "data(short)" } },
          { selector: "edge[?undated]", style: { "line-style": "solid" } },
          { selector: "edge[valid_from != ''], edge[valid_to != '']", style: { "line-style": "dashed" } },
          { selector: "edge.nw-undated", style: { "line-color": "#d0d4d8", "target-arrow-color": "#d0d4d8", opacity: 0.6, color: "#999" } },
          { selector: "edge:selected", style: { "line-color": "#f1c40f", "target-arrow-color": "#f1c40f" } }
        ]
      });
      bindEvents(state.cy);
    } else {
      state.cy.elements().remove();
      state.cy.add(elements);
    }
    sizeNodes();
    layout();
    state.meta = body.meta;
    var truncated = Object.keys(body.meta.truncated || {}).length;
    var notes = [];
    if (truncated) { notes.push(truncated + " node(s) have more neighbours than shown; double-click to page."); }
    // With a year chosen, say what happened to the ties that have no date at all.
    var dated = !!(body.meta.filters && body.meta.filters.as_of);
    state.cy.edges().removeClass("nw-undated");
    if (dated) { state.cy.edges("[?undated]").addClass("nw-undated"); }
    var kept = body.meta.undated_included || 0, hidden = body.meta.undated_hidden || 0;
    if (dated && kept) { notes.push(kept + " tie" + (kept === 1 ? " has" : "s have") + " no date: shown greyed, not known to be valid in " + body.meta.filters.as_of + "."); }
    if (hidden) { notes.push(hidden + " tie" + (hidden === 1 ? " has" : "s have") + " no date: hidden."); }
    $("nw-undated-note").textContent = dated || hidden ? notes.filter(function (n) { return /no date/.test(n); }).join(" ") : "";
    setStatus(body.elements.nodes.length === 0 ? "No relations match these filters." : notes.filter(function (n) { return !/no date/.test(n); }).join(" "));
    var list = $("nw-labels");
    list.textContent = "";
    state.cy.nodes().forEach(function (n) { list.appendChild(el("option", { value: n.data("label") })); });
    document.body.dataset.state = "ready";
    document.body.dataset.nodes = String(state.cy.nodes().length);
  }

  function load() {
    document.body.dataset.state = "loading";
    delete document.body.dataset.alone;
    var params = filterParams();
    updateDownloads(params);
    var p = new URLSearchParams(params);
    p.set("format", "cytoscape");
    return fetchJSON(API + "?" + p.toString()).then(draw).catch(function (err) {
      setStatus("Could not load the network: " + err.message, true);
      document.body.dataset.state = "error";
    });
  }

  function tooltip(evt, show) {
    var tip = $("nw-tooltip");
    if (!show) { tip.hidden = true; return; }
    var d = evt.target.data();
    tip.textContent = "";
    tip.appendChild(el("strong", { text: d.label }));
    tip.appendChild(el("div", { text: short(d.type) + (d.m49 ? " · UN M49 " + d.m49 : "") }));
    tip.appendChild(el("div", { text: d.alone ? "no relations recorded" : "relations: " + d.degree + " · PageRank " + Number(d.pagerank || 0).toFixed(3) + " · betweenness " + Number(d.betweenness || 0).toFixed(3) }));
    var pos = evt.renderedPosition || { x: 0, y: 0 };
    tip.style.left = (pos.x + 14) + "px";
    tip.style.top = (pos.y + 14) + "px";
    tip.hidden = false;
  }

  function isDirect(ev) {
    return (ev.kinds || []).some(function (k) { return /DirectQuote$|^direct-quote$/.test(k); });
  }

  // The claim's words: quotation marks only for a direct quote; indirect speech and a
  // document's own assertions are set apart in italics, without marks.
  function words(ev) {
    return isDirect(ev)
      ? el("blockquote", { "class": "nw-quote nw-direct", text: "“" + ev.text + "”" })
      : el("blockquote", { "class": "nw-quote nw-indirect", text: ev.text });
  }

  function cite(ev) {
    var who = ev.speaker_label ? ev.speaker_label : "unknown speaker";
    var when = ev.stated_on_text ? ", " + ev.stated_on_text : "";
    return el("div", { "class": "nw-cite" }, [
      el("span", { "class": "nw-speaker", title: ev.stated_on || "", text: who + when }),
      " — ",
      el("a", { href: "/id/" + encodeURIComponent(ev.document) + "#" + encodeURIComponent(ev.claim), "class": "nw-source", text: ev.document_title || ev.document }),
      ev.kinds && ev.kinds.length ? el("span", { "class": "nw-muted", text: " · " + ev.kinds.map(short).join(", ") }) : null
    ]);
  }

  function relationLabel(rel) {
    return rel.relation_label + " " + (rel.direction === "out" ? "→" : "←") + " " + rel.other_label;
  }

  // Each claim once, with every relation of this node it supports: one sentence naming six
  // regions is one item with six facts, not six copies of the sentence.
  function claimGroups(relations) {
    var groups = [];
    var byClaim = {};
    relations.forEach(function (rel) {
      (rel.evidence || []).forEach(function (ev) {
        if (!byClaim[ev.claim]) { byClaim[ev.claim] = { ev: ev, rels: [] }; groups.push(byClaim[ev.claim]); }
        byClaim[ev.claim].rels.push(rel);
      });
    });
    return el("ul", { "class": "nw-evidence" }, groups.map(function (g) {
      return el("li", { "class": "nw-claim", "data-claim": g.ev.claim, id: "nw-claim-" + g.ev.claim }, [
        words(g.ev),
        cite(g.ev),
        el("div", { "class": "nw-supports" }, [el("span", { "class": "nw-muted", text: "supports: " })].concat(
          g.rels.map(function (rel, i) {
            return el("span", { "class": "nw-fact", "data-edge": rel.id, text: relationLabel(rel) + (i < g.rels.length - 1 ? "; " : "") });
          })
        ))
      ]);
    }));
  }

  // The claims by and about an entity in no relation (it is drawn alone): each with its words and source.
  function claimList(claims) {
    return el("ul", { "class": "nw-evidence" }, claims.map(function (ev) {
      return el("li", { "class": "nw-claim", "data-claim": ev.claim, id: "nw-claim-" + ev.claim }, [
        words(ev),
        cite(ev),
        el("div", { "class": "nw-muted", text: ev.role === "speaker" ? "said by this entity" : "about this entity" })
      ]);
    }));
  }

  function relationItem(rel) {
    var arrow = rel.direction === "out" ? "→" : "←";
    var validity = " [" + (rel.valid_text || "undated") + "]";
    var cited = (rel.evidence || []).map(function (ev) {
      return el("a", { href: "#nw-claim-" + ev.claim, "class": "nw-cited", text: ev.speaker_label || "evidence" });
    });
    return el("li", { "class": "nw-relation" + (rel.visible === false ? " nw-hidden-rel" : ""), "data-edge": rel.id, "data-other": rel.other }, [
      el("div", { "class": "nw-rel-head" }, [
        el("span", { "class": "nw-rel-type", text: rel.relation_label + " " + arrow + " " }),
        el("a", { href: "/id/" + encodeURIComponent(rel.other), text: rel.other_label }),
        el("span", { "class": "nw-muted", text: validity })
      ]),
      cited.length ? el("div", { "class": "nw-muted" }, [" said by "].concat(cited)) : el("p", { "class": "nw-muted", text: "No evidence recorded for this relation." })
    ]);
  }

  function nameEdgesOf(id) {
    state.cy.edges().removeClass("nw-named");
    state.cy.getElementById(id).connectedEdges().addClass("nw-named");
  }

  // The whole drawing in view, unless that makes the labels too small to read (a narrow
  // window): then a readable zoom centred on the selected node, and the rest is a pan away.
  // A lone node gets a readable zoom too (fitting one node would blow it up).
  var READABLE_ZOOM = 0.75;
  function fitView() {
    var cy = state.cy;
    if (!cy || cy.nodes().length === 0) { return; }
    if (cy.nodes().length === 1) { cy.zoom(1.5); cy.center(cy.nodes()); return; }
    cy.fit(undefined, 30);
    if (cy.zoom() < READABLE_ZOOM) {
      var chosen = cy.nodes(":selected");
      cy.zoom(READABLE_ZOOM);
      cy.center(chosen.length ? chosen : cy.elements());
    }
  }

  function showNode(id) {
    nameEdgesOf(id);
    var panel = $("nw-panel");
    panel.dataset.node = id;
    panel.dataset.state = "loading";
    return fetchJSON(API + "/nodes/" + encodeURIComponent(id) + "?" + filterParams().toString()).then(function (node) {
      panel.textContent = "";
      panel.appendChild(el("h2", { text: node.label }));
      panel.appendChild(el("p", {}, [el("span", { "class": "nw-type", text: short(node.type) }), " · ", el("a", { href: "/id/" + encodeURIComponent(node.id), "class": "nw-entity-link", text: "entity page /id/" + node.id })]));
      if (node.alone) {
        panel.appendChild(el("p", { "class": "nw-alone", text: "No relations are recorded for it, so it is shown alone; here is what was said by or about it." }));
        panel.appendChild(el("h3", { text: "What was said (" + node.claims.length + ")" }));
        panel.appendChild(node.claims.length ? claimList(node.claims) : el("p", { "class": "nw-muted", text: "No claims by or about it either." }));
        panel.dataset.state = "ready";
        return;
      }
      var m = node.metrics || {};
      panel.appendChild(el("p", { "class": "nw-muted", text: "degree " + (m.degree || 0) + " · weighted " + (m.weighted_degree || 0) + " · PageRank " + Number(m.pagerank || 0).toFixed(3) + " · betweenness " + Number(m.betweenness || 0).toFixed(3) + " · community " + m.community }));
      panel.appendChild(el("h3", { text: node.relations.length + " relation(s)" }));
      panel.appendChild(el("ul", { "class": "nw-relations" }, node.relations.map(relationItem)));
      panel.appendChild(el("h3", { text: "What was said" }));
      panel.appendChild(claimGroups(node.relations));
      panel.dataset.state = "ready";
    }).catch(function (err) {
      panel.textContent = "";
      panel.appendChild(el("p", { "class": "nw-error", text: err.message }));
      panel.dataset.state = "error";
    });
  }

  function expand(id) {
    var p = filterParams();
    p.set("format", "cytoscape");
    p.set("focus", id);
    p.set("depth", "1");
    var page = (state.pages || {})[id] || 0;
    p.set("neighbours_offset", String(page));
    return fetchJSON(API + "?" + p.toString()).then(function (body) {
      var fresh = elementsOf(body).filter(function (e) { return state.cy.getElementById(e.data.id).length === 0; });
      state.cy.add(fresh);
      var t = (body.meta.truncated || {})[id];
      state.pages = state.pages || {};
      state.pages[id] = t && t.next_offset ? t.next_offset : 0;
      sizeNodes();
      if (fresh.length) { layout(); }
      document.body.dataset.nodes = String(state.cy.nodes().length);
      setStatus(t && t.rest ? t.rest + " more neighbour(s) of " + id + "; double-click again for the next page." : "");
    });
  }

  function bindEvents(cy) {
    cy.on("mouseover", "node", function (evt) { tooltip(evt, true); });
    cy.on("mouseout", "node", function (evt) { tooltip(evt, false); });
    cy.on("tap", "node", function (evt) { showNode(evt.target.id()); });
    cy.on("tap", "edge", function (evt) { showNode(evt.target.data("source")); });
    cy.on("dbltap", "node", function (evt) { expand(evt.target.id()); });
    cy.on("mouseover", "edge", function (evt) { evt.target.addClass("nw-hover nw-named"); });
    cy.on("mouseout", "edge", function (evt) {
      var e = evt.target;
      e.removeClass("nw-hover");
      var chosen = $("nw-panel").dataset.node;
      if (e.source().id() !== chosen && e.target().id() !== chosen) { e.removeClass("nw-named"); }
    });
    cy.container().addEventListener("mouseleave", function () { $("nw-tooltip").hidden = true; });
  }

  // The find box asks the one entity matcher (/api/entities?q=) — transliteration, aliases,
  // initials, typos, any language — and selects its best candidate; one that is not drawn
  // (no relations, or none these filters keep) is drawn alone. An exact node id
  // (/network?focus=ID from the entity pages) is selected at once.
  // An entity that is not drawn (it takes part in no relation, or none that the filters keep)
  // is drawn alone, with its claims in the panel: "show in the network" never ends in "not found".
  function showAlone(id) {
    var p = filterParams();
    p.set("format", "cytoscape");
    p.set("focus", id);
    p.set("depth", "0");
    return fetchJSON(API + "?" + p.toString()).then(function (body) {
      draw(body);
      var node = state.cy.getElementById(id);
      var label = node.data("label") || id;
      setStatus(node.data("alone")
        ? label + " takes part in no relation: shown alone, with what was said by or about it. Reset shows the whole network."
        : label + " has no relation that these filters keep: shown alone. Reset shows the whole network.");
      document.body.dataset.alone = id;
      state.cy.elements().unselect();
      node.select();
      fitView();
      return showNode(id);
    }).catch(function (err) { setStatus(err.message, true); });
  }

  function focusOn(text, exactId) {
    var q = text.trim();
    if (!q || !state.cy) { return; }
    var byId = state.cy.getElementById(q);
    if (byId.length && byId.isNode()) { selectNode(byId); return; }
    if (exactId) { showAlone(q); return; }
    fetchJSON("/api/entities?limit=1&q=" + encodeURIComponent(q)).then(function (body) {
      if (!body.items.length) { setStatus("No entity called “" + text + "”."); return; }
      var node = state.cy.getElementById(body.items[0].id);
      if (node.length && node.isNode()) { setStatus(""); selectNode(node); return; }
      showAlone(body.items[0].id);
    }).catch(function (err) { setStatus("Search failed: " + err.message, true); });
  }

  function selectNode(node) {
    state.cy.elements().unselect();
    node.select();
    state.cy.animate({ fit: { eles: node.closedNeighborhood(), padding: 40 } }, {
      duration: 250,
      complete: function () { if (state.cy.zoom() < READABLE_ZOOM) { state.cy.zoom(READABLE_ZOOM); state.cy.center(node); } }
    });
    showNode(node.id());
  }

  function download(name, blobOrUrl) {
    var a = el("a", { download: name, href: typeof blobOrUrl === "string" ? blobOrUrl : URL.createObjectURL(blobOrUrl) });
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  function xml(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  // The drawing as SVG, from the positions and styles Cytoscape already computed: the
  // cytoscape-svg extension is GPL-licensed, and this needs no layout of its own.
  function viewSvg(cy) {
    var box = cy.elements(":visible").boundingBox({ includeLabels: true });
    var pad = 20, w = Math.ceil(box.w + 2 * pad), h = Math.ceil(box.h + 2 * pad);
    var dx = pad - box.x1, dy = pad - box.y1;
    var out = ['<svg xmlns="http://www.w3.org/2000/svg" width="' + w + '" height="' + h + '" viewBox="0 0 ' + w + " " + h + '">',
      '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">' +
      '<path d="M0,0 L10,5 L0,10 z" fill="#888"/></marker></defs>',
      '<rect width="100%" height="100%" fill="#ffffff"/>'];
    cy.edges(":visible").forEach(function (e) {
      var a = e.sourceEndpoint(), b = e.targetEndpoint();
      out.push('<line x1="' + (a.x + dx) + '" y1="' + (a.y + dy) + '" x2="' + (b.x + dx) + '" y2="' + (b.y + dy) +
        '" stroke="' + xml(e.style("line-color")) + '" stroke-width="' + parseFloat(e.style("width")) + '" marker-end="url(#arrow)">' +
        "<title>" + xml(e.data("relation") || "") + "</title></line>");
    });
    cy.nodes(":visible").forEach(function (n) {
      var p = n.position(), r = n.width() / 2;
      out.push('<g><title>' + xml(n.data("label") || n.id()) + "</title>" +
        '<circle cx="' + (p.x + dx) + '" cy="' + (p.y + dy) + '" r="' + r + '" fill="' + xml(n.style("background-color")) + '"/>' +
        '<text x="' + (p.x + dx) + '" y="' + (p.y + dy + r + 12) + '" font-family="sans-serif" font-size="11" text-anchor="middle">' +
        xml(n.data("label") || n.id()) + "</text></g>");
    });
    out.push("</svg>");
    return out.join("\n");
  }
  state.viewSvg = function () { return viewSvg(state.cy); };

  function init() {
    if (typeof cytoscape === "undefined") {
      setStatus("Cytoscape.js is not installed in api/static/vendor (run 'make setup').", true);
      document.body.dataset.state = "error";
      return;
    }
    state.hasFcose = false;
    try { state.hasFcose = !!cytoscape("layout", "fcose"); } catch (e) { state.hasFcose = false; }
    $("nw-filters").addEventListener("submit", function (e) { e.preventDefault(); load(); });
    $("nw-reset").addEventListener("click", function () {
      document.querySelectorAll("#nw-filters input[type=checkbox]").forEach(function (i) { i.checked = true; });
      $("nw-as-of").value = "";
      load();
    });
    $("nw-size-by").addEventListener("change", sizeNodes);
    // A narrower or wider window: the canvas changes size, so fit the drawing to it again.
    var refit = null;
    window.addEventListener("resize", function () {
      clearTimeout(refit);
      refit = setTimeout(function () { if (state.cy) { state.cy.resize(); fitView(); } }, 150);
    });
    $("nw-search").addEventListener("submit", function (e) { e.preventDefault(); focusOn($("nw-search-input").value); });
    $("nw-png").addEventListener("click", function () { download("dtkg-network.png", state.cy.png({ full: true, bg: "#ffffff", scale: 2 })); });
    $("nw-svg").addEventListener("click", function () {
      download("dtkg-network.svg", new Blob([viewSvg(state.cy)], { type: "image/svg+xml" }));
    });
    // The filter choices come from the whole network: every relation and entity type in it.
    fetchJSON(API + "?format=cytoscape&limit=5000").then(function (body) {
      var rels = {}, types = {};
      body.elements.edges.forEach(function (e) { rels[e.data.relation] = true; });
      body.elements.nodes.forEach(function (n) { types[n.data.type] = true; });
      state.relations = Object.keys(rels).sort();
      state.types = Object.keys(types).sort();
      buildChecks("nw-relations", "relation", state.relations);
      buildChecks("nw-types", "type", state.types);
      buildLegend(state.types);
      // /network?focus=ID (the entity pages link here) selects that entity once drawn.
      var wanted = new URLSearchParams(window.location.search).get("focus");
      return load().then(function () { if (wanted) { focusOn(wanted, true); } });
    }).catch(function (err) {
      setStatus("Could not load the network: " + err.message, true);
      document.body.dataset.state = "error";
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
