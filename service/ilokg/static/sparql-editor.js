/* The SPARQL query editor (GET /sparql from a browser). Plain DOM, no framework, no CDN.
 * Results are built with textContent only: nothing from the data is parsed as HTML, and
 * only http(s) IRIs become links. */
(function () {
  "use strict";

  var page = JSON.parse(document.getElementById("page-data").textContent);
  var textarea = document.getElementById("query");
  var runButton = document.getElementById("run");
  var statusEl = document.getElementById("status");
  var errorEl = document.getElementById("error");
  var resultsEl = document.getElementById("results");
  var downloadsEl = document.getElementById("downloads");
  var downloadLinks = document.getElementById("download-links");
  var shareInput = document.getElementById("share-link");
  var examplesSelect = document.getElementById("examples");
  var exampleDescription = document.getElementById("example-description");
  var examples = [];
  var errorLine = null;
  var editor = null;

  if (window.CodeMirror) {
    editor = window.CodeMirror.fromTextArea(textarea, {
      mode: "application/sparql-query",
      lineNumbers: true,
      matchBrackets: true,
      indentUnit: 2,
      viewportMargin: Infinity,
      extraKeys: {
        "Ctrl-Enter": function () { run(); },
        "Cmd-Enter": function () { run(); }
      }
    });
    editor.on("change", function () { clearErrorMark(); updateShare(); });
  } else {
    textarea.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
    });
    textarea.addEventListener("input", updateShare);
  }

  function getQuery() { return editor ? editor.getValue() : textarea.value; }
  function setQuery(text) {
    if (editor) { editor.setValue(text); } else { textarea.value = text; }
    updateShare();
  }

  function absolute(path) { return window.location.origin + path; }
  function queryUrl(query, format) {
    var url = page.endpoint + "?query=" + encodeURIComponent(query);
    if (format) { url += "&format=" + encodeURIComponent(format); }
    return url;
  }
  function updateShare() {
    shareInput.value = absolute(queryUrl(getQuery()));
  }

  document.getElementById("copy-share").addEventListener("click", function () {
    shareInput.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(shareInput.value);
    } else {
      try { document.execCommand("copy"); } catch (e) { /* the field stays selected */ }
    }
  });

  // -- examples: the canned queries, from the page and from /api/queries when it has text --
  function addExample(ex) {
    if (!ex || !ex.query) { return; }
    for (var i = 0; i < examples.length; i++) {
      if (examples[i].name === ex.name) { return; }
    }
    examples.push(ex);
    var opt = document.createElement("option");
    opt.value = ex.name;
    opt.textContent = ex.title || ex.name;
    examplesSelect.appendChild(opt);
  }
  (page.examples || []).forEach(addExample);
  examplesSelect.addEventListener("change", function () {
    var name = examplesSelect.value;
    exampleDescription.textContent = "";
    for (var i = 0; i < examples.length; i++) {
      if (examples[i].name === name) {
        setQuery(examples[i].query);
        exampleDescription.textContent = examples[i].description || "";
        return;
      }
    }
  });
  if (window.fetch && page.catalogue) {
    fetch(page.catalogue, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        var list = Array.isArray(data) ? data : (data && (data.queries || data.items)) || [];
        list.forEach(function (q) {
          if (!q || typeof q !== "object") { return; }
          addExample({
            name: q.name || q.id,
            title: q.title || q.name,
            description: q.description || "",
            query: q.sparql || q.query || q.text
          });
        });
      })
      .catch(function () { /* no API: the page's own list stays */ });
  }

  // -- running a query --
  function setStatus(text, truncated) {
    statusEl.textContent = text;
    statusEl.className = truncated ? "truncated" : "";
  }
  function clearErrorMark() {
    if (editor && errorLine !== null) {
      editor.removeLineClass(errorLine, "background", "error-line");
      errorLine = null;
    }
  }
  function showError(status, body) {
    var message = "HTTP " + status;
    var data = null;
    try { data = JSON.parse(body); } catch (e) { data = null; }
    if (data && data.message) {
      message = data.message;
      if (data.context) { message += "\n\n" + data.context; }
    } else if (body) {
      message += ": " + body.slice(0, 500);
    }
    errorEl.textContent = message;
    errorEl.hidden = false;
    if (editor && data && data.line) {
      errorLine = data.line - 1;
      editor.addLineClass(errorLine, "background", "error-line");
      editor.setCursor({ line: errorLine, ch: Math.max(0, (data.column || 1) - 1) });
    }
  }

  function run() {
    var query = getQuery();
    if (!query.trim()) { return; }
    clearErrorMark();
    errorEl.hidden = true;
    errorEl.textContent = "";
    runButton.disabled = true;
    setStatus("Running…");
    updateShare();
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", queryUrl(query));
    }
    var started = performance.now();
    var body = new URLSearchParams();
    body.set("query", query);
    fetch(page.endpoint, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Accept: "application/sparql-results+json, application/n-triples;q=0.9"
      },
      body: body.toString()
    }).then(function (response) {
      return response.text().then(function (text) {
        var seconds = ((performance.now() - started) / 1000).toFixed(2);
        runButton.disabled = false;
        if (!response.ok) {
          setStatus("Failed after " + seconds + " s");
          resultsEl.textContent = "";
          downloadsEl.hidden = true;
          showError(response.status, text);
          return;
        }
        var type = (response.headers.get("Content-Type") || "").split(";")[0].trim();
        var truncated = response.headers.get("X-Result-Truncated") === "true";
        var rows;
        if (type === "application/sparql-results+json") {
          rows = renderSolutions(JSON.parse(text));
          showDownloads(query, page.solutionFormats);
        } else {
          rows = renderTriples(text);
          showDownloads(query, page.graphFormats);
        }
        var summary = rows === null ? "Done" : rows + (rows === 1 ? " row" : " rows");
        if (truncated) { summary += " — cut at the row limit (" + page.maxRows + "); add LIMIT/OFFSET to page"; }
        setStatus(summary + " in " + seconds + " s", truncated);
      });
    }).catch(function (err) {
      runButton.disabled = false;
      setStatus("Failed");
      showError(0, String(err));
    });
  }
  runButton.addEventListener("click", run);

  function showDownloads(query, formats) {
    downloadLinks.textContent = "";
    formats.forEach(function (f) {
      var a = document.createElement("a");
      a.href = queryUrl(query, page.formatParam[f.key] || f.key);
      a.textContent = f.label;
      a.setAttribute("download", "query-result." + f.ext);
      a.setAttribute("data-format", f.key);
      a.title = f.media;
      downloadLinks.appendChild(a);
    });
    downloadsEl.hidden = false;
  }

  // -- rendering --
  var prefixes = page.prefixes || {};
  function compact(iri) {
    var best = null;
    Object.keys(prefixes).forEach(function (p) {
      var ns = prefixes[p];
      if (iri.indexOf(ns) === 0 && iri.length > ns.length && (!best || ns.length > prefixes[best].length)) {
        best = p;
      }
    });
    return best ? best + ":" + iri.slice(prefixes[best].length) : iri;
  }
  function termCell(term) {
    var td = document.createElement("td");
    if (!term) { td.className = "unbound"; return td; }
    if (term.type === "uri") {
      if (/^https?:\/\//i.test(term.value)) {
        var a = document.createElement("a");
        a.href = term.value;  // our IRIs dereference under this base
        a.textContent = compact(term.value);
        a.title = term.value;
        td.appendChild(a);
      } else {
        td.textContent = term.value;
      }
    } else if (term.type === "bnode") {
      td.textContent = "_:" + term.value;
    } else {
      td.appendChild(document.createTextNode(term.value));
      var meta = term["xml:lang"] ? "@" + term["xml:lang"] : (term.datatype ? "^^" + compact(term.datatype) : "");
      if (meta) {
        var span = document.createElement("span");
        span.className = "meta";
        span.textContent = meta;
        td.appendChild(span);
      }
    }
    return td;
  }
  function table(vars, rows) {
    resultsEl.textContent = "";
    var t = document.createElement("table");
    t.id = "results-table";
    var thead = document.createElement("thead");
    var hr = document.createElement("tr");
    var th0 = document.createElement("th");
    th0.textContent = "#";
    hr.appendChild(th0);
    vars.forEach(function (v) {
      var th = document.createElement("th");
      th.textContent = v;
      hr.appendChild(th);
    });
    thead.appendChild(hr);
    t.appendChild(thead);
    var tbody = document.createElement("tbody");
    rows.forEach(function (row, i) {
      var tr = document.createElement("tr");
      var num = document.createElement("td");
      num.className = "rownum";
      num.textContent = String(i + 1);
      tr.appendChild(num);
      vars.forEach(function (v) { tr.appendChild(termCell(row[v])); });
      tbody.appendChild(tr);
    });
    t.appendChild(tbody);
    resultsEl.appendChild(t);
  }
  function renderSolutions(data) {
    if (typeof data.boolean === "boolean") {
      resultsEl.textContent = "";
      var p = document.createElement("p");
      p.className = "boolean";
      p.id = "results-boolean";
      p.textContent = data.boolean ? "true" : "false";
      resultsEl.appendChild(p);
      return null;
    }
    var vars = (data.head && data.head.vars) || [];
    var rows = (data.results && data.results.bindings) || [];
    table(vars, rows);
    return rows.length;
  }

  // N-Triples, one triple per line (what the endpoint sends for CONSTRUCT / DESCRIBE here)
  var NT_TERM = /^(<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^<[^>]*>)?)\s*/;
  function unescapeNt(s) {
    return s.replace(/\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})|\\(.)/g, function (m, u4, u8, c) {
      if (u4) { return String.fromCharCode(parseInt(u4, 16)); }
      if (u8) { return String.fromCodePoint(parseInt(u8, 16)); }
      return { t: "\t", n: "\n", r: "\r", b: "\b", f: "\f", '"': '"', "'": "'", "\\": "\\" }[c] || c;
    });
  }
  function ntTerm(text) {
    if (text[0] === "<") { return { type: "uri", value: text.slice(1, -1) }; }
    if (text.slice(0, 2) === "_:") { return { type: "bnode", value: text.slice(2) }; }
    var end = text.lastIndexOf('"');
    var term = { type: "literal", value: unescapeNt(text.slice(1, end)) };
    var rest = text.slice(end + 1);
    if (rest[0] === "@") { term["xml:lang"] = rest.slice(1); }
    if (rest.slice(0, 2) === "^^") { term.datatype = rest.slice(3, -1); }
    return term;
  }
  function renderTriples(text) {
    var rows = [];
    text.split("\n").forEach(function (line) {
      line = line.trim();
      if (!line || line[0] === "#") { return; }
      var terms = [];
      for (var i = 0; i < 3; i++) {
        var m = NT_TERM.exec(line);
        if (!m) { return; }
        terms.push(ntTerm(m[1]));
        line = line.slice(m[0].length);
      }
      rows.push({ subject: terms[0], predicate: terms[1], object: terms[2] });
    });
    table(["subject", "predicate", "object"], rows);
    return rows.length;
  }

  updateShare();
  if (page.query !== null && page.query !== undefined) {
    run();  // opened from a share link
  }
})();
