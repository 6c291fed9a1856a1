// The report list of index.html: rows come from index-data.js (a script file, since
// a page opened from the file system cannot fetch JSON), filtered, sorted and shown
// 200 at a time. The state lives in the address's hash (#q=…&status=…&sort=-error&page=2)
// so a view can be bookmarked or passed to a headless browser. Cells are filled with
// textContent only: no document text is ever parsed as HTML.
(function () {
  "use strict";
  var D = window.NIANBAO_REPORTS || [];
  // Column positions in a data row (index_page.rs writes them in this order).
  var C = { href: 0, path: 1, agency: 2, year: 3, template: 4, status: 5, error: 6,
            warning: 7, info: 8, narrative: 9, cross: 10, code: 11 };
  var NUM = { year: 1, error: 1, warning: 1, info: 1, narrative: 1, cross: 1 };
  var PAGE = 200;
  var KEYS = ["q", "status", "year", "template", "issues", "sort", "page"];
  var st;
  var $ = function (id) { return document.getElementById(id); };

  function parseHash() {
    var s = { q: "", status: "", year: "", template: "", issues: "", sort: "", page: "1" };
    location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
      if (!kv) return;
      var i = kv.indexOf("=");
      var k = decodeURIComponent(i < 0 ? kv : kv.slice(0, i));
      var v = i < 0 ? "" : decodeURIComponent(kv.slice(i + 1).replace(/\+/g, " "));
      if (Object.prototype.hasOwnProperty.call(s, k)) s[k] = v;
    });
    return s;
  }
  function writeHash() {
    var parts = [];
    KEYS.forEach(function (k) {
      if (st[k] && !(k === "page" && st[k] === "1")) parts.push(k + "=" + encodeURIComponent(st[k]));
    });
    var h = parts.length ? "#" + parts.join("&") : " ";
    try { history.replaceState(null, "", h); } catch (e) { /* some file:// setups refuse */ }
  }
  function keep(r) {
    if (st.q) {
      var q = st.q.toLowerCase();
      if (String(r[C.agency]).toLowerCase().indexOf(q) < 0 &&
          String(r[C.path]).toLowerCase().indexOf(q) < 0) return false;
    }
    if (st.status && r[C.status] !== st.status) return false;
    if (st.year && String(r[C.year] === null ? "" : r[C.year]) !== st.year) return false;
    if (st.template && String(r[C.template] || "") !== st.template) return false;
    switch (st.issues) {
      case "error": return r[C.error] > 0;
      case "warning": return r[C.error] + r[C.warning] > 0;
      case "narrative": return r[C.narrative] > 0;
      case "cross": return r[C.cross] > 0;
      case "none": return r[C.error] + r[C.warning] + r[C.info] === 0;
    }
    return true;
  }
  function compare(key, desc) {
    var i = C[key];
    return function (a, b) {
      var x = a.r[i], y = b.r[i], c;
      if (x === null || x === "") c = (y === null || y === "") ? 0 : 1;
      else if (y === null || y === "") c = -1;
      else if (NUM[key]) c = (desc ? y - x : x - y);
      else c = desc ? String(y).localeCompare(String(x), "zh") : String(x).localeCompare(String(y), "zh");
      return c || a.i - b.i;
    };
  }
  function td(tr, text, cls) {
    var el = document.createElement("td");
    el.textContent = text === null || text === undefined ? "" : String(text);
    if (cls) el.className = cls;
    tr.appendChild(el);
    return el;
  }
  function render() {
    var rows = [];
    for (var i = 0; i < D.length; i++) if (keep(D[i])) rows.push({ r: D[i], i: i });
    if (st.sort) {
      var desc = st.sort.charAt(0) === "-", key = st.sort.replace(/^-/, "");
      if (C[key] !== undefined) rows.sort(compare(key, desc));
    }
    var pages = Math.max(1, Math.ceil(rows.length / PAGE));
    var page = Math.min(Math.max(parseInt(st.page, 10) || 1, 1), pages);
    st.page = String(page);
    var body = $("rows");
    var frag = document.createDocumentFragment();
    rows.slice((page - 1) * PAGE, page * PAGE).forEach(function (o) {
      var r = o.r, tr = document.createElement("tr");
      tr.setAttribute("data-path", r[C.path]);
      if (r[C.status] === "error") tr.className = "status-error";
      var a = document.createElement("a");
      a.setAttribute("href", r[C.href]);
      a.textContent = r[C.path];
      td(tr, "").appendChild(a);
      td(tr, r[C.agency]);
      td(tr, r[C.year]);
      td(tr, r[C.template]);
      td(tr, r[C.status] === "error" ? "无法读取：" + r[C.code] : "已读取");
      td(tr, r[C.error], "n" + (r[C.error] ? " err" : ""));
      td(tr, r[C.warning], "n" + (r[C.warning] ? " warn" : ""));
      td(tr, r[C.info], "n");
      td(tr, r[C.narrative], "n" + (r[C.narrative] ? " warn" : ""));
      td(tr, r[C.cross], "n" + (r[C.cross] ? " warn" : ""));
      frag.appendChild(tr);
    });
    body.textContent = "";
    body.appendChild(frag);
    var from = rows.length ? (page - 1) * PAGE + 1 : 0;
    $("count").textContent = "显示 " + from + "–" + Math.min(page * PAGE, rows.length) +
      "，共 " + rows.length + " 份" + (rows.length !== D.length ? "（筛选自 " + D.length + " 份）" : "");
    $("count").setAttribute("data-shown", String(rows.length));
    $("pageno").textContent = "第 " + page + " / " + pages + " 页";
    $("prev").disabled = page <= 1;
    $("next").disabled = page >= pages;
    var ths = document.querySelectorAll("#list th[data-key]");
    for (var j = 0; j < ths.length; j++) {
      var k = ths[j].getAttribute("data-key");
      ths[j].setAttribute("aria-sort", st.sort === k ? "ascending" : st.sort === "-" + k ? "descending" : "none");
    }
    ["q", "status", "year", "template", "issues"].forEach(function (k) {
      if ($("f-" + k).value !== st[k]) $("f-" + k).value = st[k];
    });
    writeHash();
  }
  function options(id, key) {
    var seen = {}, vals = [];
    D.forEach(function (r) {
      var v = r[C[key]] === null ? "" : String(r[C[key]]);
      if (v !== "" && !seen[v]) { seen[v] = 1; vals.push(v); }
    });
    vals.sort();
    var sel = $(id);
    vals.forEach(function (v) {
      var o = document.createElement("option");
      o.value = v; o.textContent = v;
      sel.appendChild(o);
    });
  }
  function init() {
    options("f-year", "year");
    options("f-template", "template");
    st = parseHash();
    ["q", "status", "year", "template", "issues"].forEach(function (k) {
      $("f-" + k).addEventListener(k === "q" ? "input" : "change", function () {
        st[k] = this.value; st.page = "1"; render();
      });
    });
    var ths = document.querySelectorAll("#list th[data-key]");
    for (var j = 0; j < ths.length; j++) {
      ths[j].addEventListener("click", function () {
        var k = this.getAttribute("data-key");
        st.sort = st.sort === k ? "-" + k : k;
        st.page = "1"; render();
      });
    }
    $("prev").addEventListener("click", function () { st.page = String(+st.page - 1); render(); });
    $("next").addEventListener("click", function () { st.page = String(+st.page + 1); render(); });
    window.addEventListener("hashchange", function () { st = parseHash(); render(); });
    render();
  }
  init();
})();
