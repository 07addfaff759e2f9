/* kg viewer: draws the graph embedded in #kg-data with vis-network and wires up
 * search, filters, neighbourhood focus, tooltips and the details panel.
 * Safety rule: every string from the data reaches the DOM through textContent
 * (or an element property such as value, or href after an http(s) check);
 * nothing here uses innerHTML, insertAdjacentHTML or document.write. */
var network = null; // global on purpose: html-check.py and the tests read it
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var INFO = DATA.info || {nodes: {}, edges: {}};
  var ARTICLES = DATA.articles || {};
  var LEGEND = DATA.legend;
  var SVGNS = "http://www.w3.org/2000/svg";

  function byKey(list) { var o = {}; (list || []).forEach(function (x) { o[x.key] = x; }); return o; }
  var TYPES = byKey(LEGEND.types), RELS = byKey(LEGEND.relations), SOURCES = byKey(LEGEND.sources);
  var LEVELS = byKey(LEGEND.levels);
  function typeSpec(k) { return TYPES[k] || LEGEND.fallback; }
  function relSpec(k) { return RELS[k] || LEGEND.fallback_relation; }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function $(id) { return document.getElementById(id); }

  /* ---- data, adjacency, filters ---- */
  var nodeById = {}, adj = {}, typeCount = {}, relCount = {};
  DATA.nodes.forEach(function (n) { nodeById[n.id] = n; adj[n.id] = []; typeCount[n.kgType] = (typeCount[n.kgType] || 0) + 1; });
  DATA.edges.forEach(function (e) {
    relCount[e.kgType] = (relCount[e.kgType] || 0) + 1;
    if (adj[e.from]) adj[e.from].push({edge: e, other: e.to, out: true});
    if (adj[e.to] && e.to !== e.from) adj[e.to].push({edge: e, other: e.from, out: false});
  });
  function levelName(i) {
    if (!i.level) return null;
    var zh = i.group === "PLACE" ? (LEVELS[i.level] || {}).zh : (LEGEND.designation_levels || {})[i.level];
    return (zh ? zh + " " : "") + i.level;
  }
  function nodeName(id) { var i = INFO.nodes[String(id)]; return i ? i.name : String(id); }

  DATA.nodes.forEach(function (n) { n.title = nodeTip(n); });
  DATA.edges.forEach(function (e) { e.title = edgeTip(e); });
  var showType = {}, showRel = {}, typeBoxes = {}, focus = null, selected = null;
  var nodes = new vis.DataSet(DATA.nodes), edges = new vis.DataSet(DATA.edges);
  function nodeShown(id) {
    var n = nodeById[id];
    return !!n && showType[n.kgType] !== false && (!focus || focus.has(id));
  }
  // Filters and focus hide items instead of removing them, so positions stay put and
  // the picture does not rearrange itself when a box is ticked.
  var shownNodes = DATA.nodes.length, shownEdges = DATA.edges.length;
  function edgeShown(e) { return showRel[e.kgType] !== false && nodeShown(e.from) && nodeShown(e.to); }
  function refresh() {
    var nodeChanges = [], edgeChanges = [];
    shownNodes = shownEdges = 0;
    DATA.nodes.forEach(function (n) {
      var hide = !nodeShown(n.id);
      if (!hide) shownNodes++;
      if (!!n.hidden !== hide) { n.hidden = hide; nodeChanges.push({id: n.id, hidden: hide}); }
    });
    DATA.edges.forEach(function (e) {
      var hide = !edgeShown(e);
      if (!hide) shownEdges++;
      if (!!e.hidden !== hide) { e.hidden = hide; edgeChanges.push({id: e.id, hidden: hide}); }
    });
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
    $("kg-stats").textContent = "显示 " + shownNodes + " / " + DATA.nodes.length + " 个节点 · " +
      shownEdges + " / " + DATA.edges.length + " 条关系" +
      (DATA.meta.total_nodes > DATA.nodes.length ? "（全图 " + DATA.meta.total_nodes + " 个节点，已截取）" : "");
  }

  /* ---- tooltips: DOM elements built from text ---- */
  function nodeTip(n) {
    var i = INFO.nodes[String(n.id)] || {}, box = el("div");
    box.appendChild(el("div", "kg-tip-title", i.name));
    var sub = typeSpec(i.group).zh + (i.level ? " · " + levelName(i) : "");
    box.appendChild(el("div", "kg-tip-sub", sub));
    if (i.aliases) box.appendChild(el("div", "kg-tip-sub", "别名：" + i.aliases.join("、")));
    return box;
  }
  function edgeTip(e) {
    var i = INFO.edges[e.id] || {}, box = el("div");
    box.appendChild(el("div", "kg-tip-title", nodeName(e.from) + " → " + relSpec(e.kgType).zh + " → " + nodeName(e.to)));
    var ev = (i.evidence || [])[0];
    if (ev && ev.text) box.appendChild(el("div", null, ev.text.length > 140 ? ev.text.slice(0, 139) + "…" : ev.text));
    return box;
  }

  /* ---- legend with filter checkboxes ---- */
  function svg(w, h) { var s = document.createElementNS(SVGNS, "svg"); s.setAttribute("width", w); s.setAttribute("height", h); return s; }
  function shapeIcon(shape, color, size, border) {
    var s = svg(18, 18), r = size || 7, c = 9, p, pts = null;
    if (shape === "dot" || shape === "circle" || shape === "ellipse") {
      p = document.createElementNS(SVGNS, "circle"); p.setAttribute("cx", c); p.setAttribute("cy", c); p.setAttribute("r", r);
    } else if (shape === "square" || shape === "box") {
      p = document.createElementNS(SVGNS, "rect"); p.setAttribute("x", c - r); p.setAttribute("y", c - r * (shape === "box" ? 0.7 : 1));
      p.setAttribute("width", 2 * r); p.setAttribute("height", 2 * r * (shape === "box" ? 0.7 : 1)); p.setAttribute("rx", shape === "box" ? 2 : 0);
    } else {
      var k, a = [];
      if (shape === "triangle") pts = [[0, -1], [0.9, 0.7], [-0.9, 0.7]];
      else if (shape === "triangleDown") pts = [[0, 1], [0.9, -0.7], [-0.9, -0.7]];
      else if (shape === "diamond") pts = [[0, -1], [1, 0], [0, 1], [-1, 0]];
      else if (shape === "hexagon") { pts = []; for (k = 0; k < 6; k++) pts.push([Math.cos(k * Math.PI / 3), Math.sin(k * Math.PI / 3)]); }
      else { pts = []; for (k = 0; k < 10; k++) { var rr = k % 2 ? 0.45 : 1, t = -Math.PI / 2 + k * Math.PI / 5; pts.push([rr * Math.cos(t), rr * Math.sin(t)]); } }
      pts.forEach(function (q) { a.push((c + q[0] * r).toFixed(1) + "," + (c + q[1] * r).toFixed(1)); });
      p = document.createElementNS(SVGNS, "polygon"); p.setAttribute("points", a.join(" "));
    }
    p.setAttribute("fill", color); p.setAttribute("stroke", "#333"); p.setAttribute("stroke-width", border || 1);
    s.appendChild(p);
    return s;
  }
  function lineIcon(color, dashes) {
    var s = svg(26, 10), l = document.createElementNS(SVGNS, "line");
    l.setAttribute("x1", 1); l.setAttribute("y1", 5); l.setAttribute("x2", 25); l.setAttribute("y2", 5);
    l.setAttribute("stroke", color); l.setAttribute("stroke-width", 2);
    if (dashes) l.setAttribute("stroke-dasharray", dashes.join(" "));
    s.appendChild(l);
    return s;
  }
  function legendRow(parent, icon, name, code, count, state, key) {
    var row = el(state ? "label" : "div", state ? null : "kg-row");
    if (state) {
      var box = el("input"); box.type = "checkbox"; box.checked = true;
      box.addEventListener("change", function () { state[key] = box.checked; refresh(); });
      row.appendChild(box);
      if (state === showType) typeBoxes[key] = box;
    }
    row.appendChild(icon);
    row.appendChild(el("span", null, name));
    if (code) row.appendChild(el("span", "kg-code", code));
    if (count !== null) row.appendChild(el("span", "kg-count", count));
    parent.appendChild(row);
  }
  function buildLegend() {
    var known = {};
    LEGEND.types.forEach(function (t) {
      known[t.key] = true;
      legendRow($("kg-types"), shapeIcon(t.shape, t.color), t.zh, t.key, typeCount[t.key] || 0, showType, t.key);
    });
    Object.keys(typeCount).sort().forEach(function (k) {
      if (!known[k]) legendRow($("kg-types"), shapeIcon(LEGEND.fallback.shape, LEGEND.fallback.color), LEGEND.fallback.zh, k, typeCount[k], showType, k);
    });
    LEGEND.levels.forEach(function (l) {
      legendRow($("kg-levels"), shapeIcon("dot", TYPES.PLACE ? TYPES.PLACE.color : "#888", 3 + l.size / 5, Math.min(l.border, 3)), l.zh, l.key, null);
    });
    known = {};
    LEGEND.relations.forEach(function (r) {
      known[r.key] = true;
      legendRow($("kg-relations"), lineIcon(r.color), r.zh, r.key, relCount[r.key] || 0, showRel, r.key);
    });
    Object.keys(relCount).sort().forEach(function (k) {
      if (!known[k]) legendRow($("kg-relations"), lineIcon(LEGEND.fallback_relation.color), LEGEND.fallback_relation.zh, k, relCount[k], showRel, k);
    });
    LEGEND.sources.forEach(function (s) { legendRow($("kg-sources"), lineIcon("#555", s.dashes), s.zh, s.key, null); });
  }

  /* ---- details panel ---- */
  function fields(parent, rows) {
    var dl = el("dl", "kg-fields");
    rows.forEach(function (r) { if (r[1] === undefined || r[1] === null || r[1] === "") return; dl.appendChild(el("dt", null, r[0])); dl.appendChild(el("dd", null, r[1])); });
    parent.appendChild(dl);
  }
  function nodeLink(id) {
    var b = el("button", "kg-link", nodeName(id));
    b.type = "button";
    b.addEventListener("click", function () { showNode(id, true); });
    return b;
  }
  function articleLine(doc, extra) {
    var a = ARTICLES[doc] || {}, p = el("div", "kg-article");
    p.appendChild(el("div", null, a.title || doc));
    var bits = [a.date, a.source, extra].filter(function (x) { return x; });
    if (bits.length) p.appendChild(el("div", "kg-note", bits.join(" · ")));
    if (a.url && /^https?:\/\//i.test(a.url)) {
      var link = el("a", null, "原文链接"); link.href = a.url; link.target = "_blank"; link.rel = "noopener noreferrer";
      p.appendChild(link);
    }
    return p;
  }
  function evidenceBlock(parent, ev) {
    parent.appendChild(el("div", "kg-evidence", ev.text || "（无原句）"));
    var a = ARTICLES[ev.doc] || {};
    var where = [a.title || ev.doc, ev.start !== undefined ? "字符 " + ev.start + "–" + ev.end : null, ev.rule ? "规则 " + ev.rule : null];
    parent.appendChild(el("div", "kg-source", where.filter(function (x) { return x; }).join(" · ")));
  }
  function showNode(id, move) {
    var i = INFO.nodes[String(id)], box = $("kg-details");
    if (!i) return;
    var n = nodeById[id];
    if (!nodeShown(id)) { focus = null; showType[n.kgType] = true; syncChecks(); refresh(); }
    selected = id; setFocusButtons();
    clear(box);
    var spec = typeSpec(i.group), badge = el("span", "kg-badge", spec.zh + " " + i.group);
    badge.style.background = spec.color;
    box.appendChild(el("h3", null, i.name)); box.appendChild(badge);
    fields(box, [["别名", (i.aliases || []).join("、")], ["层级", levelName(i)],
      ["区划代码", i.adcode], ["角色", i.role], ["指标", i.indicator], ["数值", i.value !== undefined ? i.value + (i.unit || "") : null],
      ["限定", i.qualifier], ["年份", i.year]]);
    var iri = i.iri;
    try { iri = decodeURI(i.iri); } catch (err) { /* keep it encoded */ }
    box.appendChild(el("div", "kg-iri", iri));
    if (i.evidence && i.evidence.length) { box.appendChild(el("h4", null, "证据")); i.evidence.forEach(function (ev) { evidenceBlock(box, ev); }); }
    if (i.docs && i.docs.length) {
      box.appendChild(el("h4", null, "出现的文章（" + (i.docs.length + (i.more_docs || 0)) + "）"));
      i.docs.forEach(function (d) { box.appendChild(articleLine(d.doc, d.mentions ? "提及 " + d.mentions + " 次" : null)); });
      if (i.more_docs) box.appendChild(el("p", "kg-note", "另有 " + i.more_docs + " 篇文章未列出"));
    }
    var links = adj[id] || [];
    box.appendChild(el("h4", null, "关系（" + links.length + "）"));
    var ul = el("ul", "kg-list");
    links.slice(0, 300).forEach(function (l) {
      var li = el("li"), b = nodeLink(l.other);
      b.insertBefore(el("small", null, (l.out ? "→ " : "← ") + relSpec(l.edge.kgType).zh + " "), b.firstChild);
      li.appendChild(b); ul.appendChild(li);
    });
    box.appendChild(ul);
    network.selectNodes([id]);
    if (move) { fitTo = null; network.focus(id, {scale: Math.max(network.getScale(), 1.0)}); }
  }
  function showEdge(eid) {
    var i = INFO.edges[eid], e = edges.get(eid), box = $("kg-details");
    if (!i || !e) return;
    clear(box);
    var spec = relSpec(e.kgType), badge = el("span", "kg-badge", spec.zh + " " + e.kgType);
    badge.style.background = spec.color;
    var h = el("h3"); h.appendChild(nodeLink(e.from)); h.appendChild(el("div", "kg-note", "↓ " + spec.zh)); h.appendChild(nodeLink(e.to));
    box.appendChild(h); box.appendChild(badge);
    fields(box, [["来源", (SOURCES[i.source] || {}).zh ? SOURCES[i.source].zh + " (" + i.source + ")" : i.source],
      ["职务", i.title ? (i.former ? "原" : "") + i.title : null]]);
    box.appendChild(el("h4", null, "证据（" + (i.evidence || []).length + "）"));
    (i.evidence || []).forEach(function (ev) { evidenceBlock(box, ev); });
    if (i.more_evidence) box.appendChild(el("p", "kg-note", "另有 " + i.more_evidence + " 条证据未列出"));
    if (!(i.evidence || []).length) box.appendChild(el("p", "kg-note", "无文中证据（参考数据或推断）"));
  }
  function syncChecks() {
    Object.keys(typeBoxes).forEach(function (k) { typeBoxes[k].checked = showType[k] !== false; });
  }

  /* ---- focus and search ---- */
  function setFocusButtons() {
    $("kg-focus1").disabled = $("kg-focus2").disabled = selected === null;
    $("kg-focus-note").textContent = selected === null ? "先选中一个节点" : "围绕：" + nodeName(selected);
  }
  function focusOn(id, depth) {
    var seen = new Set([id]), frontier = [id];
    for (var d = 0; d < depth; d++) {
      var next = [];
      frontier.forEach(function (x) { adj[x].forEach(function (l) {
        if (showRel[l.edge.kgType] !== false && !seen.has(l.other)) { seen.add(l.other); next.push(l.other); }
      }); });
      frontier = next;
    }
    focus = seen; refresh();
    fit(Array.from(seen));
  }
  function search(q) {
    var out = [], ql = q.trim().toLowerCase();
    if (!ql) return out;
    DATA.nodes.forEach(function (n) {
      var i = INFO.nodes[String(n.id)], name = String(i.name).toLowerCase(), rank = -1;
      if (name === ql) rank = 0; else if (name.indexOf(ql) === 0) rank = 1; else if (name.indexOf(ql) > 0) rank = 2;
      else if ((i.aliases || []).some(function (a) { return String(a).toLowerCase().indexOf(ql) >= 0; })) rank = 3;
      if (rank >= 0) out.push([rank, name.length, n.id]);
    });
    out.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    return out.slice(0, 50).map(function (x) { return x[2]; });
  }
  function showResults() {
    var ul = $("kg-results"), hits = search($("kg-search").value);
    clear(ul);
    hits.forEach(function (id) {
      var li = el("li"), b = nodeLink(id);
      b.appendChild(el("small", null, typeSpec(nodeById[id].kgType).zh));
      li.appendChild(b); ul.appendChild(li);
    });
    if ($("kg-search").value.trim() && !hits.length) ul.appendChild(el("li", "kg-note", "没有匹配的名称"));
    return hits;
  }

  // Our own fit from node centres: vis-network's fit() reads bounding boxes that are only
  // refreshed when a node is drawn, so it can miss nodes that were off screen.
  var fitTo = null;
  function fitNow(ids) {
    var pos = network.getPositions(ids), keys = Object.keys(pos), box = container;
    if (!keys.length || !box.clientWidth) return;
    var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity, pad = 70;
    keys.forEach(function (k) { var p = pos[k]; x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x); y0 = Math.min(y0, p.y); y1 = Math.max(y1, p.y); });
    var scale = Math.min(box.clientWidth / (x1 - x0 + 2 * pad), box.clientHeight / (y1 - y0 + 2 * pad), 1.2);
    network.moveTo({position: {x: (x0 + x1) / 2, y: (y0 + y1) / 2}, scale: Math.max(scale, 0.02)});
  }
  function fit(ids) {
    fitTo = ids || DATA.nodes.filter(function (n) { return !n.hidden; }).map(function (n) { return n.id; });
    fitNow(fitTo);
  }

  /* ---- start ---- */
  buildLegend();
  var container = $("mynetwork");
  network = new vis.Network(container, {nodes: nodes, edges: edges}, DATA.options);
  refresh();
  if (!DATA.nodes.length) {
    $("kg-progress").hidden = false;
    $("kg-progress-bar").hidden = true;
    $("kg-progress-text").textContent = "图中没有可显示的节点";
  } else if (!(DATA.options.physics && DATA.options.physics.enabled)) {
    // precomputed positions: fit once the page has its final size
    fit();
    window.addEventListener("load", function () { if (fitTo) fitNow(fitTo); });
  } else {
    var prog = $("kg-progress");
    prog.hidden = false;
    network.on("stabilizationProgress", function (p) {
      $("kg-progress-bar").style.width = Math.round(100 * p.iterations / p.total) + "%";
    });
    // freeze once laid out: nothing drifts afterwards, focus/fit land where expected and
    // an idle page uses no CPU; dragging a node still moves it
    network.once("stabilizationIterationsDone", function () {
      prog.hidden = true;
      network.setOptions({physics: {enabled: false}});
      fit();
    });
  }
  network.on("click", function (p) {
    if (p.nodes.length) showNode(p.nodes[0], false);
    else if (p.edges.length) showEdge(p.edges[0]);
  });
  $("kg-focus1").addEventListener("click", function () { if (selected !== null) focusOn(selected, 1); });
  $("kg-focus2").addEventListener("click", function () { if (selected !== null) focusOn(selected, 2); });
  $("kg-reset").addEventListener("click", function () { focus = null; refresh(); network.unselectAll(); fit(); });
  // keep the last fitted view fitted when the canvas changes size, until the user zooms or pans
  // (vis-network restores its own camera right after emitting "resize", so refit a moment later)
  network.on("resize", function () { if (fitTo) setTimeout(function () { if (fitTo) fitNow(fitTo); }, 0); });
  network.on("zoom", function () { fitTo = null; });
  network.on("dragEnd", function (p) { if (!p.nodes.length) fitTo = null; });
  $("kg-search").addEventListener("input", showResults);
  $("kg-search").addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { var hits = showResults(); if (hits.length) showNode(hits[0], true); }
  });
})();
