// Answer page script; the page works without it. See handlers/pages_survey.go.
(function () {
var d = document, h = d.documentElement, P = 'md.q.', f = el('f'), D = f ? f.dataset : {}, busy = 0, timer, ls,
 T = Date.now() / 36e5 | 0, path = f && f.getAttribute('action').split('?')[0];
try { ls = localStorage; } catch (e) {}
h.classList.add('js');
function $$(s, r) { return (r || d).querySelectorAll(s); }
function el(id) { return d.getElementById(id); }
// Quick exit leaves with location.replace, and every move within the
// service replaces the page too, so Back after leaving finds nothing of it.
// Escape twice within 1.5 s leaves as well. A kiosk starts afresh instead:
// the device stays with the next person.
var K = D.kiosk || (el('next') || {}).href, esc = -2e3;
function leave() {
 d.body.hidden = true;
 if (f) f.reset();
 location.replace(K || d.querySelector('.exit').href);
}
d.addEventListener('click', e => {
 var a = e.target.closest('a[href]');
 if (!a || e.ctrlKey || e.metaKey || e.shiftKey || a.target || a.origin !== location.origin && !a.matches('.exit')) return;
 e.preventDefault();
 if (a.matches('.exit')) leave(); else location.replace(a.href);
});
d.addEventListener('keydown', e => {
 if (e.key !== 'Escape') return;
 if (e.timeStamp - esc < 1500) leave();
 esc = e.timeStamp;
});
d.addEventListener('submit', e => {
 var g = e.target;
 if (g.method !== 'get') return;
 e.preventDefault();
 location.replace(g.action + '?' + new URLSearchParams(new FormData(g)));
});
function say(text) {
 var st = el('st');
 if (!st) {
  st = d.createElement('p'); st.id = st.className = 'st'; st.setAttribute('role', 'status');
  el('main').prepend(st);
 }
 st.textContent = text;
}
function fmt(t, a, b) { return t.replace('%d', a).replace('%d', b); }
// Questions are numbered by those shown, and the bar counts those answered.
function count() {
 var qs = [].filter.call($$('#f>fieldset'), q => !q.hidden), n = qs.length, a = 0, pg = el('pg');
 qs.forEach((q, i) => {
  q.querySelector('small').textContent = fmt(D.mNum, i + 1, n);
  if ($$('input:checked', q).length || [].some.call($$('.in', q), i => i.value.trim())) a++;
 });
 if (!pg) return;
 pg.hidden = false;
 pg.firstChild.textContent = fmt(D.mAnswered, a, n);
 pg.lastChild.max = n; pg.lastChild.value = a;
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
 count();
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
// Read-aloud: the browser's own voices, none from the network. A "Lyssna"
// button reads the question, then its options; pressing it again stops.
// It shows only once the device has a voice for the page's language.
var S = window.speechSynthesis, voice, reading;
// Dari voices are named by their CLDR locale, fa-AF.
function voices() {
 voice = S.getVoices().filter(v => { var l = v.lang.toLowerCase().replace('_', '-'); return l.split('-')[0] === h.lang || h.lang === 'prs' && l === 'fa-af'; })[0];
 $$('.say').forEach(b => { b.hidden = !voice; });
}
function stop() {
 if (!reading) return;
 reading.setAttribute('aria-pressed', 'false');
 reading = null;
 S.cancel();
 el('sst').textContent = D.mStopped;
}
function read(b) {
 var was = reading, q = b.parentNode, lg = q.querySelector('legend').cloneNode(true), texts = [], seen = {};
 stop();
 if (was === b) return;
 lg.querySelector('small').remove();
 texts.push(lg.textContent.trim());
 $$(':scope fieldset legend, label', q).forEach(l => { var t = l.textContent.trim(); if (t && !seen[t]) texts.push(seen[t] = t); });
 reading = b;
 b.setAttribute('aria-pressed', 'true');
 el('sst').textContent = D.mReading;
 texts.forEach((t, i) => {
  var u = new SpeechSynthesisUtterance(t);
  u.lang = h.lang; u.voice = voice;
  if (i === texts.length - 1) u.onend = () => { if (reading === b) stop(); };
  S.speak(u);
 });
}
if (f) {
 if (S && window.SpeechSynthesisUtterance) {
  $$('#f>fieldset>legend').forEach(l => {
   var b = d.createElement('button');
   b.type = 'button'; b.className = 'say'; b.hidden = true; b.textContent = D.mListen;
   b.setAttribute('aria-pressed', 'false');
   l.after(b);
  });
  f.insertAdjacentHTML('beforeend', '<p id="sst" class="vh" role="status"></p>');
  f.addEventListener('click', e => { var b = e.target.closest('.say'); if (b) read(b); });
  S.addEventListener('voiceschanged', voices);
  voices();
 }
 f.addEventListener('change', change);
 f.addEventListener('input', count);
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
