// Answer page script; the page works without it. See handlers/pages_survey.go.
(function () {
var d = document, h = d.documentElement, P = 'md.q.', f = el('f'), D = f ? f.dataset : {}, busy = 0, timer, ls,
 T = Date.now() / 36e5 | 0, path = f && f.getAttribute('action').split('?')[0];
try { ls = localStorage; } catch (e) {}
h.classList.add('js');
function $$(s, r) { return (r || d).querySelectorAll(s); }
function el(id) { return d.getElementById(id); }
d.addEventListener('click', e => {
 var a = e.target.closest('.exit');
 if (a) { e.preventDefault(); d.body.hidden = true; location.replace(a.href); }
});
function say(text) {
 var st = el('st');
 if (!st) {
  st = d.createElement('p'); st.id = st.className = 'st'; st.setAttribute('role', 'status');
  el('main').prepend(st);
 }
 st.textContent = text;
}
function change() {
 $$('[data-if]').forEach(q => {
  var c = el('q-' + q.dataset.if), any = q.dataset.any.split(' '), show = false;
  if (c && !c.hidden) $$('input:checked', c).forEach(i => { show = show || any.indexOf(i.value) >= 0; });
  if (!show) $$('input,textarea', q).forEach(i => { i.checked = false; if (!i.type.match(/radio|checkbox/)) i.value = ''; });
  q.hidden = !show;
 });
 $$('[data-max]').forEach(q => {
  var n = $$('input:checked', q).length;
  $$('input', q).forEach(b => { b.disabled = !b.checked && n >= +q.dataset.max; });
 });
}
function answers() {
 var out = {};
 $$('[name^="q."]', f).forEach(i => {
  var v = i.value.trim(), p = i.name.slice(2).split('.'), id = p[0];
  if (!v || i.closest('[hidden]') || (/radio|checkbox/.test(i.type) && !i.checked)) return;
  if (p[1]) (out[id] = out[id] || {})[p[1]] = v;
  else if (i.type === 'checkbox') (out[id] = out[id] || []).push(v);
  else out[id] = i.type === 'number' && /^-?\d+$/.test(v) ? +v : v;
 });
 return out;
}
function showErrors(body) {
 var sum = el('fel'), ul = sum.querySelector('ul'), err = body.error || {};
 $$('.err', f).forEach(e => e.remove());
 $$('.bad', f).forEach(q => q.classList.remove('bad'));
 ul.textContent = '';
 (err.fields || [err]).forEach(p => {
  var q = p.question && el('q-' + p.question), li = d.createElement('li'), a;
  if (q) {
   var e = el('e-' + p.question), t = q.querySelector('.in') || q, by = t.getAttribute('aria-describedby') || '';
   if (!e) {
    e = d.createElement('p'); e.className = 'err'; e.id = 'e-' + p.question;
    (el('h-' + p.question) || q.querySelector('legend')).after(e);
   }
   e.textContent = p.message;
   if (by.indexOf(e.id) < 0) t.setAttribute('aria-describedby', (by + ' ' + e.id).trim());
   q.classList.add('bad');
   a = d.createElement('a'); a.href = '#' + q.id;
   a.textContent = q.querySelector('small').textContent + ': ' + p.message;
   li.append(a);
  } else li.textContent = p.message;
  ul.append(li);
 });
 sum.hidden = false;
 sum.focus();
}
// On a kiosk the next person gets an empty form and a new submission id.
function saved(m) {
 say(m);
 if (D.kiosk) try { f.elements.submission_id.value = crypto.randomUUID(); D.pending = ''; f.reset(); change(); scrollTo(0, 0); } catch (x) { fresh(); }
}
// An item queued on a kiosk (k) is sent without a word to the next person.
function send(k) {
 var item = JSON.parse(ls ? ls.getItem(k) : D.item), mine = k === P + D.pending;
 if (!item) return Promise.resolve();
 return fetch(item.u, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: item.b, credentials: 'omit' })
  .then(r => r.json().catch(() => ({})).then(body => {
   if (r.status === 429 || r.status >= 500) {
    later(+r.headers.get('Retry-After') || 20);
    if (mine) saved(D.mRetry);
    return;
   }
   if (ls) ls.removeItem(k);
   if (r.ok) {
    if (mine) location.replace((D.done || path + '?klar=1') + '&lang=' + h.lang); else item.k || say(item.ok);
   } else if (mine && r.status === 422) {
    say(''); showErrors(body);
   } else if (mine || !item.k) say(item.no + ' ' + ((body.error && body.error.message) || r.status));
  }), () => {
   later(20);
   if (mine) saved(D.mSaved);
  });
}
function fresh() { location.replace(D.kiosk); }
function later(s) { clearTimeout(timer); timer = setTimeout(flush, Math.min(s, 300) * 1000); }
// t is the hour an item was queued: after seven days it is dropped unsent.
function flush() {
 if (busy || !ls) return;
 var ks = Object.keys(ls).filter(k => !k.indexOf(P) && (T - JSON.parse(ls.getItem(k)).t < 168 || ls.removeItem(k)));
 if (navigator.onLine === false) return;
 busy = 1;
 (function next() {
  var k = ks.shift();
  if (!k) busy = 0; else send(k).then(next, next);
 })();
}
if (f) {
 f.addEventListener('change', change);
 f.addEventListener('submit', e => {
  e.preventDefault();
  var a = answers(), id = f.elements.submission_id.value, item = JSON.stringify({
   u: '/api/v1' + path + '/responses', ok: D.mSent, no: D.mDropped, t: T, k: D.kiosk,
   b: JSON.stringify({ submission_id: id, session: (f.elements.session || {}).value, lang: h.lang, answers: a })
  });
  if (D.mEmpty && !Object.keys(a).length) return say(''), showErrors({ error: { message: D.mEmpty } });
  D.pending = id;
  D.item = item;
  if (ls) try { ls.setItem(P + id, item); } catch (x) { ls = null; }
  if (navigator.onLine === false) return saved(D.mSaved);
  say(D.mSending);
  if (busy && ls) return later(1);
  send(P + id);
 });
 change();
 if (!el('fel').hidden) el('fel').focus();
 // Kiosk: an untouched form wipes itself after two minutes, and a page
 // shown again from history starts afresh.
 if (D.kiosk) {
  var idle = Date.now();
  ['input', 'change', 'keydown', 'touchstart'].forEach(t => f.addEventListener(t, () => { idle = Date.now(); }));
  setInterval(() => { if (Date.now() - idle > (+D.idle || 12e4)) fresh(); }, 1e3);
  addEventListener('pageshow', e => { if (e.persisted) fresh(); });
 }
}
addEventListener('online', flush);
flush();
})();
