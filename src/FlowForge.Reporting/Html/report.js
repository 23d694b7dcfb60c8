(function () {
  "use strict";
  var errors = [];
  window.addEventListener("error", function (e) { errors.push(String(e.message)); document.body.setAttribute("data-errors", errors.join(" | ")); });

  var report = JSON.parse(document.getElementById("report-data").textContent);
  function el(tag, text, cls) { var e = document.createElement(tag); if (text !== undefined && text !== null) e.textContent = String(text); if (cls) e.className = cls; return e; }
  // Readable durations, as the console and Markdown formats print them ("850 ms", "12.35 s", "2 min 5 s").
  function ms(v) {
    if (v < 0) return "-" + ms(-v);
    if (Math.round(v) < 1000) return Math.round(v) + " ms";
    if (Math.round(v / 10) < 6000) return (v / 1000).toFixed(2) + " s";
    var s = Math.round(v / 1000);
    if (s < 3600) return Math.floor(s / 60) + " min " + (s % 60) + " s";
    var m = Math.round(v / 60000);
    return Math.floor(m / 60) + " h " + (m % 60) + " min";
  }
  function pct(f) { return Math.round(f * 100) + "%"; }
  function label(p, tfm) { return tfm ? p + " (" + tfm + ")" : p; }
  function row(tbody, cells, key) {
    var tr = document.createElement("tr");
    if (key) tr.setAttribute("data-project", key);
    cells.forEach(function (c) {
      var td = el("td", c.text, c.cls);
      if (c.sort !== undefined) td.setAttribute("data-sort", String(c.sort));
      tr.appendChild(td);
    });
    tbody.appendChild(tr);
    return tr;
  }
  function dur(v) { return { text: ms(v), cls: "num", sort: v }; }
  function num(v) { return { text: String(v), cls: "num", sort: v }; }

  // Summary: the same sentences as the console and Markdown formats.
  var s = report.summary, t = report.time || {};
  function plural(n, w) { return n + " " + w + (n === 1 ? "" : "s"); }
  document.getElementById("headline").textContent = "Build " + (s.succeeded ? "succeeded" : "FAILED") + " in " + ms(s.wallMs) + ": " + plural(s.projects, "project") +
    (s.targetFrameworkBuilds !== s.projects ? " (" + s.targetFrameworkBuilds + " project × target framework builds)" : "") + " on " + plural(s.nodes, "node") + ", " +
    s.projectsRebuilt + " of " + s.targetFrameworkBuilds + " did work; " + plural(s.compiles, "compile") + (s.compilesFailed ? " (" + s.compilesFailed + " failed)" : "") + "; " +
    s.targetsRun + " targets ran, " + s.targetsSkippedUpToDate + " skipped as up to date; " + plural(s.errors, "error") + ", " + plural(s.warnings, "warning") + ".";
  var f = report.flowForge;
  document.getElementById("flowforge-line").textContent = f.records === 0 ? "FlowForge: no records in this build." :
    "FlowForge: " + f.records + " project builds checked, " + f.inputsChanged + " of " + f.inputsChecked + " inputs changed by content; " +
    (f.gateActive ? f.compilesSkipped + " compiles skipped, " + f.compilesRestored + " restored from cache, " + f.compiled + " compiled" + (f.compilesFailed ? ", " + f.compilesFailed + " failed" : "") : "compile gate not active") +
    (f.projectSkipActive ? "; project skip: " + f.projectsSkipped + " skipped whole (~" + ms(f.projectSkipTimeSavedMs || 0) + " saved), " + f.projectsBuilt + " built" +
      (f.projectsNotEligible ? ", " + f.projectsNotEligible + " not eligible" : "") : "") +
    (f.cacheActive ? "; cache hit rate " + (f.cacheHitRate === undefined ? "n/a" : pct(f.cacheHitRate)) + ", ~" + ms(f.timeSavedMs) + " saved" : "");
  if (report.scheduling) document.getElementById("scheduling").textContent = "⚠ " + report.scheduling;

  var timeBar = document.getElementById("time-bar");
  [["restore", t.restoreMs], ["evaluation", t.evaluationMs], ["execution", t.executionMs], ["other", t.otherMs]].forEach(function (part) {
    if (!part[1]) return;
    var span = el("span", part[0] + " " + ms(part[1]), "t-" + part[0]);
    span.style.flex = String(part[1]);
    span.title = part[0] + ": " + ms(part[1]);
    timeBar.appendChild(span);
  });
  var facts = document.getElementById("facts");
  facts.appendChild(el("li", "Wall time " + ms(t.wallMs || s.wallMs) + ": restore " + ms(t.restoreMs || 0) + ", evaluation " + ms(t.evaluationMs || 0) + " (" +
    plural(t.evaluations || 0, "evaluation") + ", " + ms(t.evaluationTotalMs || 0) + " summed over nodes), execution " + ms(t.executionMs || 0) + ", other " + ms(t.otherMs || 0) +
    "; FlowForge's own steps " + ms(t.flowForgeMs || 0) + " summed over nodes."));
  var cp = report.criticalPath;
  facts.appendChild(el("li", "Critical path: " + ms(cp.totalMs) + " of own execution over " + plural(cp.steps.length, "project") +
    " linked by references (the bound with unlimited nodes); the execution took " + ms(cp.executionWallMs || 0) + "."));
  if ((report.nodes || []).length) facts.appendChild(el("li", "Nodes: " + report.nodes.map(function (n) { return "node " + n.node + " busy " + pct(n.busyShare) + " (" + plural(n.compiles, "compile") + ")"; }).join(", ") + "."));
  var q = report.queueing || { totalMs: 0, projects: [] };
  facts.appendChild(el("li", q.totalMs < 1 ? "Queueing: no ready project waited for a node." : "Queueing: ready projects waited " + ms(q.totalMs) + " for a node (" +
    q.projects.slice(0, 3).map(function (p) { return label(p.project, p.targetFramework) + " " + ms(p.ms); }).join(", ") + ")."));
  if (report.git) {
    var g = report.git;
    document.getElementById("git").textContent = "git: " + [g.shortCommit || g.commit, g.branch ? "branch " + g.branch : null, g.describe, g.dirty === "true" ? "dirty" : null].filter(Boolean).join(", ");
  }
  var flags = document.getElementById("flags");
  (report.flags || []).concat((report.readerWarnings || []).map(function (w) { return { message: w }; })).forEach(function (fl) { flags.appendChild(el("li", fl.message)); });
  document.getElementById("binlog").textContent = report.binlog;

  // Timeline: per node, bars packed into as few lanes as their *execution* allows: a project waiting for its references
  // (a thin line) does not keep a lane to itself, so a node that ran one thing at a time reads as one or two lanes.
  var timeline = document.getElementById("timeline");
  var width = Math.max(timeline.clientWidth || 1000, 600) - 100;
  var total = Math.max(s.wallMs, 1);
  var scale = width / total;
  var left = 88;
  var axis = el("div", null, "axis");
  for (var i = 0; i <= 10; i++) {
    var tick = el("span", ms(total * i / 10), "tick");
    tick.style.left = (left + width * i / 10) + "px";
    axis.appendChild(tick);
  }
  timeline.appendChild(axis);
  function occupied(bar) { return bar.kind === "build" && bar.spans && bar.spans.length ? bar.spans : [[bar.startMs, bar.endMs]]; }
  function fits(lane, spans) {
    return spans.every(function (sp) { return lane.every(function (o) { return sp[1] <= o[0] || sp[0] >= o[1]; }); });
  }
  var groups = {};
  (report.timeline || []).forEach(function (b) { var key = b.kind === "restore" ? "restore" : "node " + b.node; (groups[key] = groups[key] || []).push(b); });
  var keys = Object.keys(groups).sort(function (a, b) { return a === "restore" ? -1 : b === "restore" ? 1 : Number(a.slice(5)) - Number(b.slice(5)); });
  keys.forEach(function (key) {
    var lanes = [];
    groups[key].sort(function (a, b) { return a.startMs - b.startMs; }).forEach(function (bar) {
      var spans = occupied(bar);
      var lane = 0;
      while (lane < lanes.length && !fits(lanes[lane].spans, spans)) lane++;
      if (lane === lanes.length) lanes.push({ spans: [], bars: [] });
      Array.prototype.push.apply(lanes[lane].spans, spans.map(function (sp) { return [sp[0], sp[1]]; }));
      lanes[lane].bars.push(bar);
    });
    lanes.forEach(function (lane, i) {
      var div = el("div", null, "lane" + (i === 0 ? " first" : ""));
      div.setAttribute("data-node", key);
      if (i === 0) div.appendChild(el("span", key, "lane-label"));
      lane.bars.forEach(function (bar) {
        var kind = bar.kind || "build";
        var b = el("div", null, "bar" + (kind !== "build" ? " " + kind : "") + (bar.critical ? " critical" : "") + (bar.failed ? " failed" : ""));
        var name = label(bar.project, bar.targetFramework);
        b.setAttribute("data-project", name);
        b.style.left = (left + bar.startMs * scale) + "px";
        b.style.width = Math.max(2, (bar.endMs - bar.startMs) * scale) + "px";
        var widest = 0, labelAt = 0;
        (kind === "build" ? bar.spans || [] : []).forEach(function (span) {
          var c = el("span", null, bar.critical ? "critical-span" : "span");
          c.style.left = ((span[0] - bar.startMs) * scale) + "px";
          var w = Math.max(1, (span[1] - span[0]) * scale);
          c.style.width = w + "px";
          if (w > widest) { widest = w; labelAt = (span[0] - bar.startMs) * scale; }
          b.appendChild(c);
        });
        if (kind !== "build") widest = (bar.endMs - bar.startMs) * scale;
        // A label only where it fits: a cut "L…" says nothing; the tooltip and the tables always have the name.
        if (widest >= name.length * 6 + 4) {
          var text = el("span", name, "bar-label");
          text.style.left = (labelAt + 2) + "px";
          b.appendChild(text);
        }
        b.title = (kind === "build" ? "" : kind + ": ") + name + ": " + ms(bar.endMs - bar.startMs) + " (" + ms(bar.startMs) + " → " + ms(bar.endMs) + ")" + (bar.critical ? " — on the critical path" : "");
        if (kind === "build") b.addEventListener("click", function () { showDetails(name); });
        div.appendChild(b);
      });
      timeline.appendChild(div);
    });
  });

  document.getElementById("critical-total").textContent = "(" + ms(cp.totalMs) + " of own execution; each project references the one above; wall time " + ms(cp.wallMs || s.wallMs) + ")";
  var tb = document.querySelector("#critical-table tbody");
  cp.steps.forEach(function (st, i) { row(tb, [num(i + 1), { text: label(st.project, st.targetFramework) }, dur(st.ms), dur(st.queuedMs || 0), dur(st.startMs), dur(st.endMs)], label(st.project, st.targetFramework)); });

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
    row(tb, [{ text: label(w.project, w.targetFramework) }, { text: lines.join("\n"), cls: "why" }], label(w.project, w.targetFramework));
  });

  var byName = {};
  tb = document.querySelector("#projects-table tbody");
  report.projects.forEach(function (p) {
    var name = label(p.name, p.targetFramework);
    byName[name] = p;
    var tr = row(tb, [{ text: name }, dur(p.exclusiveMs), dur(p.inclusiveMs), dur(p.queuedMs || 0), dur(p.criticalMs), { text: p.rebuilt ? "yes" : "no" }, { text: p.decision || "-" }, { text: p.nodes.join(", ") }], name);
    tr.addEventListener("click", function () { showDetails(name); });
  });
  [["#targets-table", report.targets], ["#tasks-table", report.tasks]].forEach(function (pair) {
    var body = document.querySelector(pair[0] + " tbody");
    pair[1].forEach(function (t) { row(body, [{ text: t.name }, dur(t.exclusiveMs), dur(t.inclusiveMs), num(t.count)]); });
  });
  tb = document.querySelector("#analyzers-table tbody");
  (report.analyzers || []).forEach(function (a) { row(tb, [{ text: a.name }, dur(a.exclusiveMs), num(a.count)]); });
  if (!(report.analyzers || []).length) document.getElementById("analyzers").appendChild(el("p", "No analyzer report in this binlog."));
  tb = document.querySelector("#evaluations-table tbody");
  (t.slowestEvaluations || []).forEach(function (e) { row(tb, [{ text: e.project }, num(e.node), dur(e.ms), dur(e.startMs)], e.project); });
  tb = document.querySelector("#diagnostics-table tbody");
  (report.diagnostics || []).forEach(function (d) {
    var project = d.project ? label(d.project.replace(/^.*[\\/]/, "").replace(/\.[^.]*$/, ""), d.targetFramework) : "";
    var where = d.file ? d.file + (d.line ? "(" + d.line + (d.column ? "," + d.column : "") + ")" : "") : "";
    row(tb, [{ text: project }, { text: d.severity }, { text: d.code || "" }, { text: d.message }, { text: where }], project);
  });

  // Drill-down: a project's numbers, FlowForge's decision, its slowest targets and tasks.
  function showDetails(name) {
    var p = byName[name];
    var body = document.getElementById("details-body");
    body.textContent = "";
    Array.prototype.forEach.call(document.querySelectorAll("#projects-table tr.selected"), function (r) { r.classList.remove("selected"); });
    if (!p) { document.getElementById("details-title").textContent = "(" + name + ": not a project of this build)"; return; }
    Array.prototype.forEach.call(document.querySelectorAll("#projects-table tr"), function (r) { if (r.getAttribute("data-project") === name) r.classList.add("selected"); });
    document.getElementById("details-title").textContent = name;
    body.appendChild(el("p", "Own execution " + ms(p.exclusiveMs) + ", inclusive " + ms(p.inclusiveMs) + ", queued for a node " + ms(p.queuedMs || 0) +
      ", on the critical path " + ms(p.criticalMs) + "; " + (p.rebuilt ? "did work" : "no work") + (p.decision ? "; FlowForge: " + p.decision : "") +
      (p.compileFailed ? "; the compile FAILED" : "") + "; nodes " + p.nodes.join(", ") + "; " + ms(p.startMs) + " → " + ms(p.endMs) + "."));
    [["Targets", p.targets || [], "details-targets"], ["Tasks", p.tasks || [], "details-tasks"]].forEach(function (part) {
      var table = el("table");
      table.id = part[2];
      var head = table.createTHead().insertRow();
      [part[0], "Exclusive", "Inclusive", "Count"].forEach(function (h) { head.appendChild(el("th", h)); });
      var tbody = table.createTBody();
      part[1].forEach(function (x) { row(tbody, [{ text: x.name }, dur(x.exclusiveMs), dur(x.inclusiveMs), num(x.count)]); });
      body.appendChild(table);
    });
  }

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

  // Filter: projects whose name contains the text stay; their bars, rows and evaluations; everything else hides.
  function applyFilter(text) {
    var needle = text.trim().toLowerCase();
    var shown = 0;
    Array.prototype.forEach.call(document.querySelectorAll(".bar[data-project], table.filterable tbody tr"), function (e) {
      var name = (e.getAttribute("data-project") || "").toLowerCase();
      var hide = needle.length > 0 && name.indexOf(needle) < 0;
      e.classList.toggle("hidden", hide);
      if (!hide && e.classList.contains("bar")) shown++;
    });
    document.body.setAttribute("data-visible-bars", String(shown));
  }
  var filter = document.getElementById("filter");
  filter.addEventListener("input", function () { applyFilter(filter.value); });

  // "#sort=<table id>:<column>[,…]" clicks headers on load, "#filter=<text>" filters, "#project=<name>" opens a project's
  // details: links to a view, and how the browser test drives the page.
  var hash = decodeURIComponent(location.hash || "");
  var m = /sort=([\w:,-]+)/.exec(hash);
  if (m) m[1].split(",").forEach(function (click) {
    var parts = click.split(":"), table = document.getElementById(parts[0]);
    if (table && table.tHead.rows[0].cells[Number(parts[1])]) table.tHead.rows[0].cells[Number(parts[1])].click();
  });
  m = /filter=([^&]*)/.exec(hash);
  if (m) { filter.value = m[1]; applyFilter(m[1]); }
  m = /project=([^&]*)/.exec(hash);
  if (m) showDetails(m[1]);

  document.body.setAttribute("data-rendered", "true");
  document.body.setAttribute("data-bars", String(timeline.querySelectorAll(".bar").length));
  document.body.setAttribute("data-lanes", String(timeline.querySelectorAll(".lane").length));
})();
