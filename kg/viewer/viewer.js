/* kg graph viewer: legend/filters, search, side panel with facts and evidence.
 *
 * Every string that comes from the data (labels, facts, article titles,
 * sentences) is untrusted: it is put on screen with textContent or as the
 * value of a form control, never parsed as HTML.  Tooltips are DOM elements.
 */
(function () {
  "use strict";

  var MAX_LINKS = 60;
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var K = data.kg;
  var typeInfo = {};
  K.types.forEach(function (t) { typeInfo[t.type] = t; });

  // ------------------------------------------------------------ DOM helpers
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function norm(s) { return String(s).toLocaleLowerCase("de").normalize("NFC"); }
  function short(s, n) { s = String(s); return s.length > n ? s.slice(0, n - 1) + "\u2026" : s; }
  function typeName(t) { return typeInfo[t] ? typeInfo[t].name : t; }
  function swatch(t) {
    var info = typeInfo[t] || { color: "#8c8c8c", shape: "dot" };
    var s = el("span", "kg-swatch kg-shape-" + info.shape);
    s.style.backgroundColor = info.color;
    return s;
  }

  // ------------------------------------------------------------ data
  var nodeList = data.vis.nodes;
  var edgeList = data.vis.edges;
  var byId = {};
  nodeList.forEach(function (n) { byId[n.id] = n; });
  var adjacency = {};
  edgeList.forEach(function (e) {
    (adjacency[e.from] = adjacency[e.from] || []).push(e.id);
    (adjacency[e.to] = adjacency[e.to] || []).push(e.id);
  });
  function nodeLabel(id) { return byId[id] ? byId[id].kgName : id; }

  function tooltip(lines) {
    var box = el("div", "kg-tip");
    lines.forEach(function (line, i) { if (line) { box.appendChild(el("div", i === 0 ? "kg-tip-head" : "", line)); } });
    return box;
  }
  nodeList.forEach(function (n) {
    n.title = tooltip([n.kgName, typeName(n.kgType) + " \u00b7 " + n.kgDeg + " Verbindungen \u00b7 " + n.kgEvN + " Belege"]
      .concat(n.kgFacts.slice(0, 3).map(function (f) { return short(f, 90); })));
  });
  edgeList.forEach(function (e) {
    e.title = tooltip([nodeLabel(e.from) + " \u2192 " + e.label + " \u2192 " + nodeLabel(e.to), e.kgEvN + " Belege"]);
  });

  var nodes = new vis.DataSet(nodeList);
  var edges = new vis.DataSet(edgeList);
  var hiddenTypes = {};
  var article = -1;
  function nodeVisible(n) {
    if (hiddenTypes[n.kgType]) { return false; }
    return article < 0 || n.kgArts.indexOf(article) >= 0;
  }
  function edgeVisible(e) {
    var a = nodes.get(e.from), b = nodes.get(e.to);
    if (!a || !b || !nodeVisible(a) || !nodeVisible(b)) { return false; }
    return article < 0 || e.kgArts.length === 0 || e.kgArts.indexOf(article) >= 0;
  }
  var nodeView = new vis.DataView(nodes, { filter: nodeVisible });
  var edgeView = new vis.DataView(edges, { filter: edgeVisible });

  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.vis.options);
  var state = { nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView, network: network,
                drawn: false, stabilized: false, selected: null, errors: [] };
  window.kgViewer = state;
  network.once("afterDrawing", function () { state.drawn = true; state.firstDrawAt = performance.now(); });
  network.on("stabilized", function () { state.stabilized = true; });

  // ------------------------------------------------------------ panel
  var panel = document.getElementById("kg-panel");

  function section(title, count) {
    var h = el("h3", "kg-sec", title);
    if (count !== undefined) { h.appendChild(el("span", "kg-count", String(count))); }
    panel.appendChild(h);
  }
  function linkButton(text, onClick, cls) {
    var b = el("button", "kg-link" + (cls ? " " + cls : ""), text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }
  function factsList(facts) {
    if (!facts.length) { return; }
    section("Fakten", facts.length);
    var ul = el("ul", "kg-facts");
    facts.forEach(function (f) { ul.appendChild(el("li", "", f)); });
    panel.appendChild(ul);
  }
  function articleLine(idx) {
    var a = K.articles[idx];
    return (a[2] ? a[2] + " \u00b7 " : "") + a[1];
  }
  function evidenceList(item) {
    var n = item.kgEvN;
    section("Belege", n > item.kgEv.length ? item.kgEv.length + " von " + n : n);
    if (!n) { panel.appendChild(el("p", "kg-muted", "Keine Belegs\u00e4tze.")); return; }
    var list = el("ol", "kg-evidence");
    item.kgEv.forEach(function (ev) {
      var s = K.sentences[ev[0]];
      var li = el("li", "kg-ev");
      li.appendChild(el("div", "kg-ev-src", articleLine(s[0])));
      var p = el("p", "kg-ev-text");
      var chars = Array.from(s[1]);
      var a = ev[1], b = ev[2];
      if (a >= 0 && b > a && b <= chars.length) {
        p.appendChild(document.createTextNode(chars.slice(0, a).join("")));
        p.appendChild(el("mark", "", chars.slice(a, b).join("")));
        p.appendChild(document.createTextNode(chars.slice(b).join("")));
      } else {
        p.textContent = s[1];
      }
      li.appendChild(p);
      list.appendChild(li);
    });
    panel.appendChild(list);
  }
  function articlesList(item) {
    if (!item.kgArts.length) { return; }
    section("Artikel", item.kgArts.length);
    var ul = el("ul", "kg-arts");
    item.kgArts.slice(0, 12).forEach(function (i) { ul.appendChild(el("li", "", articleLine(i))); });
    if (item.kgArts.length > 12) { ul.appendChild(el("li", "kg-muted", "\u2026 und " + (item.kgArts.length - 12) + " weitere")); }
    panel.appendChild(ul);
  }
  function header(typeKey, typeText, title, iri) {
    var head = el("div", "kg-head");
    var badge = el("span", "kg-badge");
    if (typeKey) { badge.appendChild(swatch(typeKey)); }
    badge.appendChild(document.createTextNode(typeText));
    head.appendChild(badge);
    head.appendChild(el("h2", "kg-name", title));
    if (iri) { head.appendChild(el("div", "kg-iri", iri)); }
    panel.appendChild(head);
  }

  function showNode(id) {
    var n = nodes.get(id);
    if (!n) { return; }
    state.selected = { node: id };
    clear(panel);
    header(n.kgType, typeName(n.kgType) + " \u00b7 " + n.kgDeg + " Verbindungen", n.kgName, n.id);
    factsList(n.kgFacts);
    var links = (adjacency[id] || []).map(function (eid) { return edges.get(eid); });
    if (links.length) {
      section("Verbindungen", links.length);
      var ul = el("ul", "kg-links");
      links.slice(0, MAX_LINKS).forEach(function (e) {
        var out = e.from === id;
        var other = out ? e.to : e.from;
        var li = el("li");
        li.appendChild(linkButton((out ? "\u2192 " : "\u2190 ") + e.label, function () { selectEdge(e.id); }, "kg-rel"));
        li.appendChild(linkButton(nodeLabel(other), function () { selectNode(other, true); }));
        ul.appendChild(li);
      });
      if (links.length > MAX_LINKS) { ul.appendChild(el("li", "kg-muted", "\u2026 und " + (links.length - MAX_LINKS) + " weitere")); }
      panel.appendChild(ul);
    }
    evidenceList(n);
    articlesList(n);
  }

  function showEdge(id) {
    var e = edges.get(id);
    if (!e) { return; }
    state.selected = { edge: id };
    clear(panel);
    header(null, "Beziehung", e.kgLabel, "");
    var rel = el("div", "kg-rel-line");
    rel.appendChild(linkButton(nodeLabel(e.from), function () { selectNode(e.from, true); }));
    rel.appendChild(el("span", "kg-arrow", " \u2192 " + e.kgLabel + " \u2192 "));
    rel.appendChild(linkButton(nodeLabel(e.to), function () { selectNode(e.to, true); }));
    panel.appendChild(rel);
    factsList(e.kgFacts);
    evidenceList(e);
    articlesList(e);
  }

  function showOverview() {
    state.selected = null;
    clear(panel);
    panel.appendChild(el("h2", "kg-name", "\u00dcbersicht"));
    panel.appendChild(el("p", "kg-hint", "Knoten oder Kante anklicken: Fakten und Belegs\u00e4tze erscheinen hier. " +
      "Legende anklicken: Typ ein-/ausblenden."));
    var s = K.summary;
    var p = el("p", "", s.nodes_shown + " Knoten, " + s.edges_shown + " Kanten, " + K.articles.length + " Artikel.");
    panel.appendChild(p);
    if (s.nodes_left_out) {
      panel.appendChild(el("p", "kg-note", s.nodes_left_out + " Knoten und " + s.edges_left_out +
        " Kanten ausgelassen" + (s.reason ? ": " + s.reason : "") + "."));
    }
    if (!s.physics && K.big) {
      panel.appendChild(el("p", "kg-muted", "Gro\u00dfer Graph: Layout vorberechnet, Physik aus (oben einschaltbar)."));
    }
    var top = nodeList.slice().sort(function (a, b) {
      return b.kgDeg - a.kgDeg || (a.kgName < b.kgName ? -1 : a.kgName > b.kgName ? 1 : 0);
    }).slice(0, 12);
    if (top.length) {
      section("Wichtigste Knoten");
      var ul = el("ul", "kg-links");
      top.forEach(function (n) {
        var li = el("li");
        li.appendChild(swatch(n.kgType));
        li.appendChild(linkButton(n.kgName, function () { selectNode(n.id, true); }));
        li.appendChild(el("span", "kg-count", String(n.kgDeg)));
        ul.appendChild(li);
      });
      panel.appendChild(ul);
    }
  }

  // ------------------------------------------------------------ selection
  function ensureVisible(id) {
    var n = nodes.get(id);
    if (n && !nodeVisible(n)) { resetFilters(); }
  }
  function selectNode(id, move) {
    if (!nodes.get(id)) { return false; }
    ensureVisible(id);
    network.selectNodes([id], true);
    if (move) {
      network.focus(id, { scale: Math.max(network.getScale(), 0.6), animation: { duration: 350, easingFunction: "easeInOutQuad" } });
    }
    showNode(id);
    return true;
  }
  function selectEdge(id) {
    var e = edges.get(id);
    if (!e) { return; }
    ensureVisible(e.from); ensureVisible(e.to);
    network.setSelection({ nodes: [], edges: [id] }, { unselectAll: true, highlightEdges: false });
    showEdge(id);
  }
  state.selectNode = selectNode;
  state.selectEdge = selectEdge;

  network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
    else { showOverview(); }
  });

  // ------------------------------------------------------------ search
  var input = document.getElementById("kg-search");
  var status = document.getElementById("kg-search-status");
  var datalist = document.getElementById("kg-labels");
  var seen = {};
  nodeList.map(function (n) { return n.kgName; }).sort().forEach(function (label) {
    if (seen[label]) { return; }
    seen[label] = true;
    var o = document.createElement("option");
    o.value = label;
    datalist.appendChild(o);
  });
  function find(query) {
    var q = norm(query).trim();
    if (!q) { return null; }
    var best = null, bestRank = 9;
    nodeList.forEach(function (n) {
      var l = norm(n.kgName);
      var rank = l === q ? 0 : l.indexOf(q) === 0 ? 1 : l.indexOf(q) > 0 ? 2 : 9;
      if (rank < bestRank || (rank === bestRank && best && n.kgDeg > best.kgDeg)) { best = n; bestRank = rank; }
    });
    return bestRank < 9 ? best : null;
  }
  state.find = function (q) { var n = find(q); return n ? n.id : null; };
  function search() {
    var hit = find(input.value);
    if (hit) { status.textContent = ""; selectNode(hit.id, true); }
    else { status.textContent = input.value.trim() ? "nicht gefunden" : ""; }
  }
  document.getElementById("kg-search-form").addEventListener("submit", function (ev) { ev.preventDefault(); search(); });
  input.addEventListener("change", search);

  // ------------------------------------------------------------ filters
  var legend = document.getElementById("kg-legend");
  K.types.forEach(function (t) {
    var label = el("label", "kg-type");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = t.type;
    box.addEventListener("change", function () {
      if (box.checked) { delete hiddenTypes[t.type]; } else { hiddenTypes[t.type] = true; }
      refresh();
    });
    label.appendChild(box);
    label.appendChild(swatch(t.type));
    label.appendChild(document.createTextNode(t.name));
    label.appendChild(el("span", "kg-count", String(t.count)));
    legend.appendChild(label);
  });
  var select = document.getElementById("kg-article");
  K.articles.map(function (a, i) { return [a, i]; }).sort(function (x, y) {
    var a = x[0], b = y[0];
    return a[2] < b[2] ? 1 : a[2] > b[2] ? -1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
  }).forEach(function (pair) {
    var o = document.createElement("option");
    o.value = String(pair[1]);
    o.textContent = short(articleLine(pair[1]), 80);
    select.appendChild(o);
  });
  select.addEventListener("change", function () {
    article = select.value === "" ? -1 : parseInt(select.value, 10);
    refresh();
  });
  function refresh() {
    nodeView.refresh();
    edgeView.refresh();
  }
  function resetFilters() {
    hiddenTypes = {};
    article = -1;
    select.value = "";
    Array.prototype.forEach.call(legend.querySelectorAll("input"), function (b) { b.checked = true; });
    refresh();
  }

  // ------------------------------------------------------------ toolbar
  var physics = document.getElementById("kg-physics");
  physics.addEventListener("change", function () { network.setOptions({ physics: { enabled: physics.checked } }); });
  document.getElementById("kg-fit").addEventListener("click", function () { network.fit({ animation: { duration: 300 } }); });
  document.getElementById("kg-reset").addEventListener("click", function () {
    resetFilters();
    network.unselectAll();
    input.value = "";
    status.textContent = "";
    showOverview();
    network.fit({ animation: { duration: 300 } });
  });

  showOverview();
  if (K.summary.focus_nodes.length) {
    network.selectNodes(K.summary.focus_nodes.filter(function (id) { return !!nodes.get(id); }));
    showNode(K.summary.focus_nodes[0]);
  }
})();
