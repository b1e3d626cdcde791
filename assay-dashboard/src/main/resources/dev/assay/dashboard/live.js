// The live run: polls the model twice a second; guard values against thresholds, seconds left, and Stop (rolls back).
(function () {
  var base = document.body.dataset.base;
  var box = document.getElementById('live');
  var chartEl = document.getElementById('live-chart');
  var chart = null, chartKey = '', stopping = false, polls = 0;
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); }
  function fmt(v) { return v === null || v === undefined ? '—' : (Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(4)); }
  function time(iso) { return iso ? iso.replace('T', ' ').replace(/(\.\d{1,3})\d*Z$/, '$1Z').replace('Z', ' UTC') : '—'; }
  function render(s) {
    polls++;
    box.dataset.polls = String(polls);
    if (!s.live) {
      box.dataset.live = 'false';
      box.innerHTML = '<p class="empty" id="no-live">No experiment is live. ' + (stopping ? 'The stopped experiment rolled back; its outcome is in History.' :
        'When one runs, its phase, guards and a Stop button appear here.') + '</p>';
      if (chart) { chart.destroy(); chart = null; chartKey = ''; }
      return;
    }
    box.dataset.live = 'true';
    var rows = s.guards.map(function (g) {
      var breached = g.value !== null && (g.breachAbove ? g.value > g.threshold : g.value < g.threshold);
      return '<tr><td>' + esc(g.guard) + '</td><td class="num guard-value' + (breached ? ' breached' : '') + '">' + fmt(g.value) + '</td><td class="num">' +
        (g.breachAbove ? '≤ ' : '≥ ') + fmt(g.threshold) + '</td><td class="guard-read">' + esc(time(g.readAt)) + '</td></tr>';
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
    drawChart(s);
  }
  function drawChart(s) {
    if (!s.guards.length || !s.samples.length) return;
    var key = s.experiment + '|' + s.guards.map(function (g) { return g.sli; }).join(',');
    var xs = s.samples.map(function (x) { return x.at; });
    var data = [xs];
    s.guards.forEach(function (g) {
      data.push(s.samples.map(function (x) { return x.values[g.sli] === undefined ? null : x.values[g.sli]; }));
      data.push(xs.map(function () { return g.threshold; }));
    });
    if (chart && chartKey === key) { chart.setData(data); return; }
    if (chart) chart.destroy();
    var palette = ['#3d63dd', '#e67700', '#7048e8', '#0c8599'];
    var series = [{}];
    s.guards.forEach(function (g, i) {
      var c = palette[i % palette.length];
      series.push({ label: g.sli, stroke: c, width: 2 });
      series.push({ label: g.sli + ' threshold', stroke: c, width: 1, dash: [6, 4] });
    });
    chart = new uPlot({ width: Math.max(300, chartEl.clientWidth - 2), height: 220, scales: { x: { time: true } }, series: series }, data, chartEl);
    chartKey = key;
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
  poll();
})();
