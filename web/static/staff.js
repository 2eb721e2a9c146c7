// Facilitator screen: keeps the live count up to date, and reloads once
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
    if (v.status !== s.dataset.status) location.reload();
   }, function () {});
 }
 setInterval(poll, 3000);
})();
