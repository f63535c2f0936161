// The /ingest page: draft an article through POST /api/ingest, let the curator review and edit
// each claim, then commit the accepted claims through POST /api/ingest (to rebuild the TriG from
// the edits, checked on the server) and POST /api/changes with a write token. No inline script:
// this file is the page's only code. Edits change local state and re-render only what they touch.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const MODES = ["direct-quote", "indirect-speech", "document-assertion"];
  const STANCES = ["", "opinion", "forecast", "advice"];
  const BOUNDS = ["exact", "approximately", "more-than", "at-least", "less-than", "at-most", "range"];
  const TYPES = ["Person", "Company", "GovernmentBody", "IntergovernmentalOrganization", "AnonymousAgent"];
  const state = { text: "", meta: {}, answer: null, claims: [], relations: [], current: -1 };

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (value !== undefined && value !== null && value !== false) node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children || []) node.append(child);
    return node;
  }

  function slug(label) {
    return label.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase().match(/[a-z0-9]+/g)?.join("-").slice(0, 80) || "entity";
  }

  function hue(id) {
    let h = 0;
    for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) % 360;
    return h;
  }

  function metadata() {
    const meta = {};
    for (const name of ["title", "publisher", "url", "published", "language"]) {
      const value = $("ig-" + name).value.trim();
      if (value) meta[name] = value;
    }
    return meta;
  }

  async function problem(response) {
    try {
      const body = await response.json();
      return body.detail || body.title || response.statusText;
    } catch (err) {
      return response.statusText;
    }
  }

  async function draft(event) {
    event.preventDefault();
    state.text = $("ig-text").value;
    state.meta = metadata();
    $("ig-status").textContent = "Drafting…";
    const response = await fetch("/api/ingest", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: state.text, ...state.meta }),
    });
    if (!response.ok) {
      $("ig-status").textContent = `Could not draft (${response.status}): ${await problem(response)}`;
      return;
    }
    state.answer = await response.json();
    state.claims = state.answer.claims.map((c) => ({ ...structuredClone(c), accepted: true }));
    state.relations = (state.answer.relations || []).map((r) => ({ ...r, accepted: true }));
    state.current = -1;
    $("ig-status").textContent = `Drafted ${state.claims.length} claims from “${state.answer.source.title}”.`;
    $("ig-warnings").replaceChildren(...state.answer.warnings.map((w) => el("li", { text: w })));
    $("ig-review").hidden = false;
    $("ig-page").dataset.state = "drafted";
    renderArticle();
    renderClaims();
    renderRelations();
  }

  function loadFile() {
    const file = $("ig-file").files[0];
    if (!file) return;
    file.text().then((text) => { $("ig-text").value = text; });
  }

  // ---- the article with highlighted spans -------------------------------------------------
  function renderArticle() {
    const text = state.text;
    const marks = state.claims
      .map((c, i) => ({ i, start: c.span.start, end: c.span.end, c }))
      .filter((m) => m.c.accepted)
      .sort((a, b) => a.start - b.start || b.end - a.end);
    const parts = [];
    let at = 0;
    for (const m of marks) {
      if (m.start < at) continue; // overlapping spans: the first one is shown
      if (m.start > at) parts.push(segment(at, m.start));
      const color = `hsl(${hue(m.c.speaker.id)}, 75%, 85%)`;
      const mark = el("mark", {
        "data-i": m.i, tabindex: 0, title: `${m.c.speaker.label} · ${m.c.kind}`, style: `background: ${color}`,
        class: m.i === state.current ? "ig-current" : null,
        onclick: () => select(m.i, true), onkeydown: (e) => { if (e.key === "Enter") select(m.i, true); },
      }, [segment(m.start, m.end)]);
      parts.push(mark);
      at = m.end;
    }
    if (at < text.length) parts.push(segment(at, text.length));
    $("ig-article").replaceChildren(...parts);
  }

  function segment(start, end) {
    return el("span", { class: "ig-seg", "data-start": start, text: state.text.slice(start, end) });
  }

  function offsetOf(node, offset) {
    const seg = (node.nodeType === Node.TEXT_NODE ? node.parentElement : node)?.closest?.(".ig-seg");
    if (!seg || !$("ig-article").contains(seg)) return null;
    return Number(seg.dataset.start) + (node.nodeType === Node.TEXT_NODE ? offset : 0);
  }

  function selectionSpan() {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    const range = sel.getRangeAt(0);
    let start = offsetOf(range.startContainer, range.startOffset);
    let end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null) return null;
    while (start < end && /\s/.test(state.text[start])) start++;
    while (end > start && /\s/.test(state.text[end - 1])) end--;
    return end > start ? { start, end, exact: state.text.slice(start, end) } : null;
  }

  // ---- claim cards ----------------------------------------------------------------------------
  function select(i, scroll) {
    state.current = i;
    for (const node of document.querySelectorAll(".ig-current")) node.classList.remove("ig-current");
    document.querySelector(`.ig-claim[data-i="${i}"]`)?.classList.add("ig-current");
    document.querySelector(`mark[data-i="${i}"]`)?.classList.add("ig-current");
    if (scroll) document.querySelector(`.ig-claim[data-i="${i}"]`)?.scrollIntoView({ block: "nearest" });
  }

  function renderClaims() {
    $("ig-claims").replaceChildren(...state.claims.map((c, i) => card(c, i)));
    updateCount();
  }

  function updateCount() {
    const accepted = state.claims.filter((c) => c.accepted).length;
    $("ig-count").textContent = `(${accepted} of ${state.claims.length} accepted)`;
  }

  function rerender(i) {
    const old = document.querySelector(`.ig-claim[data-i="${i}"]`);
    old.replaceWith(card(state.claims[i], i));
    renderArticle();
    updateCount();
    renderRelations();
    select(i, false);
  }

  // ---- relations (network edges), each with the claim that states it ----------------------------
  function claimOf(r) {
    return state.claims.findIndex((c) => c.id === r.claim);
  }

  function renderRelations() {
    const rows = state.relations.map((r, n) => {
      const i = claimOf(r);
      const live = i >= 0 && state.claims[i].accepted;
      const box = el("input", { type: "checkbox", class: "ig-relation-accept", checked: r.accepted && live, disabled: !live,
        "aria-label": `Keep ${r.subject.label} ${r.predicate_label} ${r.object.label}`,
        onchange: (e) => { r.accepted = e.target.checked; renderRelations(); } });
      const ends = `${r.subject.label}${r.subject.new ? " (new)" : ""} — ${r.predicate_label} → ${r.object.label}${r.object.new ? " (new)" : ""}`;
      return el("li", { class: "ig-relation" + (r.accepted && live ? "" : " ig-rejected"), "data-n": n }, [
        el("label", {}, [box, " ", ends]),
        el("button", { type: "button", class: "ig-relation-claim", text: `“${r.span.exact}”`,
          title: live ? "Show the claim that states it" : "Its claim is rejected", onclick: () => { if (i >= 0) select(i, true); } }),
        el("span", { class: "ig-meta", text: ` confidence ${Math.round(r.confidence * 100)}%` }),
      ]);
    });
    $("ig-relations").replaceChildren(...rows);
    $("ig-relation-count").textContent = `(${keptRelations().length} of ${state.relations.length} kept)`;
  }

  function keptRelations() {
    return state.relations.filter((r) => r.accepted && claimOf(r) >= 0 && state.claims[claimOf(r)].accepted).map((r) => r.id);
  }

  function options(values, current) {
    return values.map((v) => el("option", { value: v, selected: v === (current || ""), text: v || "(none)" }));
  }

  function card(c, i) {
    const color = `hsl(${hue(c.speaker.id)}, 60%, 55%)`;
    const li = el("li", { class: "ig-claim" + (c.accepted ? "" : " ig-rejected"), "data-i": i, style: `border-left-color: ${color}` });
    const accept = el("input", { type: "checkbox", class: "ig-accept", checked: c.accepted,
      onchange: (e) => { c.accepted = e.target.checked; rerender(i); } });
    const speaker = el("input", { class: "ig-speaker", list: "ig-entity-options", value: c.speaker.label, "aria-label": "Speaker",
      oninput: (e) => searchEntities(e.target.value),
      onchange: (e) => { setSpeaker(c, e.target.value); rerender(i); } });
    const speakerType = el("select", { class: "ig-speaker-type", "aria-label": "Type of a new speaker", disabled: !c.speaker.new,
      onchange: (e) => { c.speaker.type = e.target.value; } }, options(TYPES, c.speaker.type || "Person"));
    const kind = el("select", { class: "ig-kind", "aria-label": "Kind",
      onchange: (e) => { c.kind = e.target.value; rerender(i); } }, options(MODES, c.kind));
    const stance = el("select", { class: "ig-stance", "aria-label": "Stance",
      onchange: (e) => { c.stance = e.target.value || null; rerender(i); } }, options(STANCES, c.stance));
    const date = el("input", { class: "ig-date", value: c.date.value || "", placeholder: "2025-03-04, --03-04", size: 12,
      "aria-label": "Stated date", onchange: (e) => { c.date = { ...c.date, value: e.target.value.trim() || null }; } });
    const about = el("input", { class: "ig-about", value: c.about.map((a) => a.label).join("; "), "aria-label": "About (labels, ; between)",
      onchange: (e) => { c.about = e.target.value.split(";").map((s) => s.trim()).filter(Boolean).map(entityFor); } });
    const useSelection = el("button", { type: "button", class: "ig-use-selection", text: "Use selection as span",
      onclick: () => {
        const span = selectionSpan();
        if (!span) { $("ig-status").textContent = "Select some text of the article first."; return; }
        c.span = span; c.text = span.exact; rerender(i);
      } });
    const addFigure = el("button", { type: "button", text: "Add figure",
      onclick: () => { c.figures.push({ bound: "exact", amount: null, min: null, max: null, unit: "", original: "", measure: "unspecified-indicator", period: null, as_of: null }); rerender(i); } });
    const inferred = c.date.inferred ? el("span", { class: "ig-meta", text: `inferred ${c.date.inferred.value}: ${c.date.inferred.basis}` }) : "";
    li.append(
      el("div", { class: "ig-meta" }, [accept, ` accept · confidence ${Math.round((c.confidence ?? 1) * 100)}%`, c.speaker.new ? " · new speaker" : ""]),
      el("blockquote", { text: c.text, onclick: () => select(i, false) }),
      el("div", { class: "ig-fields" }, [
        el("label", {}, ["Speaker", speaker]), el("label", {}, ["New speaker type", speakerType]),
        el("label", {}, ["Kind", kind]), el("label", {}, ["Stance", stance]), el("label", {}, ["Date", date]),
        el("label", {}, ["About", about]),
      ]),
      inferred,
      ...c.figures.map((f, n) => figureRow(c, i, f, n)),
      el("div", {}, [useSelection, " ", addFigure]),
    );
    return li;
  }

  function figureRow(c, i, f, n) {
    const num = (name, label) => el("label", {}, [label, el("input", { class: "ig-fig-" + name, value: f[name] ?? "", inputmode: "decimal",
      onchange: (e) => { f[name] = e.target.value === "" ? null : Number(e.target.value); } })]);
    return el("div", { class: "ig-figure" }, [
      el("label", {}, ["Bound", el("select", { class: "ig-fig-bound", onchange: (e) => { f.bound = e.target.value; rerender(i); } }, options(BOUNDS, f.bound))]),
      f.bound === "range" ? num("min", "Min") : num("amount", "Amount"),
      f.bound === "range" ? num("max", "Max") : "",
      el("label", {}, ["Unit", el("input", { class: "ig-fig-unit", value: f.unit || "", onchange: (e) => { f.unit = e.target.value.trim(); } })]),
      el("label", {}, ["Words", el("input", { class: "ig-fig-original", value: f.original || "", onchange: (e) => { f.original = e.target.value; } })]),
      el("button", { type: "button", text: "Remove", onclick: () => { c.figures.splice(n, 1); rerender(i); } }),
    ]);
  }

  // ---- entities: pick an existing one (search) or create one ------------------------------------
  const known = new Map(); // label -> {id, label}
  let searchTimer = null;

  function searchEntities(q) {
    clearTimeout(searchTimer);
    if (q.trim().length < 2) return;
    searchTimer = setTimeout(async () => {
      const response = await fetch(`/api/entities?limit=10&q=${encodeURIComponent(q)}`);
      if (!response.ok) return;
      const body = await response.json();
      const list = $("ig-entity-options");
      list.replaceChildren(...body.items.map((e) => {
        known.set(e.label, { id: e.id, label: e.label });
        return el("option", { value: e.label, label: `${e.label} (${e.types.join(", ")})` });
      }));
    }, 150);
  }

  function entityFor(label) {
    const found = known.get(label) || (state.answer?.entities || []).find((e) => e.label === label);
    if (found) return { id: found.id, label: found.label, new: Boolean(found.new), type: found.type };
    return { id: slug(label), label, new: true, type: "Company" };
  }

  function setSpeaker(c, label) {
    const text = label.trim();
    if (!text) return;
    if (state.answer && text === state.answer.source.author.label) { c.speaker = { ...state.answer.source.author }; return; }
    const found = entityFor(text);
    c.speaker = found.new ? { ...found, type: c.speaker.new ? (c.speaker.type || "Person") : "Person" } : found;
  }

  // ---- commit ---------------------------------------------------------------------------------
  async function commit(event) {
    event.preventDefault();
    const accepted = state.claims.filter((c) => c.accepted).map(({ accepted, ...claim }) => claim);
    $("ig-result").textContent = "Checking the draft…";
    const drafted = await fetch("/api/ingest", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: state.text, ...state.meta, claims: accepted, relations: keptRelations() }),
    });
    if (!drafted.ok) {
      $("ig-result").textContent = `The edits are not valid (${drafted.status}): ${await problem(drafted)}`;
      return;
    }
    const body = await drafted.json();
    $("ig-result").textContent = "Committing…";
    const response = await fetch(`/api/changes?message=${encodeURIComponent($("ig-message").value)}`, {
      method: "POST",
      headers: { "Content-Type": "application/trig", Authorization: `Bearer ${$("ig-token").value}` },
      body: body.draft,
    });
    if (!response.ok) {
      $("ig-result").textContent = `Not committed (${response.status}): ${await problem(response)}`;
      return;
    }
    const change = await response.json();
    $("ig-result").replaceChildren(
      `Committed ${accepted.length} claims and ${body.relations.length} relations as change ${change.id}${change.duplicate ? " (already applied)" : ""}. `,
      el("a", { href: `/id/${body.source.id}`, text: "Open the source" }),
    );
    $("ig-page").dataset.state = "committed";
  }

  $("ig-form").addEventListener("submit", draft);
  $("ig-file").addEventListener("change", loadFile);
  $("ig-commit").addEventListener("submit", commit);
})();
