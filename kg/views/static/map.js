/* kg map: draws the graph carried in #kg-data with vis-network.
   Every text from the articles is written with textContent, canvas labels or
   vis-network's plain-text tooltips (innerText) -- never as markup. */
(function () {
  "use strict";
  var t0 = performance.now();
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var UI = {
    zh: { search: "搜索实体（名称或别名）", classes: "类别", predicates: "关系", doc: "文档", allDocs: "全部文档",
          physicsOn: "重新布局", fit: "全图", lang: "English", nodes: "个节点", edges: "条边", shown: "显示",
          aliases: "别名", amounts: "金额", docs: "文档", relations: "关系与证据", evidence: "证据",
          noEvidence: "（无证据句）", more: "更多", hint: "点击节点查看证据；滚轮缩放，拖动平移。", none: "无结果",
          isolated: "孤立实体（无关系）", showIsolated: "在图中显示", hiddenIsolated: "孤立实体未显示",
          low: "低于置信度阈值", lowEntities: "个实体", lowRelations: "条关系", hiddenLow: "项低于置信度阈值未显示",
          confidence: "置信度" },
    en: { search: "Search entities (name or alias)", classes: "Classes", predicates: "Relations", doc: "Document",
          allDocs: "All documents", physicsOn: "Relax layout", fit: "Fit", lang: "中文", nodes: "nodes",
          edges: "edges", shown: "shown", aliases: "Aliases", amounts: "Amounts", docs: "Documents",
          relations: "Relations and evidence", evidence: "Evidence", noEvidence: "(no evidence sentence)",
          more: "more", hint: "Click a node to see its evidence; scroll to zoom, drag to pan.", none: "No match",
          isolated: "Isolated entities (no relation)", showIsolated: "show on the map",
          hiddenIsolated: "isolated not shown", low: "Below the confidence threshold", lowEntities: "entities",
          lowRelations: "relations", hiddenLow: "below the confidence threshold not shown", confidence: "confidence" }
  };
  var lang = data.lang === "en" ? "en" : "zh";
  var classInfo = {}, predInfo = {};
  data.classes.forEach(function (c) { classInfo[c.name] = c; });
  data.predicates.forEach(function (p) { predInfo[p.name] = p; });
  var nodes = data.nodes, edges = data.edges;
  var classOn = {}, predOn = {}, docSel = -1;
  data.classes.forEach(function (c) { classOn[c.name] = true; });
  data.predicates.forEach(function (p) { predOn[p.name] = true; });
  var incident = nodes.map(function () { return []; });
  edges.forEach(function (e, i) { incident[e.f].push(i); if (e.t !== e.f) incident[e.t].push(i); });
  var edgeDocs = edges.map(function (e) {
    var s = {}; e.ev.forEach(function (r) { s[r[1]] = true; }); return s;
  });
  var nodeDocs = nodes.map(function (n) {
    var s = {}; n.d.forEach(function (d) { s[d] = true; }); return s;
  });
  // entities with no relation drawn: on a big map they are a list (and a switch), not a grid of dots
  var isolated = nodes.map(function (n, i) { return incident[i].length === 0; });
  var isolatedIds = [];
  isolated.forEach(function (v, i) { if (v) isolatedIds.push(i); });
  isolatedIds.sort(function (a, b) { return nodes[a].r - nodes[b].r; });
  var showIsolated = !data.hide_isolated;
  // entities and relations below the build's confidence threshold (they carry it, q): on the page,
  // not in the first view; a switch (and a list, closest calls first) shows them
  var low = nodes.map(function (n) { return n.q !== undefined; });
  var lowEdge = edges.map(function (e) { return e.q !== undefined || low[e.f] || low[e.t]; });
  var lowIds = [], lowEdgeIds = [];
  low.forEach(function (v, i) { if (v) lowIds.push(i); });
  edges.forEach(function (e, i) { if (e.q !== undefined) lowEdgeIds.push(i); });
  lowIds.sort(function (a, b) { return nodes[b].q - nodes[a].q || a - b; });
  lowEdgeIds.sort(function (a, b) { return edges[b].q - edges[a].q || a - b; });
  var showLow = false;
  var nodeHidden = nodes.map(function (n, i) { return (isolated[i] && !showIsolated) || (low[i] && !showLow); });
  var edgeHidden = edges.map(function (e, i) { return lowEdge[i] && !showLow; });
  var byRank = nodes.map(function (n, i) { return i; });
  byRank.sort(function (a, b) { return nodes[a].r - nodes[b].r; });
  var FONT_FACE = "system-ui, \"Noto Sans CJK SC\", \"WenQuanYi Zen Hei\", sans-serif";
  var LABELS_MAX = 30, LABEL_PX = 13;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function t(key) { return UI[lang][key]; }
  function clsName(c) { return classInfo[c] ? classInfo[c][lang] : c; }
  function predName(p) { return predInfo[p] ? predInfo[p][lang] : (data.values[p] ? data.values[p][lang] : p); }
  function docText(i) {
    var d = data.docs[i];
    if (!d) return "";
    return (d.t || d.n) + (d.d ? " (" + d.d + ")" : "") + (d.t && d.n ? " · " + d.n : "");
  }
  function tooltip(n) {
    var lines = [n.l, clsName(n.c)];
    if (n.a.length) lines.push(t("aliases") + ": " + n.a.join("、"));
    n.m.forEach(function (m) { lines.push(predName(m[0]) + ": " + m[1]); });
    var shown = 0;
    incident[n.id].some(function (i) {
      var e = edges[i];
      e.ev.some(function (r) {
        if (shown >= 3) return true;
        lines.push("“" + r[0] + "” — " + docText(r[1]));
        shown += 1;
        return false;
      });
      return shown >= 3;
    });
    return lines.join("\n");
  }
  function edgeLabel(e) { return predName(e.p); }
  function edgeTip(e) {
    var lines = [nodes[e.f].l + " —" + predName(e.p) + "→ " + nodes[e.t].l];
    e.ev.slice(0, 3).forEach(function (r) { lines.push("“" + r[0] + "” — " + docText(r[1])); });
    return lines.join("\n");
  }

  var visNodes = new vis.DataSet(nodes.map(function (n) {
    return { id: n.id, label: n.l, x: n.x, y: n.y, size: n.s, title: tooltip(n),
             hidden: nodeHidden[n.id],
             color: { background: classInfo[n.c].colour, border: "#333",
                      highlight: { background: classInfo[n.c].colour, border: "#000" } } };
  }));
  var visEdges = new vis.DataSet(edges.map(function (e, i) {
    return { id: i, from: e.f, to: e.t, label: edgeLabel(e), title: edgeTip(e), hidden: edgeHidden[i],
             arrows: predInfo[e.p] && predInfo[e.p].symmetric ? "" : "to" };
  }));
  var large = !data.physics;
  // vis-network writes a name once it is this many pixels high; on a big map, names too small to
  // read are left out and the best-ranked ones written instead at a readable size (below)
  var DRAW_THRESHOLD = nodes.length > 150 ? 10 : 3;
  var options = {
    autoResize: true,
    layout: { improvedLayout: false, randomSeed: 1 },
    nodes: { shape: "dot", borderWidth: 1, font: { size: 14, face: FONT_FACE },
             scaling: { label: { drawThreshold: DRAW_THRESHOLD } } },
    edges: { smooth: false, width: 1, color: { color: "#9aa", highlight: "#c33", hover: "#c33" },
             font: { size: 10, align: "middle", color: "#444", strokeWidth: 3 },
             arrows: { to: { scaleFactor: 0.5 } } },
    interaction: { hover: !large, tooltipDelay: 150, hideEdgesOnDrag: large, hideEdgesOnZoom: large },
    physics: data.physics ? {
      enabled: true, solver: "barnesHut",
      barnesHut: { gravitationalConstant: -2500, centralGravity: 0.15, springLength: 90,
                   springConstant: 0.04, damping: 0.35, avoidOverlap: 0.1 },
      maxVelocity: 40, minVelocity: 1.5, timestep: 0.5,
      stabilization: { enabled: true, iterations: 120, updateInterval: 50, fit: true }
    } : { enabled: false }
  };
  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: visNodes, edges: visEdges }, options);
  var state = { network: network, nodes: visNodes, edges: visEdges, data: data, settledMs: null, t0: t0,
                visible: nodeHidden.filter(function (h) { return !h; }).length, labelsShown: [], firstView: [],
                isolated: isolatedIds.length, low: lowIds.length + lowEdgeIds.length };
  window.kgMap = state;

  function settled() {
    if (state.settledMs === null) state.settledMs = performance.now();
  }
  // ------------------------------------------------------------------ the first view
  // The largest connected parts, fitted to the window (the rest is a click on "Fit" away), with
  // the best-ranked names written over them at a size a person can read.
  function visibleIds() {
    var ids = [];
    nodes.forEach(function (n, i) { if (!nodeHidden[i]) ids.push(i); });
    return ids;
  }
  function fitTo(ids) {
    if (!ids.length) return;
    network.fit({ nodes: ids, animation: false });
  }
  function firstViewIds() {
    var ids = visibleIds();
    if (ids.length <= 150) return ids;
    var comp = {}, comps = [];
    ids.forEach(function (start) {
      if (comp[start] !== undefined || isolated[start]) return;
      var members = [start], k = 0;
      comp[start] = comps.length;
      while (k < members.length) {
        var i = members[k++];
        incident[i].forEach(function (e) {
          if (edgeHidden[e]) return;
          var j = edges[e].f === i ? edges[e].t : edges[e].f;
          if (comp[j] === undefined && !nodeHidden[j]) { comp[j] = comps.length; members.push(j); }
        });
      }
      comps.push(members);
    });
    if (!comps.length) return ids;
    var connected = 0;
    comps.forEach(function (c) { connected += c.length; });
    comps.sort(function (a, b) { return b.length - a.length || a[0] - b[0]; });
    var chosen = [], count = 0;
    for (var c = 0; c < comps.length && c < 12; c++) {
      if (c > 0 && count >= connected / 2) break;
      chosen = chosen.concat(comps[c]);
      count += comps[c].length;
    }
    return chosen;
  }
  function firstView() {
    state.firstView = firstViewIds();
    network.once("afterDrawing", settled);
    fitTo(state.firstView);
    network.redraw();
    openHash();
  }
  // map.html#e=<IRI> (the reports link their names so) opens on that entity, its evidence shown
  var byIri = {};
  nodes.forEach(function (n, i) { byIri[n.iri] = i; });
  function openHash() {
    var m = /^#e=(.+)$/.exec(window.location.hash || "");
    if (!m) return;
    var iri;
    try { iri = decodeURIComponent(m[1]); } catch (err) { return; }
    var i = byIri[iri];
    if (i === undefined) return;
    focusNode(i);
  }
  window.addEventListener("hashchange", openHash);
  if (!nodes.length) {
    settled();
  } else if (data.physics) {
    var stopped = false;
    var stop = function () {
      if (stopped) return;
      stopped = true;
      network.setOptions({ physics: { enabled: false } });
      firstView();
    };
    network.once("stabilizationIterationsDone", stop);
    network.once("stabilized", stop);
  } else {
    network.once("afterDrawing", firstView);
  }
  // names of the best-ranked visible entities, where vis-network draws none (zoomed out): a fixed
  // size on screen, never over one another, only inside the window
  network.on("afterDrawing", function (ctx) {
    var scale = network.getScale();
    state.labelsShown = [];
    if (14 * scale >= DRAW_THRESHOLD - 1) return;     // vis-network writes every name itself
    var w = container.clientWidth, h = container.clientHeight, placed = [];
    ctx.save();
    ctx.font = (LABEL_PX / scale) + "px " + FONT_FACE;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    ctx.lineWidth = 4 / scale;
    ctx.strokeStyle = "rgba(255,255,255,0.92)";
    ctx.fillStyle = "#111";
    for (var k = 0; k < byRank.length && placed.length < LABELS_MAX; k++) {
      var i = byRank[k];
      if (nodeHidden[i]) continue;
      var body = network.body.nodes[i];
      if (!body) continue;
      var text = nodes[i].l.length > 18 ? nodes[i].l.slice(0, 17) + "…" : nodes[i].l;
      var p = network.canvasToDOM({ x: body.x, y: body.y });
      var tw = ctx.measureText(text).width * scale;
      var top = p.y + nodes[i].s * scale + 2;
      var box = { x: p.x - tw / 2 - 2, y: top, w: tw + 4, h: LABEL_PX + 4 };
      if (box.x < 0 || box.y < 0 || box.x + box.w > w || box.y + box.h > h) continue;
      if (placed.some(function (b) {
        return box.x < b.x + b.w && b.x < box.x + box.w && box.y < b.y + b.h && b.y < box.y + box.h;
      })) continue;
      placed.push(box);
      var y = body.y + nodes[i].s + 2 / scale;
      ctx.strokeText(text, body.x, y);
      ctx.fillText(text, body.x, y);
      state.labelsShown.push({ id: i, l: nodes[i].l, x: box.x, y: box.y, w: box.w, h: box.h, px: LABEL_PX });
    }
    ctx.restore();
  });

  // ------------------------------------------------------------------ filters
  function nodeVisible(i) {
    var n = nodes[i];
    if (!classOn[n.c]) return false;
    if (isolated[i] && !showIsolated && docSel < 0) return false;
    if (low[i] && !showLow) return false;
    if (docSel < 0) return true;
    if (nodeDocs[i][docSel]) return true;
    return incident[i].some(function (k) { return edgeDocs[k][docSel]; });
  }
  function applyFilters() {
    var nodeShown = nodes.map(function (n, i) { return nodeVisible(i); });
    var nu = [], eu = [], count = 0, ecount = 0;
    nodes.forEach(function (n, i) {
      var hidden = !nodeShown[i];
      if (!hidden) count += 1;
      if (nodeHidden[i] !== hidden) { nodeHidden[i] = hidden; nu.push({ id: i, hidden: hidden }); }
    });
    edges.forEach(function (e, i) {
      var hidden = !(predOn[e.p] && nodeShown[e.f] && nodeShown[e.t] && (docSel < 0 || edgeDocs[i][docSel])
                     && (showLow || !lowEdge[i]));
      if (!hidden) ecount += 1;
      if (edgeHidden[i] !== hidden) { edgeHidden[i] = hidden; eu.push({ id: i, hidden: hidden }); }
    });
    if (nu.length) visNodes.update(nu);
    if (eu.length) visEdges.update(eu);
    state.visible = count;
    state.visibleEdges = ecount;
    status();
    fitTo(visibleIds());          // every filter fits the view to what it leaves
  }
  function status() {
    var s = document.getElementById("kg-status");
    var total = nodes.length + " " + t("nodes") + " · " + edges.length + " " + t("edges");
    if (state.visible !== nodes.length) total += " (" + t("shown") + " " + state.visible + ")";
    if (isolatedIds.length && !showIsolated && docSel < 0) {
      total += " · " + isolatedIds.length + " " + t("hiddenIsolated");
    }
    if (state.low && !showLow) total += " · " + state.low + " " + t("hiddenLow");
    s.textContent = total;
    s.setAttribute("data-nodes", String(nodes.length));
    s.setAttribute("data-visible", String(state.visible));
  }

  function checkbox(id, on, onChange) {
    var box = el("input");
    box.type = "checkbox"; box.checked = on; box.id = id;
    box.addEventListener("change", function () { onChange(box.checked); });
    return box;
  }
  function buildLegend() {
    var legend = document.getElementById("kg-legend");
    legend.textContent = "";
    data.classes.forEach(function (c) {
      if (!c.count) return;
      var row = el("label", null, "kg-check");
      row.appendChild(checkbox("kg-class-" + c.name, classOn[c.name], function (v) { classOn[c.name] = v; applyFilters(); }));
      var sw = el("span", null, "kg-swatch");
      sw.style.background = c.colour;
      row.appendChild(sw);
      row.appendChild(el("span", c[lang]));
      row.appendChild(el("span", c.count, "kg-count"));
      legend.appendChild(row);
    });
    var preds = document.getElementById("kg-predicates");
    preds.textContent = "";
    data.predicates.forEach(function (p) {
      if (!p.count) return;
      var row = el("label", null, "kg-check");
      row.appendChild(checkbox("kg-pred-" + p.name, predOn[p.name], function (v) { predOn[p.name] = v; applyFilters(); }));
      row.appendChild(el("span", p[lang]));
      row.appendChild(el("span", p.count, "kg-count"));
      preds.appendChild(row);
    });
    var sel = document.getElementById("kg-doc");
    sel.textContent = "";
    var all = el("option", t("allDocs")); all.value = "-1"; sel.appendChild(all);
    data.docs.forEach(function (d, i) {
      var o = el("option", docText(i)); o.value = String(i); sel.appendChild(o);
    });
    sel.value = String(docSel);
    var box = document.getElementById("kg-isolated-box");
    box.style.display = isolatedIds.length ? "" : "none";
    document.getElementById("kg-h-isolated").textContent = t("isolated") + " " + isolatedIds.length;
    document.getElementById("kg-isolated-label").textContent = t("showIsolated");
    var toggle = document.getElementById("kg-isolated");
    toggle.checked = showIsolated;
    var list = document.getElementById("kg-isolated-list");
    if (!list.childNodes.length) {
      isolatedIds.slice(0, 500).forEach(function (i) {
        var li = el("li", nodes[i].l + " · " + clsName(nodes[i].c));
        li.addEventListener("click", function () { showNode(i); });
        list.appendChild(li);
      });
      if (isolatedIds.length > 500) list.appendChild(el("li", "… " + (isolatedIds.length - 500) + " " + t("more")));
    }
  }
  function buildLow() {
    var box = document.getElementById("kg-low-box");
    box.style.display = state.low ? "" : "none";
    document.getElementById("kg-h-low").textContent = t("low") + " (" + data.min_confidence + "): " +
      lowIds.length + " " + t("lowEntities") + ", " + lowEdgeIds.length + " " + t("lowRelations");
    document.getElementById("kg-low-label").textContent = t("showIsolated");
    document.getElementById("kg-low").checked = showLow;
    var list = document.getElementById("kg-low-list");
    list.textContent = "";
    lowIds.slice(0, 500).forEach(function (i) {
      var li = el("li", nodes[i].l + " · " + clsName(nodes[i].c) + " · " + nodes[i].q);
      li.addEventListener("click", function () { focusNode(i); });
      list.appendChild(li);
    });
    lowEdgeIds.slice(0, 500).forEach(function (k) {
      var e = edges[k];
      var li = el("li", nodes[e.f].l + " → " + predName(e.p) + " → " + nodes[e.t].l + " · " + e.q);
      li.addEventListener("click", function () { revealLow(); focusNode(e.f); showEdge(k); });
      list.appendChild(li);
    });
    var more = Math.max(0, lowIds.length - 500) + Math.max(0, lowEdgeIds.length - 500);
    if (more) list.appendChild(el("li", "… " + more + " " + t("more")));
  }
  function revealLow() {
    if (showLow) return;
    showLow = true;
    document.getElementById("kg-low").checked = true;
    applyFilters();
  }
  document.getElementById("kg-low").addEventListener("change", function (ev) {
    showLow = ev.target.checked;
    applyFilters();
  });
  document.getElementById("kg-isolated").addEventListener("change", function (ev) {
    showIsolated = ev.target.checked;
    applyFilters();
  });
  document.getElementById("kg-doc").addEventListener("change", function (ev) {
    docSel = parseInt(ev.target.value, 10);
    applyFilters();
  });

  // ------------------------------------------------------------------ details
  var current = null;
  function evidenceList(parent, rows, total) {
    if (!rows.length) { parent.appendChild(el("div", t("noEvidence"), "kg-source")); return; }
    rows.forEach(function (r) {
      var box = el("div", null, "kg-evidence");
      box.appendChild(el("div", r[0]));
      box.appendChild(el("div", docText(r[1]), "kg-source"));
      parent.appendChild(box);
    });
    if (total > rows.length) parent.appendChild(el("div", "… " + (total - rows.length) + " " + t("more"), "kg-source"));
  }
  function showNode(i) {
    current = { node: i };
    var n = nodes[i], box = document.getElementById("kg-details");
    box.textContent = "";
    box.appendChild(el("h2", n.l));
    box.appendChild(el("div", clsName(n.c) + " · " + n.iri, "kg-meta"));
    if (n.q !== undefined) box.appendChild(el("div", t("confidence") + " " + n.q + " < " + data.min_confidence, "kg-meta"));
    if (n.a.length) box.appendChild(el("div", t("aliases") + ": " + n.a.join("、"), "kg-meta"));
    if (n.m.length) {
      box.appendChild(el("h3", t("amounts")));
      var ul = el("ul");
      n.m.forEach(function (m) { ul.appendChild(el("li", predName(m[0]) + ": " + m[1])); });
      box.appendChild(ul);
      evidenceList(box, n.ve, n.ve.length);
    }
    if (n.d.length) {
      box.appendChild(el("h3", t("docs")));
      var dl = el("ul");
      n.d.forEach(function (d) { dl.appendChild(el("li", docText(d))); });
      box.appendChild(dl);
    }
    box.appendChild(el("h3", t("relations")));
    var shown = 0;
    incident[i].forEach(function (k) {
      if (shown >= 60) return;
      shown += 1;
      var e = edges[k];
      var other = e.f === i ? nodes[e.t] : nodes[e.f];
      var head = e.f === i ? "→ " + predName(e.p) + " → " + other.l : "← " + predName(e.p) + " ← " + other.l;
      box.appendChild(el("div", head, "kg-meta"));
      evidenceList(box, e.ev, e.n);
    });
    if (incident[i].length > shown) box.appendChild(el("div", "… " + (incident[i].length - shown) + " " + t("more"), "kg-source"));
    if (!incident[i].length) box.appendChild(el("div", t("noEvidence"), "kg-source"));
  }
  function showEdge(k) {
    current = { edge: k };
    var e = edges[k], box = document.getElementById("kg-details");
    box.textContent = "";
    box.appendChild(el("h2", nodes[e.f].l + " → " + predName(e.p) + " → " + nodes[e.t].l));
    if (e.q !== undefined) box.appendChild(el("div", t("confidence") + " " + e.q + " < " + data.min_confidence, "kg-meta"));
    box.appendChild(el("h3", t("evidence")));
    evidenceList(box, e.ev, e.n);
  }
  function redrawDetails() {
    if (!current) { document.getElementById("kg-details").textContent = t("hint"); return; }
    if (current.node !== undefined) showNode(current.node); else showEdge(current.edge);
  }
  network.on("click", function (p) {
    if (p.nodes.length) showNode(p.nodes[0]);
    else if (p.edges.length) showEdge(p.edges[0]);
  });
  state.showNode = showNode;

  // ------------------------------------------------------------------ search
  var search = document.getElementById("kg-search");
  function focusNode(i) {
    if (nodeHidden[i] && low[i] && !showLow) revealLow();    // one below the threshold asked for: draw them
    if (nodeHidden[i] && isolated[i] && !showIsolated) {     // an isolated entity asked for: draw them
      showIsolated = true;
      document.getElementById("kg-isolated").checked = true;
      applyFilters();
    }
    network.selectNodes([i]);
    network.focus(i, { scale: Math.max(network.getScale(), 1.0), animation: false });
    showNode(i);
  }
  function matches(q) {
    q = q.trim().toLowerCase();
    if (!q) return [];
    var exact = [], part = [];
    nodes.forEach(function (n, i) {
      var names = [n.l].concat(n.a);
      if (names.some(function (s) { return s.toLowerCase() === q; })) exact.push(i);
      else if (names.some(function (s) { return s.toLowerCase().indexOf(q) >= 0; })) part.push(i);
    });
    return exact.concat(part);
  }
  function showResults() {
    var list = document.getElementById("kg-results");
    list.textContent = "";
    var found = matches(search.value);
    if (search.value.trim() && !found.length) list.appendChild(el("li", t("none")));
    found.slice(0, 30).forEach(function (i) {
      var li = el("li", nodes[i].l + " · " + clsName(nodes[i].c));
      li.addEventListener("click", function () { focusNode(i); });
      list.appendChild(li);
    });
    return found;
  }
  search.addEventListener("input", showResults);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { var f = showResults(); if (f.length) focusNode(f[0]); }
  });

  // ------------------------------------------------------------------ buttons, language
  document.getElementById("kg-fit").addEventListener("click", function () { fitTo(visibleIds()); });
  // a bounded relaxation for graphs the browser can simulate; above that the button is hidden
  // (stabilize() blocks the page: seconds per few iterations at thousands of nodes)
  if (large) document.getElementById("kg-physics").style.display = "none";
  document.getElementById("kg-physics").addEventListener("click", function () {
    network.setOptions({ physics: { enabled: true, stabilization: { enabled: true, iterations: 150, fit: false } } });
    network.once("stabilized", function () { network.setOptions({ physics: { enabled: false } }); });
    network.stabilize(150);
  });
  function applyLanguage() {
    document.documentElement.lang = lang === "zh" ? "zh-Hans" : "en";
    search.placeholder = t("search");
    document.getElementById("kg-lang").textContent = t("lang");
    document.getElementById("kg-h-classes").textContent = t("classes");
    document.getElementById("kg-h-predicates").textContent = t("predicates");
    document.getElementById("kg-h-doc").textContent = t("doc");
    document.getElementById("kg-physics").textContent = t("physicsOn");
    document.getElementById("kg-fit").textContent = t("fit");
    buildLegend();
    buildLow();
    status();
    redrawDetails();
  }
  document.getElementById("kg-lang").addEventListener("click", function () {
    lang = lang === "zh" ? "en" : "zh";
    visEdges.update(edges.map(function (e, i) { return { id: i, label: edgeLabel(e), title: edgeTip(e) }; }));
    visNodes.update(nodes.map(function (n) { return { id: n.id, title: tooltip(n) }; }));
    applyLanguage();
    showResults();
  });
  state.setLanguage = function (l) { if (l !== lang) document.getElementById("kg-lang").click(); };
  applyLanguage();
})();
