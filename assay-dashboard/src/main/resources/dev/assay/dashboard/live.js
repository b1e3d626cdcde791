// The live run: follows the server-sent events of /api/live/stream where the server offers them, and polls /api/live
// twice a second where it does not (or when the stream fails). Guard values against thresholds (a chart per guard),
// seconds left, and Stop (rolls back).
(function () {
  var base = document.body.dataset.base;
  var box = document.getElementById('live');
  var chartsEl = document.getElementById('live-chart');
  var charts = {}, chartsKey = '', stopping = false, updates = 0, polling = false;
  var palette = ['#3d63dd', '#e67700', '#7048e8', '#0c8599'];
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); }
  function time(iso) { return iso ? iso.replace('T', ' ').replace(/(\.\d{1,3})\d*Z$/, '$1Z').replace('Z', ' UTC') : '—'; }
  // what a guard's chart plots: ratios as percent, everything else as it is
  function scaled(g, v) { return v === null || v === undefined ? null : (g.unit === 'ratio' ? v * 100 : v); }
  function axisUnit(g) { return g.unit === 'ratio' ? '%' : (g.unit === 'ms' ? ' ms' : ''); }
  function render(s) {
    updates++;
    box.dataset.updates = String(updates);
    if (!s.live) {
      box.dataset.live = 'false';
      box.innerHTML = '<p class="empty" id="no-live">No experiment is live. ' + (stopping ? 'The stopped experiment rolled back; its outcome is in History.' :
        'When one runs, its phase, guards and a Stop button appear here.') + '</p>';
      clearCharts();
      return;
    }
    box.dataset.live = 'true';
    var rows = s.guards.map(function (g, i) {
      var breached = g.value !== null && (g.breachAbove ? g.value > g.threshold : g.value < g.threshold);
      return '<tr><td><span class="swatch" style="background:' + palette[i % palette.length] + '"></span>' + esc(g.guard) + '</td>' +
        '<td class="num guard-value' + (breached ? ' breached' : '') + '">' + esc(g.valueText === null ? '—' : g.valueText) + '</td>' +
        '<td class="num guard-threshold">' + (g.breachAbove ? '≤ ' : '≥ ') + esc(g.thresholdText) + '</td><td class="guard-read">' + esc(time(g.readAt)) + '</td></tr>';
    }).join('');
    box.innerHTML = '<p class="phase" id="live-phase">' + esc(s.phase) + ' <small>' + esc(s.detail) + '</small></p>' +
      '<div class="meta"><div><b>experiment</b>' + esc(s.experiment) + '</div><div><b>intent</b>' + esc(s.intent) + '</div><div><b>started</b>' +
      esc(time(s.startedAt)) + '</div><div><b>seconds left at this level</b><span class="seconds" id="seconds-left">' +
      (s.secondsLeft === null ? '—' : s.secondsLeft.toFixed(1)) + '</span></div></div>' +
      (s.breach ? '<p class="fragile">' + esc(s.breach) + '</p>' : '') +
      '<table id="guards"><thead><tr><th>guard</th><th>value</th><th>must stay</th><th>read at</th></tr></thead><tbody>' +
      (rows || '<tr><td colspan="4" class="empty">guards are armed when the fault is injected</td></tr>') + '</tbody></table>' +
      '<p><button class="stop" id="stop"' + (stopping ? ' disabled' : '') + '>' + (stopping ? 'Stopping: rolling back…' : 'Stop and roll back') + '</button></p>';
    document.getElementById('stop').onclick = stop;
    drawCharts(s);
  }
  function clearCharts() {
    Object.keys(charts).forEach(function (k) { charts[k].destroy(); });
    charts = {}; chartsKey = ''; chartsEl.innerHTML = '';
  }
  // one chart per guard (guards of different SLIs have different units and scales), its threshold drawn dashed
  function drawCharts(s) {
    if (!s.guards.length || !s.samples.length) return;
    var key = s.experiment + '|' + s.guards.map(function (g) { return g.sli; }).join(',');
    var xs = s.samples.map(function (x) { return x.at; });
    if (chartsKey !== key) {
      clearCharts();
      chartsKey = key;
      s.guards.forEach(function (g, i) {
        var c = palette[i % palette.length];
        var holder = document.createElement('div');
        holder.className = 'guard-chart';
        holder.innerHTML = '<h3><span class="swatch" style="background:' + c + '"></span>' + esc(g.guard) + '</h3>';
        chartsEl.appendChild(holder);
        var width = chartWidth();
        var u = axisUnit(g);
        charts[g.sli] = new uPlot({
          width: width, height: 200, legend: { live: false },
          scales: { x: { time: true }, y: { range: function (self, min, max) { return [Math.min(0, min), Math.max(max, 1e-9) * 1.15]; } } },
          // the x axis as wall-clock seconds (UTC, as every time on the page), never sub-second tick labels
          axes: [{ space: 90, incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600], values: function (self, ticks) { return ticks.map(function (t) { return new Date(t * 1000).toISOString().substr(11, 8); }); } },
            { size: 64, values: function (self, ticks) { return ticks.map(function (t) { return (+t.toPrecision(4)) + u; }); } }],
          series: [{}, { label: g.sli, stroke: c, width: 2, points: { size: 5 } },
            { label: 'threshold ' + (g.breachAbove ? '≤ ' : '≥ ') + g.thresholdText, stroke: '#d62f2f', width: 1.5, dash: [6, 4], points: { show: false } }]
        }, [[], [], []], holder);
      });
    }
    s.guards.forEach(function (g) {
      var chart = charts[g.sli];
      if (!chart) return;
      chart.setData([xs, s.samples.map(function (x) { return scaled(g, x.values[g.sli]); }), xs.map(function () { return scaled(g, g.threshold); })]);
    });
  }
  function stop() {
    stopping = true;
    var b = document.getElementById('stop');
    b.disabled = true; b.textContent = 'Stopping: rolling back…';
    fetch(base + '/api/live/stop', { method: 'POST' }).then(function (r) { return r.json(); }).then(function (j) {
      box.dataset.stopAnswer = j.stopping ? 'stopping' : (j.error || 'refused');
    });
  }
  function poll() {
    fetch(base + '/api/live', { cache: 'no-store' }).then(function (r) { return r.json(); }).then(render)
      .catch(function () { box.dataset.error = 'poll failed'; }).finally(function () { setTimeout(poll, 500); });
  }
  function startPolling(why) {
    if (polling) return;
    polling = true;
    box.dataset.transport = 'poll';
    box.dataset.fallback = why;
    poll();
  }
  // the stream where the server offers one; any failure (404: nothing live to follow here; a proxy that cuts it) falls back to polling
  if (window.EventSource) {
    var events = new EventSource(base + '/api/live/stream');
    box.dataset.transport = 'stream';
    events.addEventListener('live', function (e) { render(JSON.parse(e.data)); });
    events.onerror = function () { events.close(); startPolling('the event stream failed or is not offered'); };
  } else {
    startPolling('this browser has no EventSource');
  }
  // the chart's holder is displayed once it has content: its width without its padding
  function chartWidth() {
    var h = chartsEl.querySelector('.guard-chart');
    return Math.max(320, (h ? h.clientWidth : chartsEl.clientWidth) - 18);
  }
  window.addEventListener('resize', function () {
    Object.keys(charts).forEach(function (k) { charts[k].setSize({ width: chartWidth(), height: 200 }); });
  });
})();
