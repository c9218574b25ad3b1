// Site search without a server. The index is built by gongkai (Sources/GongkaiRender/SearchIndex.swift,
// format in docs/website.md): texts are cut into overlapping character bigrams and single characters;
// this script applies the same function to the query, loads only the lists of its terms (one small
// shard each, and a term's own file when it is common), intersects them field by field, and fetches
// document records only for the hits it shows, checking each as a substring before showing it.
// All text is put into the page with textContent, never as HTML.
(function () {
  "use strict";
  var FIELDS = 5, PAGE = 10; // title, code, department, indicators, body: rank order
  var form = document.getElementById("search-form");
  if (!form) { return; }
  var input = document.getElementById("q");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var filters = { year: document.getElementById("filter-year"), department: document.getElementById("filter-department"),
                  grade: document.getElementById("filter-grade") };
  var meta = null, cache = {}, current = null, generation = 0;

  // The term function of Sources/GongkaiRender/SearchTerms.swift, code point for code point: the index
  // and the query must cut text alike. SEARCHABLE lists the same ranges as SearchTerms.searchable (a
  // test compares the two); any other code point separates runs.
  var SEARCHABLE = [[0x3400, 0x9FFF], [0x30, 0x39], [0x61, 0x7A], [0x3007, 0x3007], [0x2160, 0x217F], [0xF900, 0xFAFF],
                    [0x20000, 0x3FFFF], [0xC0, 0xD6], [0xD8, 0xF6], [0xF8, 0x24F], [0x1E00, 0x1EFF]];
  function isSearchable(ch) {
    var c = ch.codePointAt(0);
    return SEARCHABLE.some(function (r) { return c >= r[0] && c <= r[1]; });
  }
  // Full-width ASCII to ASCII, then lower case when that is one code point; so a folded text keeps the
  // offsets of the original and a match is highlighted where it was found.
  function fold(ch) {
    var c = ch.codePointAt(0);
    if (c >= 0xFF01 && c <= 0xFF5E) { ch = String.fromCharCode(c - 0xFEE0); }
    var lower = ch.toLowerCase();
    return Array.from(lower).length === 1 ? lower : ch;
  }
  function normalize(text) { return Array.from(text).map(fold).join(""); }
  // A folded text's runs of searchable code points, each as an array of code points (𠮷 is one, not two).
  function runs(folded) {
    var result = [], current = [];
    Array.from(folded).forEach(function (ch) {
      if (isSearchable(ch)) { current.push(ch); } else if (current.length) { result.push(current); current = []; }
    });
    if (current.length) { result.push(current); }
    return result;
  }
  // A run's terms: a one-character run is itself; otherwise a trigram for each three ASCII letters or
  // digits in a row and a bigram for each pair no trigram covers (the index has all of them).
  function runTerms(chars) {
    var terms = [];
    function ascii(i) { return i >= 0 && i < chars.length && chars[i].charCodeAt(0) < 0x80; }
    if (chars.length === 1) { terms.push(chars[0]); }
    for (var i = 0; i + 1 < chars.length; i++) {
      if (ascii(i) && ascii(i + 1) && ascii(i + 2)) { terms.push(chars[i] + chars[i + 1] + chars[i + 2]); }
      else if (!(ascii(i - 1) && ascii(i) && ascii(i + 1))) { terms.push(chars[i] + chars[i + 1]); }
    }
    return terms;
  }
  // The query's words: split at white space, folded. A record is checked for each word whole, its
  // punctuation and the characters the index leaves out (α) included; the words' runs give the terms
  // that find the candidates. So nothing the reader typed is dropped from the check.
  // Characters that show nothing (SearchTerms.invisible: soft hyphen, zero-width space and joiners, word
  // joiner, byte-order mark): the index leaves them out of every text, so a query pasted from a page drops them.
  var INVISIBLE = [0xAD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF];
  function visible(text) {
    return Array.from(text).filter(function (ch) { return INVISIBLE.indexOf(ch.codePointAt(0)) < 0; }).join("");
  }
  function queryWords(query) { return normalize(visible(query)).split(/\s+/).filter(Boolean); }
  function wordTerms(word) { return runs(word).reduce(function (terms, run) { return terms.concat(runTerms(run)); }, []); }
  // A word that is one term and nothing else: a document with the term holds the word.
  function isOneTerm(word) { var r = runs(word); return r.length === 1 && r[0].join("") === word && runTerms(r[0]).length === 1; }
  function queryTerms(words) {
    var terms = [];
    words.forEach(function (word) { terms = terms.concat(wordTerms(word)); });
    return terms.filter(function (t, i) { return terms.indexOf(t) === i; });
  }
  function utf8(term) { return new TextEncoder().encode(term); }
  function shardOf(term) {
    var b = utf8(term), hash = 0x811c9dc5;
    for (var i = 0; i < b.length; i++) { hash ^= b[i]; hash = Math.imul(hash, 0x01000193) >>> 0; }
    return hash % meta.shards;
  }
  function fetchOnce(url, binary) {
    if (!cache[url]) {
      cache[url] = fetch(url).then(function (r) {
        if (!r.ok) { throw new Error(url); }
        return binary ? r.arrayBuffer().then(function (b) { return new Uint8Array(b); }) : r.json();
      });
    }
    return cache[url];
  }

  // Binary lists: varints; a set is `0, n, gaps…` or `1, firstByte, byteCount, bits…`, decoded here
  // into a bitmap of meta.count bits so that intersections are byte-wise ANDs.
  function reader(b) {
    var pos = 0;
    return {
      more: function () { return pos < b.length; },
      varint: function () {
        var value = 0, scale = 1, byte;
        do { byte = b[pos++]; value += (byte & 0x7f) * scale; scale *= 128; } while (byte >= 0x80 && pos < b.length);
        return value;
      },
      bytes: function (n) { var out = b.subarray(pos, pos + n); pos += n; return out; }
    };
  }
  function emptySet() { return new Uint8Array((meta.count + 7) >> 3); }
  function readSet(r) {
    var set = emptySet();
    if (r.varint() === 0) {
      for (var n = r.varint(), id = -1; n > 0; n--) { id += r.varint() + 1; set[id >> 3] |= 1 << (id & 7); }
    } else {
      var lo = r.varint(), count = r.varint();
      set.set(r.bytes(count), lo);
    }
    return set;
  }
  function rangeSet(lo, hi) { var s = emptySet(); for (var i = lo; i < hi; i++) { s[i >> 3] |= 1 << (i & 7); } return s; }
  function and(a, b) { for (var i = 0; i < a.length; i++) { a[i] &= b[i]; } return a; }
  function has(set, id) { return (set[id >> 3] & (1 << (id & 7))) !== 0; }

  // A term's five field sets, or null when no document has it.
  function termLists(term) {
    return fetchOnce("s/" + shardOf(term) + ".bin", true).then(function (shard) {
      var r = reader(shard), want = utf8(term).join(",");
      while (r.more()) {
        var name = Array.prototype.join.call(r.bytes(r.varint()), ","), size = r.varint(), payload = r.bytes(size);
        if (name !== want) { continue; }
        if (size > 0) { return payload; }
        var hex = Array.from(utf8(term)).map(function (x) { return (x < 16 ? "0" : "") + x.toString(16); }).join("");
        return fetchOnce("t/" + hex + ".bin", true);
      }
      return null;
    }).then(function (payload) {
      if (!payload) { return null; }
      // A byte saying which fields have documents, then their sets in field order.
      var r = reader(payload), mask = r.bytes(1)[0], sets = [];
      for (var f = 0; f < FIELDS; f++) { sets.push(mask & (1 << f) ? readSet(r) : emptySet()); }
      return sets;
    });
  }
  function filterSet() {
    var parts = [];
    if (filters.year.value) {
      var range = meta.years.filter(function (y) { return String(y[0]) === filters.year.value; })[0];
      parts.push(Promise.resolve(range ? rangeSet(range[1], range[2]) : emptySet()));
    }
    var d = meta.departments.indexOf(filters.department.value), g = meta.grades.indexOf(filters.grade.value);
    if (filters.department.value) { parts.push(d < 0 ? Promise.resolve(emptySet()) : fetchOnce("f/d" + d + ".bin", true).then(function (b) { return readSet(reader(b)); })); }
    if (filters.grade.value) { parts.push(g < 0 ? Promise.resolve(emptySet()) : fetchOnce("f/g" + g + ".bin", true).then(function (b) { return readSet(reader(b)); })); }
    return Promise.all(parts).then(function (sets) { return sets.length ? sets.reduce(and) : null; });
  }
  // Records come meta.records to a file: only the files of the hits on screen are fetched.
  function record(id) {
    return fetchOnce("r/" + Math.floor(id / meta.records) + ".json", false).then(function (chunk) {
      var r = chunk[id % meta.records];
      return { u: r[0], t: r[1], c: r[2], d: meta.departments[r[3]] || "", y: r[4], g: r[5], k: meta.kinds[r[6]] || "",
               x: r[7], b: r[8], s: r[9], cut: r[10] || 0 };
    });
  }

  function fillSelect(select, values) {
    values.forEach(function (v) {
      var option = document.createElement("option");
      option.value = String(v);
      option.textContent = String(v);
      select.appendChild(option);
    });
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
  // About 80 characters of `text` around the first match.
  function around(text, needles) {
    var lower = normalize(text), at = -1;
    needles.forEach(function (n) { var i = lower.indexOf(n); if (i >= 0 && (at < 0 || i < at)) { at = i; } });
    var start = Math.max(0, at - 20);
    return (start > 0 ? "…" : "") + text.slice(start, start + 80) + (start + 80 < text.length ? "…" : "");
  }
  // The first field (in rank order) whose text holds every word, checked; failing that, the first
  // field the record holds only the beginning of (a long text) while the index puts every term of the
  // query in it: found by the terms, unchecked. Null when the terms matched but the text does not.
  function match(doc, id, q) {
    var texts = [doc.t, doc.c, doc.d, doc.x, doc.b];
    for (var f = 0; f < FIELDS; f++) {
      var text = normalize(texts[f] || "");
      if (q.needles.every(function (n) { return text.indexOf(n) >= 0; })) { return { field: f, checked: true }; }
    }
    for (f = 0; f < FIELDS; f++) {
      if ((doc.cut & (1 << f)) && has(q.sets[f], id)) { return { field: f, checked: false }; }
    }
    return null;
  }
  function item(doc, field, needles) {
    var li = document.createElement("li"), a = document.createElement("a");
    a.href = "../" + doc.u;
    highlight(a, doc.t, needles);
    li.appendChild(a);
    var line = document.createElement("p");
    line.className = "meta-line";
    line.textContent = [doc.k, doc.y ? doc.y + "年度" : "", doc.d, doc.g ? "自评等级 " + doc.g : "", doc.c].filter(Boolean).join(" · ");
    li.appendChild(line);
    var snippet = document.createElement("p");
    if (field === 3) { highlight(snippet, "指标：" + around(doc.x, needles), needles); }
    else if (field === 4) { highlight(snippet, around(doc.b, needles), needles); }
    else { highlight(snippet, doc.s || doc.b.slice(0, 80), needles); }
    li.appendChild(snippet);
    return li;
  }
  function announce() {
    var q = current, left = q.candidates.length - q.rejected;
    if (q.shown === 0 && q.next >= q.candidates.length) {
      status.textContent = "没有找到与“" + q.query + "”相关的公开信息。";
    } else {
      // Exact when every word is one term (found as a term means found as text), or when every candidate
      // was checked against its text; never while a hit was found by its terms alone.
      var exact = q.exact || (q.next >= q.candidates.length && q.unchecked === 0);
      status.textContent = "找到" + (exact ? " " : "约 ") + left + " 个结果" + (q.shown < left ? "，显示前 " + q.shown + " 个。" : "。");
    }
    more.hidden = q.next >= q.candidates.length;
  }
  // Fetches, checks and shows the next page of hits.
  function page(q) {
    var batch = q.candidates.slice(q.next, q.next + PAGE - q.added);
    q.next += batch.length;
    return Promise.all(batch.map(function (c) { return record(c[0]); })).then(function (docs) {
      if (q !== current) { return; }
      docs.forEach(function (doc, i) {
        var found = match(doc, batch[i][0], q);
        if (!found) { q.rejected++; return; }
        if (!found.checked) { q.unchecked++; }
        list.appendChild(item(doc, Math.max(found.field, batch[i][1]), q.needles));
        q.shown++;
        q.added++;
      });
      if (q.added < PAGE && q.next < q.candidates.length) { return page(q); }
    });
  }
  function showPage(q) {
    if (q.loading) { return Promise.resolve(); }
    q.loading = true;
    q.added = 0;
    var before = list.children.length;
    return page(q).then(function () {
      q.loading = false;
      if (q !== current) { return; }
      announce();
      if (before > 0 && list.children[before]) { list.children[before].querySelector("a").focus(); }
      performance.mark("gongkai-search-shown");
    });
  }
  function search() {
    var query = input.value.trim();
    var params = new URLSearchParams();
    if (query) { params.set("q", query); }
    Object.keys(filters).forEach(function (k) { if (filters[k].value) { params.set(k, filters[k].value); } });
    history.replaceState(null, "", "?" + params.toString());
    var needles = queryWords(query), terms = queryTerms(needles), mine = ++generation;
    list.textContent = "";
    more.hidden = true;
    current = null;
    if (!needles.length) { status.textContent = "请输入要查找的字词。"; return; }
    if (!terms.length) { status.textContent = "“" + query + "”中没有可以查找的汉字、字母或数字。"; return; }
    status.textContent = "正在搜索……";
    performance.mark("gongkai-search-start");
    Promise.all([Promise.all(terms.map(termLists)), filterSet()]).then(function (loaded) {
      if (mine !== generation) { return; }
      var lists = loaded[0], allowed = loaded[1], candidates = [], seen = emptySet(), sets = [];
      if (lists.indexOf(null) < 0) {
        for (var f = 0; f < FIELDS; f++) {
          // Documents holding every term in this one field, in document (display) order.
          var set = lists[0][f].slice();
          for (var t = 1; t < lists.length; t++) { and(set, lists[t][f]); }
          if (allowed) { and(set, allowed); }
          sets.push(set);
          for (var i = 0; i < set.length; i++) {
            if (!set[i]) { continue; }
            for (var bit = 0; bit < 8; bit++) {
              var id = i * 8 + bit;
              if ((set[i] & (1 << bit)) && !has(seen, id)) { seen[i] |= 1 << bit; candidates.push([id, f]); }
            }
          }
        }
      }
      current = { query: query, needles: needles, candidates: candidates, sets: sets, next: 0, shown: 0, rejected: 0, unchecked: 0,
                  exact: needles.every(isOneTerm) };
      return showPage(current);
    }).catch(function (error) { status.textContent = "搜索索引加载失败，请稍后再试。"; if (window.console) { console.error(error); } });
  }
  fetchOnce("meta.json", false).then(function (loaded) {
    meta = loaded;
    fillSelect(filters.year, meta.years.map(function (y) { return y[0]; }));
    fillSelect(filters.department, meta.departments);
    fillSelect(filters.grade, meta.grades);
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    Object.keys(filters).forEach(function (k) { filters[k].value = params.get(k) || ""; });
    if (input.value) { search(); }
  }).catch(function () { status.textContent = "搜索索引加载失败，请稍后再试。"; });
  form.addEventListener("submit", function (event) { event.preventDefault(); if (meta) { search(); } });
  more.addEventListener("click", function () {
    if (current && current.next < current.candidates.length && !current.loading) {
      status.textContent = "正在加载更多结果……";
      showPage(current).catch(function () { current.loading = false; status.textContent = "搜索索引加载失败，请稍后再试。"; });
    }
  });
  Object.keys(filters).forEach(function (k) { filters[k].addEventListener("change", function () { if (meta && input.value) { search(); } }); });
})();
