// Live dashboard: the stored history then the WebSocket feed in the table, periodic REST refresh of cards and charts.
// Each panel is one refresh function in `panels`; a new panel adds its own section to index.html and one entry here.
'use strict';
(() => {
  const C = Cascade;
  const SHOWN_ROWS = 200, KEPT_ROWS = 1000, HISTORY_ROWS = 200;
  const LOWER_BOUND = new Set(['SAMPLED_1S_PER_SYMBOL', 'SAMPLED_LARGEST_PER_SIDE_1S', 'PARTIAL']);
  const EX_SHORT = { BINANCE: 'BNC', BYBIT: 'BYB', OKX: 'OKX', BITMEX: 'BMX', DERIBIT: 'DRB', GATE: 'GATE', BITGET: 'BGT',
    HYPERLIQUID: 'HL', COINGLASS: 'CG' };
  const state = { liveRows: 0, historyRows: 0, latencies: [], marketNow: null, exchanges: new Set(), pending: [], rows: [],
    seen: new Set(), alerts: [], gaps: [], dropped: 0, notBroadcast: 0, btcPrice: null, dirty: false };
  window.__cascade = state; // read by the browser end-to-end tests
  const $ = id => document.getElementById(id);

  // ---- the liquidation table: stored history first (so a reload keeps it), then the live stream ----
  const feedBody = document.querySelector('#feed tbody');
  const minUsdInput = $('minUsd');
  const exFilter = $('exFilter');
  const chartEx = $('chartEx');

  function knowExchange(ex) {
    if (!ex || state.exchanges.has(ex)) return;
    state.exchanges.add(ex);
    for (const sel of [exFilter, chartEx]) {
      const o = document.createElement('option'); o.value = ex; o.textContent = ex.toLowerCase(); sel.appendChild(o);
    }
  }

  /** Adds rows (newest first) unless already shown: the history and the stream overlap around the reload. */
  function addRows(rows, live) {
    const fresh = rows.filter(r => !state.seen.has(r.eventId));
    fresh.forEach(r => { state.seen.add(r.eventId); r.live = live; knowExchange(r.exchange); });
    state.rows = live ? fresh.concat(state.rows) : state.rows.concat(fresh);
    state.rows.sort((a, b) => b.ts - a.ts);
    for (const r of state.rows.splice(KEPT_ROWS)) state.seen.delete(r.eventId);
    if (live) state.liveRows += fresh.length; else state.historyRows += fresh.length;
    state.dirty = state.dirty || fresh.length > 0;
  }

  function fromLive(m) {
    return { eventId: m.eventId, ts: m.ts, exchange: m.exchange, symbol: m.symbol, side: m.side, price: Number(m.price), usd: Number(m.usd),
      lowerBound: m.lowerBound, sourceClass: m.sourceClass };
  }
  function fromStored(r) {
    return { eventId: r.eventId, ts: r.ts, exchange: r.exchange, symbol: r.symbol, side: r.side, price: Number(r.price),
      usd: Number(r.notionalUsd), lowerBound: LOWER_BOUND.has(r.completeness), sourceClass: r.sourceClass };
  }

  async function loadHistory() {
    try {
      const page = await C.get('/api/liquidations?limit=' + HISTORY_ROWS);
      addRows(page.rows.map(fromStored), false);
    } catch (e) {
      $('feedNote').textContent = 'Stored history unavailable: ' + e.message;
    }
    state.historyLoaded = true;
    state.dirty = true;
  }

  function passes(r) {
    const min = Number(minUsdInput.value) || 0;
    return r.usd >= min && (!exFilter.value || exFilter.value === r.exchange);
  }

  function rowHtml(r) {
    const dash = r.symbol.indexOf('-');
    const sym = dash > 0 ? C.esc(r.symbol.substring(0, dash)) + '<span class="opt-sm">' + C.esc(r.symbol.substring(dash)) + '</span>' : C.esc(r.symbol);
    return '<tr class="' + (r.live ? 'live ' : 'hist ') + (r.side === 'LONG' ? 'long' : 'short') + (r.usd >= 100000 ? ' big' : '') + '">'
      + '<td>' + C.hms(r.ts) + '</td>'
      + '<td><span class="ex ' + C.esc(r.exchange) + '" title="' + C.esc(r.exchange.toLowerCase()) + '">'
      + '<span class="opt-sm">' + C.esc(r.exchange.toLowerCase()) + '</span><span class="only-sm">' + C.esc(EX_SHORT[r.exchange] || r.exchange.substring(0, 3)) + '</span></span>'
      + C.classTag(r.sourceClass) + '</td>'
      + '<td title="' + C.esc(r.symbol) + '">' + sym + '</td><td class="side">' + C.esc(r.side) + '</td>'
      + '<td class="num opt-sm">' + (r.price ? C.price(r.price) : '–') + '</td>'
      + '<td class="num">' + (r.lowerBound ? '≥' : '') + C.usd(r.usd) + '</td></tr>';
  }

  function renderFeed() {
    if (state.pending.length) {
      const batch = state.pending.splice(0, state.pending.length).map(fromLive).reverse();
      addRows(batch, true);
      for (const r of batch) if (r.symbol.startsWith('BTC-') && r.price) { state.btcPrice = r.price; break; }
    }
    if (!state.dirty) return;
    state.dirty = false;
    const shown = state.rows.filter(passes).slice(0, SHOWN_ROWS);
    feedBody.innerHTML = shown.length ? shown.map(rowHtml).join('')
      : '<tr><td colspan="6" class="note wrap">' + (state.rows.length ? 'No liquidation passes the filters.'
        : state.historyLoaded ? 'No liquidations stored or streamed yet.' : 'Loading…') + '</td></tr>';
    const l = state.latencies.slice().sort((a, b) => a - b);
    $('lat').textContent = l.length ? l[Math.floor(l.length / 2)].toFixed(0) + ' ms' : '–';
    $('feedCount').textContent = state.historyRows + ' stored + ' + state.liveRows + ' live'
      + (state.dropped ? ', ' + state.dropped + ' skipped (slow connection)' : '')
      + (state.notBroadcast ? ', ' + state.notBroadcast + ' not streamed (server busy; stored)' : '');
  }
  minUsdInput.addEventListener('input', () => { state.dirty = true; });
  exFilter.addEventListener('change', () => { state.dirty = true; });

  const decoder = new TextDecoder();
  function connect() {
    const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/liquidations');
    ws.binaryType = 'arraybuffer'; // frames are UTF-8 JSON arrays sent as binary (encoded once for all clients)
    ws.onopen = () => { $('wsdot').classList.add('on'); $('wsstate').textContent = 'live'; };
    ws.onclose = () => {
      $('wsdot').classList.remove('on');
      $('wsstate').textContent = 'disconnected, retrying…';
      setTimeout(connect, 2000);
    };
    ws.onmessage = ev => {
      const nowUs = Date.now() * 1000;
      for (const m of JSON.parse(typeof ev.data === 'string' ? ev.data : decoder.decode(ev.data))) {
        if (m.type === 'liq') {
          if (m.ingestUs) state.latencies.push(Math.max(0, (nowUs - m.ingestUs) / 1000));
          state.pending.push(m);
        } else if (m.type === 'alert') {
          state.alerts.unshift(m); renderAlerts();
        } else if (m.type === 'gap') {
          state.gaps.unshift(m);
          $('gaps').textContent = 'Live gap: ' + state.gaps.slice(0, 3).map(g => g.source + ' ' + C.utc(g.fromTs) + ' → ' + C.utc(g.toTs) + ' (' + g.reason + ')').join('; ');
        } else if (m.type === 'dropped') {
          if (m.cause === 'server-busy') state.notBroadcast += m.count; else state.dropped += m.count;
        } else if (m.type === 'hello') {
          state.marketNow = m.marketNow;
        }
      }
      if (state.latencies.length > 2000) state.latencies.splice(0, state.latencies.length - 2000);
    };
  }

  function renderAlerts() {
    $('alerts').innerHTML = state.alerts.slice(0, 20).map(a =>
      '<li><span class="t">' + C.utc(a.ts) + '</span><b>' + C.esc(a.kind) + '</b> ' + C.esc(a.message)
      + (a.valueUsd ? ' <span class="note">(' + C.usd(Number(a.valueUsd)) + ')</span>' : '') + '</li>').join('')
      || '<li class="note">No alert has fired.</li>';
  }

  // ---- cards ----
  // One figure per source class: venue orders, synthetic events and aggregator buckets describe the same market and are
  // never added (the server sends them apart; money arrives as decimal strings).
  async function refreshCards() {
    const d = await C.get('/api/totals/cards');
    state.marketNow = d.now;
    $('marketNow').textContent = C.utc(d.now);
    $('cards').innerHTML = d.cards.map(c => '<div class="card" data-window="' + c.window + '"><div class="w">' + c.window + '</div>'
      + (c.totals.length ? c.totals.map(t => '<div class="cls" data-class="' + C.esc(t.sourceClass) + '">' + C.classTag(t.sourceClass)
        + '<div class="v">' + (t.lowerBound ? '≥' : '') + C.usd(Number(t.totalUsd)) + '</div><div class="split">' + t.count + ' liq.<br><span class="long">L '
        + C.usd(Number(t.longUsd)) + '</span> · <span class="short">S ' + C.usd(Number(t.shortUsd)) + '</span></div></div>').join('')
        : '<div class="v">$0</div><div class="split note">no liquidations</div>') + '</div>').join('');
    const all = d.cards.flatMap(c => c.totals);
    const notes = [];
    if (all.some(t => t.lowerBound)) notes.push('≥ : includes sampled feeds, a lower bound.');
    for (const t of all) if (t.label && !notes.includes(t.label)) notes.push(t.label + '.');
    if (new Set(all.map(t => t.sourceClass)).size > 1) notes.push('Figures of different sources are shown side by side, never added.');
    $('cardsNote').textContent = notes.join(' ');
  }

  // ---- liquidations per minute: stacked per exchange (or per side), aggregator buckets on their own stack ----
  const PER_MINUTE_MS = 3 * 3600e3;
  const perMinute = echarts.init($('perMinute'), 'dark', { renderer: 'canvas' });
  $('stackBy').addEventListener('change', () => refreshPerMinute().catch(console.warn));
  chartEx.addEventListener('change', () => refreshPerMinute().catch(console.warn));
  async function refreshPerMinute() {
    const now = state.marketNow;
    if (now == null) return;
    const byExchange = $('stackBy').value === 'exchange';
    const q = 'bucket=1m&from=' + (now - PER_MINUTE_MS) + '&to=' + (now + 1) + (chartEx.value ? '&exchange=' + encodeURIComponent(chartEx.value) : '');
    const d = await C.get('/api/liquidations/' + (byExchange ? 'exchange-buckets?' : 'buckets?') + q);
    let series;
    if (byExchange) {
      d.buckets.forEach(b => knowExchange(b.exchange));
      const keys = [...new Set(d.buckets.map(b => b.exchange + '|' + b.sourceClass))].sort();
      series = keys.map((key, i) => {
        const [ex, cls] = key.split('|');
        return { name: ex.toLowerCase() + (cls === 'VENUE' ? '' : ' (' + cls.toLowerCase() + ')'), type: 'bar', barMaxWidth: 8,
          stack: cls === 'AGGREGATE' ? 'aggregate' : 'venues', color: C.exchangeColor(ex, i),
          data: d.buckets.filter(b => b.exchange + '|' + b.sourceClass === key).map(b => [b.bucketStart, Number(b.longUsd) + Number(b.shortUsd)]) };
      });
    } else {
      const classes = [...new Set(d.buckets.map(b => b.sourceClass))];
      series = classes.flatMap((cls, k) => ['long', 'short'].map(side => ({
        name: side + 's' + (cls === 'VENUE' ? '' : ' (' + cls.toLowerCase() + ')'), type: 'bar', stack: cls, barMaxWidth: 8,
        color: side === 'long' ? (k ? '#f08a8d' : '#e0474c') : (k ? '#7fd8c6' : '#22ab94'),
        data: d.buckets.filter(b => b.sourceClass === cls).map(b => [b.bucketStart, Number(side === 'long' ? b.longUsd : b.shortUsd)]),
      })));
    }
    perMinute.setOption({
      backgroundColor: '#171c23', animation: false, useUTC: true,
      legend: { top: 0, type: 'scroll', data: series.map(x => x.name), textStyle: C.axisText },
      tooltip: { trigger: 'axis', valueFormatter: v => C.usd(v) },
      grid: { left: 56, right: 12, top: 30, bottom: 28 },
      xAxis: Object.assign({}, C.timeAxis, { min: now - PER_MINUTE_MS, max: now }),
      yAxis: { type: 'value', name: 'USD / min', nameTextStyle: C.axisText, axisLabel: { color: '#8a94a3', formatter: v => C.usd(v) } },
      series,
    }, { replaceMerge: ['series'] });
    C.noData($('perMinute'), series.length ? null : 'No liquidations in the 3 hours to ' + C.utc(now)
      + (chartEx.value ? ' on ' + chartEx.value.toLowerCase() : '') + '.');
  }

  // ---- open interest and funding, each point as the feed published it ----
  const oiChart = LightweightCharts.createChart($('oiChart'), Object.assign({}, C.chartTheme,
    { localization: { dateFormat: 'yyyy-MM-dd', priceFormatter: v => C.usd(v) } }));
  const fundingChart = LightweightCharts.createChart($('fundingChart'), Object.assign({}, C.chartTheme,
    { localization: { dateFormat: 'yyyy-MM-dd', priceFormatter: v => v.toFixed(4) + '%' } }));
  const lines = { oi: new Map(), funding: new Map() };
  function seriesKey(s) {
    return s.source + (s.exchange && !s.source.startsWith(s.exchange.toLowerCase()) ? ' ' + s.exchange.toLowerCase() : '') + (s.symbol ? ' ' + s.symbol : '') + (s.synthetic ? ' (SYNTHETIC)' : '');
  }
  function setLines(chart, store, series, options, toPoint, legend) {
    series.forEach(s => {
      const key = seriesKey(s);
      let line = store.get(key);
      if (!line) {
        line = chart.addSeries(LightweightCharts.LineSeries, Object.assign({ color: C.PALETTE[store.size % C.PALETTE.length], lineWidth: 2,
          lastValueVisible: true, priceLineVisible: false, title: '' }, options));
        store.set(key, line);
      }
      line.setData(s.points.map(p => ({ time: Math.floor(p.ts / 1000), value: toPoint(p) })));
    });
    legend.innerHTML = [...store.entries()].map(([key, line]) => '<span><i style="background:' + line.options().color + '"></i>'
      + C.esc(key) + '</span>').join('');
    chart.timeScale().fitContent();
  }
  async function refreshSeries() {
    // 1-minute buckets: a feed sampled every minute keeps its minutes, a 4-hour aggregate keeps its 4 hours.
    const oi = await C.get('/api/open-interest?coin=BTC&window=7d&bucket=1m');
    setLines(oiChart, lines.oi, oi.series, {}, p => Number(p.usd), $('oiLegend'));
    C.noData($('oiChart'), oi.series.length ? null : 'No BTC open interest stored.');
    const f = await C.get('/api/funding?coin=BTC');
    setLines(fundingChart, lines.funding, f.series, { lineType: LightweightCharts.LineType.WithSteps, pointMarkersVisible: true, pointMarkersRadius: 2 },
      p => Number(p.ratePer8h) * 100, $('fundingLegend'));
    C.noData($('fundingChart'), f.series.length ? null : 'No BTC funding rates stored.');
  }

  // ---- the modeled liquidation map ----
  function niceStep(x) {
    const p = Math.pow(10, Math.floor(Math.log10(x))), m = x / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
  }
  const mapChart = echarts.init($('mapChart'), 'dark');
  const heatChart = echarts.init($('heatChart'), 'dark');
  let mapFetched = 0, mapLastPrice = null;
  async function refreshMap() {
    // The modeled map is rebuilt from the store on every request: once a minute is enough.
    if (Date.now() - mapFetched < 60e3) return;
    mapFetched = Date.now();
    // About 120 bins over the +-30% shown; the BTC price comes from the map itself, a live BTC row or the latest stored
    // one, never another coin's.
    if (!mapLastPrice && !state.btcPrice) {
      const latest = await C.get('/api/liquidations?coin=BTC&limit=1').catch(() => null);
      if (latest && latest.rows.length && Number(latest.rows[0].price) > 0) state.btcPrice = Number(latest.rows[0].price);
    }
    const ref = mapLastPrice || state.btcPrice;
    const step = ref ? Math.max(0.01, niceStep(ref * 0.6 / 120)) : 100;
    const note = $('mapNote');
    let d;
    try {
      d = await C.get('/api/liquidation-map?coin=BTC&window=7d&priceBucket=' + step);
    } catch (e) {
      note.textContent = '';
      $('mapBin').textContent = '';
      C.noData($('mapChart'), 'No modeled map: ' + e.message);
      C.noData($('heatChart'), 'No modeled levels (see the map panel).');
      return;
    }
    const last = Number(d.lastPrice), width = Number(d.binWidth);
    if (!mapLastPrice) { mapLastPrice = last; if (Math.abs(niceStep(last * 0.6 / 120) - width) > 1e-9) mapFetched = 0; }
    // Levels further than 30% from the last price would need an implausible move and squash the rest.
    const bins = d.bins.filter(b => Math.abs(Number(b.priceLow) - last) <= 0.3 * last);
    const prices = bins.map(b => C.price(Number(b.priceLow)));
    const lastRow = bins.findIndex(b => Number(b.priceLow) + width > last);
    $('mapBin').textContent = '(USD per $' + C.num(width) + ' price bin, BTC, from the 7 days to ' + C.utc(d.toTs).substring(0, 16) + ')';
    // One label per ~16 px of height, so the price labels never overlap.
    const labelEvery = Math.max(0, Math.ceil(bins.length / Math.max(1, ($('mapChart').clientHeight - 60) / 16)) - 1);
    mapChart.setOption({
      backgroundColor: '#171c23', animation: false, tooltip: { trigger: 'axis', valueFormatter: v => C.usd(v) },
      legend: { top: 0, data: ['longs (below)', 'shorts (above)'], textStyle: C.axisText },
      grid: { left: 8, right: 16, top: 30, bottom: 24, containLabel: true },
      yAxis: { type: 'category', data: prices, axisLabel: { color: '#8a94a3', interval: labelEvery } },
      xAxis: { type: 'value', axisLabel: { color: '#8a94a3', formatter: v => C.usd(v), hideOverlap: true } },
      series: [
        { name: 'longs (below)', type: 'bar', stack: 'p', color: '#e0474c', data: bins.map(b => Number(b.longUsd)),
          markLine: lastRow < 0 ? undefined : { symbol: 'none', label: { formatter: 'last ' + C.price(last), color: '#f0b90b', position: 'insideEndTop' },
            lineStyle: { color: '#f0b90b', type: 'dashed' }, data: [{ yAxis: prices[lastRow] }] } },
        { name: 'shorts (above)', type: 'bar', stack: 'p', color: '#22ab94', data: bins.map(b => Number(b.shortUsd)) },
      ],
    }, true);
    C.noData($('mapChart'), bins.length ? null : 'The model places no levels within 30% of the last price.');
    const tiers = d.tiers.map(t => t.leverage + 'x');
    const cells = [];
    let max = 1;
    bins.forEach((b, i) => b.longByTierUsd.forEach((v, k) => {
      const usd = Number(v) + Number(b.shortByTierUsd[k]);
      if (usd > 0) { cells.push([k, i, usd]); max = Math.max(max, usd); }
    }));
    heatChart.setOption({
      backgroundColor: '#171c23', animation: false, tooltip: { formatter: p => tiers[p.value[0]] + ' @ ' + prices[p.value[1]] + ': ' + C.usd(p.value[2]) },
      grid: { left: 8, right: 16, top: 10, bottom: 84, containLabel: true },
      xAxis: { type: 'category', data: tiers, name: 'assumed leverage', nameLocation: 'middle', nameGap: 24, nameTextStyle: C.axisText, axisLabel: { color: '#8a94a3' } },
      yAxis: { type: 'category', data: prices, axisLabel: { color: '#8a94a3', interval: labelEvery } },
      visualMap: { min: 0, max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120, formatter: v => C.usd(v),
        inRange: { color: ['#1b2533', '#4c8dff', '#f0b90b', '#e0474c'] }, textStyle: C.axisText },
      series: [{ type: 'heatmap', data: cells }],
    }, true);
    C.noData($('heatChart'), cells.length ? null : 'No estimated levels to split by leverage.');
    note.innerHTML = C.esc(d.label + '. Window ' + C.utc(d.fromTs) + ' .. ' + C.utc(d.toTs) + ' (the 7 days to the latest stored event-level data); '
      + 'instruments: ' + d.instruments.join(', ') + '. Longs ' + C.usd(Number(d.longUsd)) + ' below, shorts ' + C.usd(Number(d.shortUsd))
      + ' above the last price.') + '<details class="note"><summary>Model assumptions</summary>' + C.esc(d.assumptions.join('; ')) + '.</details>';
  }

  async function refreshHealth() {
    const d = await C.get('/api/feeds');
    // One row per feed: what its events say (rate, last event) and what its source says (link state, gaps), so a
    // venue that is connected but quiet, or down, shows up too.
    const bySource = new Map(d.sources.map(s => [s.source, s]));
    const rows = d.feeds.map(f => ({ f, s: bySource.get(f.source) }));
    for (const s of d.sources) if (!d.feeds.some(f => f.source === s.source)) rows.push({ f: null, s });
    const table = $('health');
    table.querySelector('tbody').innerHTML = rows.map(({ f, s }) => {
      const completeness = (f && f.completeness) || (s && s.completeness) || '–';
      const lowerBound = (f && f.lowerBound) || (s && s.lowerBound);
      const link = s ? s.state + (s.lastError ? ' (' + s.lastError + ')' : '') : '–';
      return '<tr><td>' + C.esc((f || s).source) + (f ? C.classTag(f.sourceClass) : '') + '</td><td class="wrap' + (s && s.state !== 'UP' && s.kind === 'websocket' ? ' warn' : '') + '">'
        + C.esc(link) + '</td><td class="num">' + (f ? f.events : 0) + '</td><td class="num">' + (f ? f.ratePerSec.toFixed(1) : '0.0')
        + '</td><td class="wrap">' + (f && f.lastEventTs > 0 ? C.utc(f.lastEventTs) : '–') + '</td><td class="num">' + Math.max(f ? f.gaps : 0, s ? s.gaps : 0)
        + '</td><td class="wrap' + (lowerBound ? ' warn' : '') + '">' + C.esc(completeness.replace(/_/g, ' ').toLowerCase()) + (lowerBound ? ' (lower bound)' : '') + '</td></tr>';
    }).join('') || '<tr><td colspan="7" class="note wrap">No feed has delivered anything yet.</td></tr>';
    C.labelCells(table);
    const venues = d.sources.filter(s => s.kind === 'websocket');
    const up = venues.filter(s => s.state === 'UP').length;
    const replay = d.sources.find(s => s.kind === 'replay');
    const summary = [venues.length ? up + '/' + venues.length + ' venues up' : null, replay ? 'replay ' + replay.state : null].filter(x => x);
    $('source').textContent = summary.length ? summary.join(', ') : 'no live source';
    $('sourceNote').textContent = 'Sources: ' + (d.sources.length ? d.sources.map(s => s.source + ' ' + s.state
      + (s.detail ? ' (' + s.detail + ')' : '')).join('; ') : 'none') + '. Live clients: ' + d.live.clients
      + ', skipped for slow clients: ' + d.live.dropped + '.';
  }

  // The panels refreshed every 5 s; the per-minute chart and the map need the market clock the cards bring.
  const panels = [refreshSeries, refreshHealth];
  async function refreshAll() {
    const jobs = [refreshCards().then(() => Promise.all([refreshPerMinute(), refreshMap()])), ...panels.map(p => p())];
    for (const r of await Promise.allSettled(jobs)) if (r.status === 'rejected') console.warn(r.reason);
  }
  window.addEventListener('resize', () => [perMinute, mapChart, heatChart].forEach(c => c.resize()));

  C.get('/api/alerts/recent').then(a => { state.alerts = a; renderAlerts(); }).catch(() => renderAlerts());
  loadHistory().then(() => connect());
  refreshAll();
  setInterval(renderFeed, 250);
  setInterval(refreshAll, 5000);
})();
