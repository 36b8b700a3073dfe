// Shared helpers for the Cascade dashboard pages (no framework, no CDN: charts come from /vendor/).
'use strict';
const Cascade = (() => {
  // Money arrives as exact decimal strings (ids as strings too); Number() them only for display and charts.
  const E6 = 1e6, E8 = 1e8, E12 = 1e12;
  function usd(v) { // v in dollars (number): $1.23B, $4.56M, $7.8k, $950
    const a = Math.abs(v), s = v < 0 ? '-' : '';
    if (a >= 1e9) return s + '$' + (a / 1e9).toFixed(2) + 'B';
    if (a >= 1e6) return s + '$' + (a / 1e6).toFixed(2) + 'M';
    if (a >= 1e3) return s + '$' + (a / 1e3).toFixed(1) + 'k';
    return s + '$' + a.toFixed(0);
  }
  /** A price for display: thousands separated, and enough decimals for sub-dollar coins (0.0340055 stays readable). */
  function price(v) {
    const a = Math.abs(v);
    const digits = a >= 1000 ? 0 : a >= 1 ? 2 : a > 0 ? Math.min(8, 2 - Math.floor(Math.log10(a)) + 1) : 0;
    return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }
  /** A plain number with separators and only the decimals it has (a bin width: 100, 2.5, 0.001). */
  function num(v) { return v.toLocaleString('en-US', { maximumFractionDigits: 8 }); }
  function utc(ms) { return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z'); }
  function hms(ms) { return new Date(ms).toISOString().substring(11, 19); }
  /** A duration in ms as the API's bucket names it: 1m, 15m, 4h, 1d. */
  function span(ms) { return ms % 86400e3 === 0 ? ms / 86400e3 + 'd' : ms % 3600e3 === 0 ? ms / 3600e3 + 'h' : ms / 60e3 + 'm'; }

  // The API token, entered once per browser tab (sessionStorage: gone when the tab closes, never sent anywhere else).
  const TOKEN_KEY = 'cascade.token';
  const token = {
    get: () => sessionStorage.getItem(TOKEN_KEY) || '',
    set: t => t ? sessionStorage.setItem(TOKEN_KEY, t) : sessionStorage.removeItem(TOKEN_KEY),
  };
  async function call(method, path, body) {
    const headers = {};
    if (token.get()) headers.Authorization = 'Bearer ' + token.get();
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    const parsed = text ? JSON.parse(text) : null;
    if (!r.ok) {
      const e = new Error((parsed && parsed.error) || ('HTTP ' + r.status));
      e.status = r.status;
      throw e;
    }
    return parsed;
  }
  const get = path => call('GET', path);

  // A visible tag on figures that are not venue orders: SYNTHETIC (generated) or AGGREGATE (an aggregator's sum).
  function classTag(sourceClass) {
    return !sourceClass || sourceClass === 'VENUE' ? '' : ' <span class="tag ' + esc(sourceClass.toLowerCase()) + '">' + esc(sourceClass) + '</span>';
  }
  function esc(s) { return String(s).replace(/[&<>"']/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c])); }

  /**
   * The "no data" state of a chart container: a message over it (message set) or none (null). Every panel says why it
   * is empty instead of showing blank axes.
   */
  function noData(el, message) {
    let box = el.querySelector(':scope > .nodata');
    if (!box) {
      box = document.createElement('div');
      box.className = 'nodata';
      el.appendChild(box);
    }
    box.hidden = !message;
    box.textContent = message || '';
    el.dataset.state = message ? 'nodata' : 'data';
  }

  /** Labels each body cell with its column header, for the card layout of .stack tables on narrow screens. */
  function labelCells(table) {
    const heads = [...table.querySelectorAll('thead th')].map(th => th.textContent);
    for (const tr of table.querySelectorAll('tbody tr')) {
      [...tr.cells].forEach((td, i) => { if (heads[i] && td.colSpan === 1) td.dataset.label = heads[i]; });
    }
  }

  /** One colour per exchange, the same on every chart. */
  const EXCHANGE_COLORS = { BINANCE: '#f0b90b', BYBIT: '#4c8dff', OKX: '#d8dee6', BITMEX: '#b07cff', DERIBIT: '#29d1c0',
    GATE: '#ff9f43', BITGET: '#ff5ea8', HYPERLIQUID: '#97fce4', COINGLASS: '#8a94a3' };
  const PALETTE = ['#4c8dff', '#f0b90b', '#22ab94', '#e0474c', '#b07cff', '#29d1c0', '#ff9f43', '#8fb4ff'];
  function exchangeColor(ex, i) { return EXCHANGE_COLORS[ex] || PALETTE[i % PALETTE.length]; }

  const chartTheme = {
    layout: { background: { color: '#171c23' }, textColor: '#8a94a3', attributionLogo: true },
    grid: { vertLines: { color: '#1f262f' }, horzLines: { color: '#1f262f' } },
    timeScale: { timeVisible: true, secondsVisible: false, borderColor: '#2c3540' },
    rightPriceScale: { borderColor: '#2c3540' },
    localization: { dateFormat: 'yyyy-MM-dd' },
    autoSize: true,
  };
  /** Lightweight Charts time-axis ticks in UTC that say which day: 2025-10, 10-11, 21:00. */
  function tickMark(time, type) {
    const iso = new Date(time * 1000).toISOString();
    return type <= 1 ? iso.substring(0, 7) : type === 2 ? iso.substring(5, 10) : iso.substring(11, 16);
  }
  chartTheme.timeScale.tickMarkFormatter = tickMark;
  /** ECharts axis-label colours and a time axis that names dates and hours (charts set useUTC: the dashboard speaks UTC). */
  const axisText = { color: '#8a94a3' };
  const timeAxis = { type: 'time', axisLabel: { color: '#8a94a3', hideOverlap: true,
    formatter: { year: '{yyyy}', month: '{MMM}', day: '{MM}-{dd}', hour: '{HH}:{mm}', minute: '{HH}:{mm}' } } };
  // The pages, in the header of each (one list, so a new page appears everywhere).
  const PAGES = [['/', 'Live'], ['/heatmap.html', 'Heatmap'], ['/autopsy.html', 'Autopsy'], ['/alerts.html', 'Alerts'], ['/openapi.json', 'API']];
  const header = document.querySelector('body > header');
  if (header) {
    const here = location.pathname === '/index.html' ? '/' : location.pathname;
    header.insertAdjacentHTML('afterbegin', '<h1>Cascade</h1><nav>' + PAGES.map(([href, name]) => '<a href="' + href + '"'
      + (href === here ? ' class="active"' : '') + '>' + name + '</a>').join('') + '</nav>');
  }
  return { E6, E8, E12, usd, price, num, utc, hms, span, token, call, get, esc, classTag, noData, labelCells, exchangeColor, PALETTE,
    chartTheme, axisText, timeAxis };
})();
