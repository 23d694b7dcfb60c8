(function () {
  "use strict";
  var errors = [];
  window.addEventListener("error", function (e) { errors.push(String(e.message)); document.body.setAttribute("data-errors", errors.join(" | ")); });

  var report = JSON.parse(document.getElementById("report-data").textContent);
  function el(tag, text, cls) { var e = document.createElement(tag); if (text !== undefined && text !== null) e.textContent = String(text); if (cls) e.className = cls; return e; }
  function ms(v) { return v < 1000 ? Math.round(v) + " ms" : (v / 1000).toFixed(2) + " s"; }
  function label(p, tfm) { return tfm ? p + " (" + tfm + ")" : p; }
  function row(tbody, cells) {
    var tr = document.createElement("tr");
    cells.forEach(function (c) {
      var td = el("td", c.text, c.cls);
      if (c.sort !== undefined) td.setAttribute("data-sort", String(c.sort));
      tr.appendChild(td);
    });
    tbody.appendChild(tr);
  }
  function num(v) { return { text: (Math.round(v * 10) / 10).toString(), cls: "num", sort: v }; }

  var s = report.summary;
  document.getElementById("headline").textContent = "Build " + (s.succeeded ? "succeeded" : "FAILED") + " in " + ms(s.wallMs) + ": " + s.projects + " projects (" +
    s.projectBuilds + " project builds on " + s.nodes + " nodes), " + s.projectsRebuilt + " did work; " + s.targetsRun + " targets ran, " +
    s.targetsSkippedUpToDate + " skipped as up to date; " + s.errors + " errors, " + s.warnings + " warnings.";
  var f = report.flowForge;
  var ffLine = f.records === 0 ? "FlowForge: no records from this build." :
    "FlowForge: " + f.records + " project builds checked, " + f.inputsChanged + " of " + f.inputsChecked + " inputs changed by content; " +
    (f.gateActive ? f.compilesSkipped + " compiles skipped, " + f.compilesRestored + " restored from cache, " + f.compiled + " compiled" : "compile gate not active") +
    (f.cacheActive ? "; cache hit rate " + (f.cacheHitRate === undefined ? "n/a" : Math.round(f.cacheHitRate * 100) + "%") + ", ~" + ms(f.timeSavedMs) + " saved" : "");
  document.getElementById("flowforge-line").textContent = ffLine;
  if (report.git) {
    var g = report.git;
    document.getElementById("git").textContent = "git: " + [g.shortCommit || g.commit, g.branch ? "branch " + g.branch : null, g.describe, g.dirty === "true" ? "dirty" : null].filter(Boolean).join(", ");
  }
  var flags = document.getElementById("flags");
  (report.flags || []).concat((report.readerWarnings || []).map(function (w) { return { message: w }; })).forEach(function (fl) { flags.appendChild(el("li", fl.message)); });
  document.getElementById("binlog").textContent = report.binlog;

  // Timeline: one block of lanes per node; overlapping project builds (a project yielding while its references build) stack in lanes.
  var timeline = document.getElementById("timeline");
  var width = Math.max(timeline.clientWidth || 1000, 600) - 90;
  var total = Math.max(s.wallMs, 1);
  var scale = width / total;
  var axis = el("div", null, "axis");
  for (var t = 0; t <= 10; t++) {
    var tick = el("span", ms(total * t / 10), "tick");
    tick.style.left = (70 + width * t / 10) + "px";
    axis.appendChild(tick);
  }
  timeline.appendChild(axis);
  var byNode = {};
  (report.timeline || []).forEach(function (b) { (byNode[b.node] = byNode[b.node] || []).push(b); });
  Object.keys(byNode).map(Number).sort(function (a, b) { return a - b; }).forEach(function (node) {
    var lanes = [];
    byNode[node].sort(function (a, b) { return a.startMs - b.startMs; }).forEach(function (bar) {
      var lane = 0;
      while (lane < lanes.length && lanes[lane].end > bar.startMs) lane++;
      if (lane === lanes.length) lanes.push({ end: 0, bars: [] });
      lanes[lane].end = bar.endMs;
      lanes[lane].bars.push(bar);
    });
    lanes.forEach(function (lane, i) {
      var div = el("div", null, "lane");
      div.setAttribute("data-node", String(node));
      if (i === 0) div.appendChild(el("span", "node " + node, "lane-label"));
      lane.bars.forEach(function (bar) {
        var b = el("div", null, "bar" + (bar.critical ? " critical" : ""));
        b.style.left = (70 + bar.startMs * scale) + "px";
        b.style.width = Math.max(2, (bar.endMs - bar.startMs) * scale) + "px";
        (bar.criticalSpans || []).forEach(function (span) {
          var c = el("span", null, "critical-span");
          c.style.left = ((span[0] - bar.startMs) * scale) + "px";
          c.style.width = Math.max(1, (span[1] - span[0]) * scale) + "px";
          b.appendChild(c);
        });
        b.appendChild(el("span", label(bar.project, bar.targetFramework), "bar-label"));
        b.title = label(bar.project, bar.targetFramework) + ": " + ms(bar.endMs - bar.startMs) + " (" + ms(bar.startMs) + " → " + ms(bar.endMs) + ")" + (bar.critical ? " — on the critical path" : "");
        div.appendChild(b);
      });
      timeline.appendChild(div);
    });
  });

  document.getElementById("critical-total").textContent = "(" + ms(report.criticalPath.totalMs) + ")";
  var tb = document.querySelector("#critical-table tbody");
  report.criticalPath.steps.forEach(function (st, i) { row(tb, [num(i + 1), { text: label(st.project, st.targetFramework) }, num(st.ms), num(st.startMs), num(st.endMs)]); });

  tb = document.querySelector("#why-table tbody");
  (report.rebuilt || []).forEach(function (w) {
    var lines = [];
    if (w.flowForge) {
      if (w.flowForge.decision) lines.push("FlowForge: " + w.flowForge.decision + (w.flowForge.reasons.length ? " — " + w.flowForge.reasons.join("; ") : ""));
      if (w.flowForge.changed.length) lines.push("changed: " + w.flowForge.changed.map(function (c) { return c.path + (c.changedMembers ? " [" + c.changedMembers.join(", ") + "]" : ""); }).join(", "));
      else if (w.flowForge.summary && !w.flowForge.decision) lines.push("FlowForge: " + w.flowForge.summary);
      if (w.flowForge.cacheResult && w.flowForge.cacheResult !== "off") lines.push("cache: " + w.flowForge.cacheResult + (w.flowForge.cacheSource ? " (" + w.flowForge.cacheSource + ")" : ""));
    }
    w.targets.forEach(function (t) { lines.push(t.target + ": " + (t.reasons.length ? t.reasons.join("; ") : "ran (outputs out of date)")); });
    if (w.filesCopied) lines.push("copied " + w.filesCopied + " file(s)" + (w.copiedExamples.length ? ": " + w.copiedExamples.join(", ") : ""));
    row(tb, [{ text: label(w.project, w.targetFramework) }, { text: lines.join("\n"), cls: "why" }]);
  });

  tb = document.querySelector("#projects-table tbody");
  report.projects.forEach(function (p) { row(tb, [{ text: label(p.name, p.targetFramework) }, num(p.exclusiveMs), num(p.inclusiveMs), num(p.criticalMs), { text: p.rebuilt ? "yes" : "no" }, { text: p.nodes.join(", ") }]); });
  [["#targets-table", report.targets], ["#tasks-table", report.tasks]].forEach(function (pair) {
    var body = document.querySelector(pair[0] + " tbody");
    pair[1].forEach(function (t) { row(body, [{ text: t.name }, num(t.exclusiveMs), num(t.inclusiveMs), num(t.count)]); });
  });
  tb = document.querySelector("#diagnostics-table tbody");
  (report.diagnostics || []).forEach(function (d) { row(tb, [{ text: d.severity }, { text: d.code || "" }, { text: d.message }, { text: d.file ? d.file + ":" + d.line : "" }]); });

  // Sortable tables: click a header; numbers sort by their data-sort value, text by locale.
  function sortTable(table, column) {
    var th = table.tHead.rows[0].cells[column];
    var numeric = th.getAttribute("data-type") === "number";
    var descending = !th.classList.contains("sorted-desc") && (numeric || th.classList.contains("sorted-asc"));
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.classList.remove("sorted-asc", "sorted-desc"); });
    th.classList.add(descending ? "sorted-desc" : "sorted-asc");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    rows.sort(function (a, b) {
      var x = a.cells[column], y = b.cells[column];
      var r = numeric ? Number(x.getAttribute("data-sort")) - Number(y.getAttribute("data-sort")) : x.textContent.localeCompare(y.textContent);
      return descending ? -r : r;
    });
    rows.forEach(function (r) { table.tBodies[0].appendChild(r); });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) { th.addEventListener("click", function () { sortTable(table, i); }); });
  });
  // "#sort=<table id>:<column>[,<table id>:<column>…]" clicks headers on load: a link to a sorted view, and how the
  // browser test drives sorting (clicking the same header twice flips the order).
  var m = /#sort=([\w:,-]+)/.exec(location.hash);
  if (m) m[1].split(",").forEach(function (click) {
    var parts = click.split(":"), table = document.getElementById(parts[0]);
    if (table && table.tHead.rows[0].cells[Number(parts[1])]) table.tHead.rows[0].cells[Number(parts[1])].click();
  });

  document.body.setAttribute("data-rendered", "true");
  document.body.setAttribute("data-bars", String(timeline.querySelectorAll(".bar").length));
})();
