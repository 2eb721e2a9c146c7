// Control and presenter views: keep the live count up to date, and reload once
// the session has closed (by hand elsewhere, or its time ran out) so the
// screen stops showing the join code. The poll reads the count and the
// status only; results are never on this screen. The page works without
// it (reload to update).
(function () {
 var s = document.getElementById('session');
 if (!s) return;
 var count = document.getElementById('count');
 // Written as the server writes it: "1 500" in Swedish, "1,500" in English.
 var number = new Intl.NumberFormat(document.documentElement.lang || 'sv');
 function poll() {
  fetch(s.dataset.statusUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
   .then(function (r) { return r.ok ? r.json() : null; })
   .then(function (v) {
    if (!v) return;
    count.textContent = number.format(v.responses);
    // The presenter view follows a release made on the control view.
    if (v.released && s.dataset.resultsUrl) location.href = s.dataset.resultsUrl;
    else if (v.status !== s.dataset.status) location.reload();
   }, function () {});
 }
 setInterval(poll, 3000);
})();

// The session form: the grade list offers only the grades the chosen
// school teaches (every grade for "no school"); the server checks the
// same, so without script a wrong pair is refused with a message at the
// field. A summary of problems takes the focus, so it is read first.
(function () {
 var errors = document.getElementById('session-errors') || document.getElementById('exclusion-errors');
 if (errors) errors.focus();
 var school = document.getElementById('s-school');
 var grade = document.getElementById('s-grade');
 if (!school || !grade) return;
 function filter() {
  var chosen = school.options[school.selectedIndex];
  var taught = chosen && chosen.dataset.grades ? chosen.dataset.grades.split(' ') : null;
  Array.prototype.forEach.call(grade.options, function (o) {
   var off = !!taught && o.value !== '' && o.value !== '-' && taught.indexOf(o.value) < 0;
   o.hidden = off;
   o.disabled = off;
   if (off && o.selected) grade.value = '';
  });
 }
 school.addEventListener('change', filter);
 filter();
})();
