/* kg serve's query page: a query box, the named queries, results as a table; an entity in the
   results opens its evidence (the named query evidence-for).  Requests go to this server only
   (connect-src 'self'); every text from the store is written with textContent. */
(function () {
  "use strict";
  var info = JSON.parse(document.getElementById("kg-queries").textContent);
  var named = document.getElementById("q-named"), box = document.getElementById("q-text");
  var argBox = document.getElementById("q-args"), out = document.getElementById("q-results");
  var status = document.getElementById("q-status"), evidence = document.getElementById("q-evidence");
  var byName = {};
  var state = { runs: 0, lastRows: null, evidenceFor: null };
  window.kgQuery = state;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  var free = el("option", "SPARQL"); free.value = ""; named.appendChild(free);
  info.queries.forEach(function (q) {
    byName[q.name] = q;
    var o = el("option", q.name + (q.params.length ? " " + q.params.map(function (p) { return p[0].toUpperCase(); }).join(" ") : ""));
    o.value = q.name;
    o.title = q.description;
    named.appendChild(o);
  });
  function chosen() { return named.value ? byName[named.value] : null; }
  function showArgs() {
    argBox.textContent = "";
    var q = chosen();
    document.getElementById("q-description").textContent = q ? q.description : "";
    box.readOnly = !!q;
    if (!q) return;
    box.value = q.text;
    q.params.forEach(function (p, i) {
      var label = el("label", p[0] + " ", "q-arg");
      var input = el("input");
      input.id = "q-arg-" + i;
      input.placeholder = p[1];
      input.addEventListener("keydown", function (ev) { if (ev.key === "Enter") run(); });
      label.appendChild(input);
      argBox.appendChild(label);
    });
  }
  named.addEventListener("change", showArgs);

  function short(iri) {
    var m = /[#\/]([^#\/]+)$/.exec(iri);
    return m ? m[1] : iri;
  }
  function cell(term) {
    var td = el("td");
    if (!term) return td;
    if (term.type === "uri") {
      var a = el("a", short(term.value), "q-entity");
      a.href = "#";
      a.title = term.value;
      a.setAttribute("data-iri", term.value);
      a.addEventListener("click", function (ev) { ev.preventDefault(); explain(term.value); });
      td.appendChild(a);
    } else {
      td.textContent = term.value;
      if (term.datatype && /#(integer|decimal|double|float)$/.test(term.datatype)) td.className = "n";
    }
    return td;
  }
  function table(json) {
    var t = el("table"), head = el("tr");
    json.head.vars.forEach(function (v) { head.appendChild(el("th", v)); });
    var thead = el("thead"); thead.appendChild(head); t.appendChild(thead);
    var body = el("tbody");
    json.results.bindings.forEach(function (b) {
      var tr = el("tr");
      json.head.vars.forEach(function (v) { tr.appendChild(cell(b[v])); });
      body.appendChild(tr);
    });
    t.appendChild(body);
    return t;
  }
  function request() {
    var q = chosen();
    if (q) {
      var params = new URLSearchParams();
      params.append("name", q.name);
      q.params.forEach(function (p, i) { params.append("arg", document.getElementById("q-arg-" + i).value); });
      return fetch("named?" + params.toString(), { headers: { Accept: "application/sparql-results+json" } });
    }
    return fetch("sparql", { method: "POST", body: new URLSearchParams({ query: box.value }),
                             headers: { "Content-Type": "application/x-www-form-urlencoded",
                                        Accept: "application/sparql-results+json" } });
  }
  function show(resp, into, done) {
    return resp.text().then(function (text) {
      into.textContent = "";
      var type = resp.headers.get("Content-Type") || "";
      if (!resp.ok) { into.appendChild(el("pre", text, "q-error")); done(null); return; }
      if (type.indexOf("json") < 0) { into.appendChild(el("pre", text)); done(null); return; }
      var json = JSON.parse(text);
      if (json.boolean !== undefined) { into.appendChild(el("p", String(json.boolean))); done(null); return; }
      into.appendChild(table(json));
      var cut = resp.headers.get("X-KG-Truncated");
      if (cut) into.appendChild(el("p", cut, "q-note"));
      done(json.results.bindings.length);
    });
  }
  function run() {
    status.textContent = "…";
    var t0 = performance.now();
    request().then(function (resp) {
      return show(resp, out, function (rows) {
        state.runs += 1;
        state.lastRows = rows;
        status.textContent = rows === null ? "" : rows + " rows · " + Math.round(performance.now() - t0) + " ms";
      });
    }).catch(function (err) { status.textContent = String(err); });
  }
  function explain(iri) {
    evidence.textContent = "";
    evidence.appendChild(el("h2", iri));
    var params = new URLSearchParams();
    params.append("name", "evidence-for");
    params.append("arg", iri);
    var into = el("div");
    evidence.appendChild(into);
    fetch("named?" + params.toString(), { headers: { Accept: "application/sparql-results+json" } })
      .then(function (resp) {
        return show(resp, into, function (rows) { state.evidenceFor = iri; state.evidenceRows = rows; });
      })
      .catch(function (err) { into.textContent = String(err); });
  }
  state.explain = explain;
  document.getElementById("q-run").addEventListener("click", run);
  box.addEventListener("keydown", function (ev) { if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) run(); });
  showArgs();
})();
