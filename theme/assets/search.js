// Site search without a server. The index is built by gongkai (Sources/GongkaiRender/SearchIndex.swift):
// texts are cut into overlapping character bigrams and single characters; this script applies the same
// function to the query, loads only the shards its terms live in, intersects the postings and checks
// each match as a substring. All text is put into the page with textContent, never as HTML.
(function () {
  "use strict";
  var FIELDS = ["t", "c", "d", "x", "s"]; // title, code, department, indicators, snippet: rank order
  var form = document.getElementById("search-form");
  if (!form) { return; }
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var filters = { year: document.getElementById("filter-year"), department: document.getElementById("filter-department"),
                  grade: document.getElementById("filter-grade") };
  var meta = null, shardCache = {}, chunkCache = {};

  function normalize(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var code = text.charCodeAt(i);
      out += (code >= 0xFF01 && code <= 0xFF5E) ? String.fromCharCode(code - 0xFEE0) : text.charAt(i);
    }
    return out.toLowerCase();
  }
  function isWord(ch) {
    var c = ch.codePointAt(0);
    return (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF);
  }
  function runs(text) {
    var result = [], current = "";
    Array.from(normalize(text)).forEach(function (ch) {
      if (isWord(ch)) { current += ch; } else if (current) { result.push(current); current = ""; }
    });
    if (current) { result.push(current); }
    return result;
  }
  // The query's terms: a one-character run is itself; longer runs give their bigrams.
  function queryTerms(text) {
    var terms = [];
    runs(text).forEach(function (run) {
      var chars = Array.from(run);
      if (chars.length === 1) { terms.push(chars[0]); }
      for (var i = 0; i + 1 < chars.length; i++) { terms.push(chars[i] + chars[i + 1]); }
    });
    return terms.filter(function (t, i) { return terms.indexOf(t) === i; });
  }
  function shardOf(term) {
    var bytes = new TextEncoder().encode(term), hash = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) { hash ^= bytes[i]; hash = Math.imul(hash, 0x01000193) >>> 0; }
    return hash % meta.shards;
  }
  function load(url) {
    return fetch(url).then(function (r) { if (!r.ok) { throw new Error(url); } return r.json(); });
  }
  function shard(n) {
    var name = n < 10 ? "0" + n : String(n);
    if (!shardCache[name]) { shardCache[name] = load("shards/" + name + ".json"); }
    return shardCache[name];
  }
  // Documents come in chunks of meta.chunk: only the chunks holding candidates are loaded.
  function chunk(n) {
    var name = ("00" + n).slice(-3);
    if (!chunkCache[name]) { chunkCache[name] = load("docs/" + name + ".json"); }
    return chunkCache[name];
  }
  function fillSelect(select, values) {
    values.forEach(function (v) {
      var option = document.createElement("option");
      option.value = String(v);
      option.textContent = String(v);
      select.appendChild(option);
    });
  }
  function unique(values) {
    return values.filter(function (v, i) { return v !== "" && v !== null && v !== undefined && values.indexOf(v) === i; });
  }
  function highlight(element, text, needles) {
    var lower = normalize(text), pos = 0;
    while (pos < text.length) {
      var best = -1, length = 0;
      needles.forEach(function (n) {
        var at = lower.indexOf(n, pos);
        if (at >= 0 && (best < 0 || at < best)) { best = at; length = n.length; }
      });
      if (best < 0) { break; }
      element.appendChild(document.createTextNode(text.slice(pos, best)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(best, best + length);
      element.appendChild(mark);
      pos = best + length;
    }
    element.appendChild(document.createTextNode(text.slice(pos)));
  }
  function show(results, needles) {
    list.textContent = "";
    results.forEach(function (r) {
      var doc = r.doc, li = document.createElement("li"), a = document.createElement("a");
      a.href = "../" + doc.u;
      highlight(a, doc.t, needles);
      li.appendChild(a);
      var meta = document.createElement("p");
      meta.className = "meta-line";
      meta.textContent = [doc.k, doc.y ? doc.y + "年度" : "", doc.d, doc.g ? "自评等级 " + doc.g : "", doc.c].filter(Boolean).join(" · ");
      li.appendChild(meta);
      var snippet = document.createElement("p");
      highlight(snippet, r.field === "x" ? "指标：" + doc.x : doc.s, needles);
      li.appendChild(snippet);
      list.appendChild(li);
    });
  }
  function search() {
    var query = input.value.trim();
    var params = new URLSearchParams();
    if (query) { params.set("q", query); }
    Object.keys(filters).forEach(function (k) { if (filters[k].value) { params.set(k, filters[k].value); } });
    history.replaceState(null, "", "?" + params.toString());
    var terms = queryTerms(query), needles = runs(query);
    if (!terms.length) { status.textContent = "请输入要查找的字词。"; list.textContent = ""; return; }
    status.textContent = "正在搜索……";
    var shards = unique(terms.map(shardOf));
    Promise.all(shards.map(shard)).then(function (loaded) {
      var byShard = {};
      shards.forEach(function (s, i) { byShard[s] = loaded[i]; });
      var masks = null;
      terms.forEach(function (term) {
        var postings = byShard[shardOf(term)][term] || [], next = {};
        postings.forEach(function (p) {
          if (masks === null || masks[p[0]] !== undefined) { next[p[0]] = (masks === null ? 0 : masks[p[0]]) | p[1]; }
        });
        masks = next;
      });
      var ids = Object.keys(masks || {}).map(Number);
      var chunks = unique(ids.map(function (id) { return Math.floor(id / meta.chunk); }));
      return Promise.all(chunks.map(chunk)).then(function (loadedChunks) {
        var byChunk = {};
        chunks.forEach(function (c, i) { byChunk[c] = loadedChunks[i]; });
        var results = [];
        ids.forEach(function (id) {
          var doc = byChunk[Math.floor(id / meta.chunk)][id % meta.chunk], field = null;
          for (var f = 0; f < FIELDS.length && field === null; f++) {
            var text = normalize(doc[FIELDS[f]] || "");
            if (needles.every(function (n) { return text.indexOf(n) >= 0; })) { field = FIELDS[f]; }
          }
          var bodyHit = (masks[id] & 16) !== 0;
          if (field === null && !bodyHit) { return; } // the bigrams matched, the text does not
          if (filters.year.value && String(doc.y) !== filters.year.value) { return; }
          if (filters.department.value && doc.d !== filters.department.value) { return; }
          if (filters.grade.value && doc.g !== filters.grade.value) { return; }
          results.push({ doc: doc, field: field, rank: field === null ? FIELDS.length : FIELDS.indexOf(field) });
        });
        results.sort(function (a, b) {
          return a.rank - b.rank || (b.doc.y || 0) - (a.doc.y || 0) || a.doc.t.localeCompare(b.doc.t, "zh-Hans-CN");
        });
        status.textContent = results.length ? "找到 " + results.length + " 个结果。" : "没有找到与“" + query + "”相关的公开信息。";
        show(results, needles);
      });
    }).catch(function () { status.textContent = "搜索索引加载失败，请稍后再试。"; });
  }
  load("meta.json").then(function (loaded) {
    meta = loaded;
    fillSelect(filters.year, meta.years);
    fillSelect(filters.department, meta.departments);
    fillSelect(filters.grade, meta.grades);
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    Object.keys(filters).forEach(function (k) { filters[k].value = params.get(k) || ""; });
    if (input.value) { search(); }
  }).catch(function () { status.textContent = "搜索索引加载失败，请稍后再试。"; });
  form.addEventListener("submit", function (event) { event.preventDefault(); if (meta) { search(); } });
  Object.keys(filters).forEach(function (k) { filters[k].addEventListener("change", function () { if (meta && input.value) { search(); } }); });
})();
