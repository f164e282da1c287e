(function () {
  'use strict';
  var table = document.getElementById('gebieden-tabel');
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var zoek = document.getElementById('zoek');
  var gemeente = document.getElementById('filter-gemeente');
  var soort = document.getElementById('filter-soort');
  var aantal = document.getElementById('aantal');
  function filter() {
    var q = zoek.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (r) {
      var ok = (!q || r.getAttribute('data-zoek').indexOf(q) >= 0) &&
        (!gemeente.value || r.getAttribute('data-gemeente') === gemeente.value) &&
        (!soort.value || r.getAttribute('data-soort') === soort.value);
      r.hidden = !ok;
      if (ok) { shown++; }
    });
    aantal.textContent = shown + (shown === 1 ? ' gebied' : ' gebieden') + ' getoond';
  }
  function key(r, i) {
    var c = r.cells[i];
    var v = c.getAttribute('data-v');
    return v === null ? c.textContent.trim().toLowerCase() : (v === '' ? null : parseFloat(v));
  }
  function sort(th, i) {
    var asc = th.getAttribute('aria-sort') !== 'ascending';
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
    rows.sort(function (a, b) {
      var x = key(a, i), y = key(b, i);
      if (x === null || y === null) { return x === y ? 0 : (x === null ? 1 : -1); }
      var c = typeof x === 'number' ? x - y : x.localeCompare(y, 'nl');
      return asc ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
    var b = th.querySelector('button');
    if (b) { b.addEventListener('click', function () { sort(th, i); }); }
  });
  [zoek, gemeente, soort].forEach(function (el) { el.addEventListener('input', filter); });
  document.getElementById('filters').addEventListener('submit', function (e) { e.preventDefault(); filter(); });
  filter();
}());
