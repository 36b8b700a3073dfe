// Shared helpers for the Cascade dashboard pages (no framework, no CDN: charts come from /vendor/).
'use strict';
const Cascade = (() => {
  // Money arrives as exact decimal strings (ids as strings too); Number() them only for display and charts.
  const E6 = 1e6, E8 = 1e8, E12 = 1e12;
  function usd(v) { // v in dollars (number)
    const a = Math.abs(v), s = v < 0 ? '-' : '';
    if (a >= 1e9) return s + '$' + (a / 1e9).toFixed(2) + 'B';
    if (a >= 1e6) return s + '$' + (a / 1e6).toFixed(2) + 'M';
    if (a >= 1e3) return s + '$' + (a / 1e3).toFixed(1) + 'k';
    return s + '$' + a.toFixed(0);
  }
  function utc(ms) { return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z'); }
  function hms(ms) { return new Date(ms).toISOString().substring(11, 19); }
  async function get(path) {
    const r = await fetch(path);
    const body = await r.json();
    if (!r.ok) throw new Error(body.error || ('HTTP ' + r.status));
    return body;
  }
  // A visible tag on figures that are not venue orders: SYNTHETIC (generated) or AGGREGATE (an aggregator's sum).
  function classTag(sourceClass) {
    return !sourceClass || sourceClass === 'VENUE' ? '' : ' <span class="tag ' + esc(sourceClass.toLowerCase()) + '">' + esc(sourceClass) + '</span>';
  }
  function esc(s) { return String(s).replace(/[&<>"']/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c])); }
  const chartTheme = {
    layout: { background: { color: '#171c23' }, textColor: '#8a94a3', attributionLogo: true },
    grid: { vertLines: { color: '#1f262f' }, horzLines: { color: '#1f262f' } },
    timeScale: { timeVisible: true, secondsVisible: false, borderColor: '#2c3540' },
    rightPriceScale: { borderColor: '#2c3540' },
    autoSize: true,
  };
  return { E6, E8, E12, usd, utc, hms, get, esc, classTag, chartTheme };
})();
