// Facilitator screen: keeps the count live and turns on "Visa resultat"
// once enough have answered. The page works without it (reload to update).
(function () {
 var s = document.getElementById('session');
 if (!s) return;
 var count = document.getElementById('count'), btn = document.getElementById('show-results'), wait = document.getElementById('results-wait');
 function poll() {
  fetch(s.dataset.statusUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
   .then(function (r) { return r.ok ? r.json() : null; })
   .then(function (v) {
    if (!v) return;
    count.textContent = v.responses;
    if (v.results_available && !btn.getAttribute('href')) {
     btn.setAttribute('href', btn.dataset.href);
     btn.removeAttribute('aria-disabled');
     btn.classList.remove('disabled');
     wait.hidden = true;
    }
   }, function () {});
 }
 setInterval(poll, 3000);
})();
