// The dependency graph coloured by belief (Cytoscape.js from the classpath WebJar); click an edge for its details.
(function () {
  var base = document.body.dataset.base;
  var colours = { fragile: '#d62f2f', tolerant: '#2f9e44', uncertain: '#9aa3b2' };
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); }
  // an edge's label: the mechanism's first clause and its probability (the whole text is in the tooltip and the panel)
  function shorten(m) {
    var p = m.match(/P = [0-9.]+$/);
    var first = m.split(',')[0];
    return first + (p && first !== m ? ', ' + p[0] : '');
  }
  fetch(base + '/api/graph').then(function (r) { return r.json(); }).then(function (g) {
    var elements = g.nodes.map(function (n) { return { data: { id: n.id, label: n.id, entry: n.entry } }; })
      .concat(g.edges.map(function (e) {
        return { data: { id: e.id, source: e.source, target: e.target, standing: e.standing, sync: e.sync, tested: e.tested, incidents: e.incidents,
          mechanism: e.mechanism, label: e.mechanism ? shorten(e.mechanism) : '' } };
      }));
    var roots = g.nodes.filter(function (n) { return n.entry; }).map(function (n) { return '#' + CSS.escape(n.id); }).join(',');
    var cy = cytoscape({
      container: document.getElementById('graph'), elements: elements, boxSelectionEnabled: false, autoungrabify: false,
      style: [
        { selector: 'node', style: { 'label': 'data(label)', 'background-color': '#3d63dd', 'color': '#1d2330', 'font-size': 12,
          'text-valign': 'bottom', 'text-margin-y': 4, 'width': 22, 'height': 22 } },
        { selector: 'node[?entry]', style: { 'border-width': 4, 'border-color': '#1d2330' } },
        { selector: 'edge', style: { 'width': 3, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'arrow-scale': 1.2,
          'line-color': function (e) { return colours[e.data('standing')]; }, 'target-arrow-color': function (e) { return colours[e.data('standing')]; } } },
        { selector: 'edge[!sync]', style: { 'line-style': 'dashed' } },
        { selector: 'edge[?mechanism]', style: { 'label': 'data(label)', 'font-size': 10, 'color': '#1d2330', 'text-rotation': 'autorotate',
          'text-background-color': '#ffffff', 'text-background-opacity': 0.85, 'text-background-padding': 2, 'text-margin-y': -8 } },
        { selector: 'edge:selected', style: { 'width': 6 } }
      ],
      layout: { name: 'breadthfirst', directed: true, roots: roots || undefined, spacingFactor: 1.1, padding: 20 }
    });
    window.assayGraph = cy;
    document.getElementById('graph').dataset.rendered = String(cy.nodes().length);
    cy.on('tap', 'edge', function (evt) {
      var d = evt.target.data();
      var tested = d.tested && d.tested.length ? '<ul>' + d.tested.map(function (t) { return '<li>' + esc(t) + '</li>'; }).join('') + '</ul>' : '<p>untested</p>';
      var incidents = (d.incidents || []).map(function (i) {
        return '<span class="incident" title="learned from a real incident\'s postmortem, not an experiment">from incident ' + esc(i) + '</span> ';
      }).join('');
      document.getElementById('edge-detail').innerHTML = '<h3>' + esc(d.source) + ' → ' + esc(d.target) + '</h3><p class="' + d.standing + '">' +
        esc(d.standing) + (d.sync ? '' : ' (async)') + '</p>' + (incidents ? '<p id="edge-incidents">' + incidents + '</p>' : '') +
        '<b>tested</b>' + tested + '<b>inferred mechanism</b><p id="edge-mechanism">' + esc(d.mechanism || 'unknown (no experiment has shown it yet)') + '</p>';
    });
    // the tooltip: the whole mechanism (or what was tested) of the edge under the pointer
    var tip = document.createElement('div');
    tip.id = 'graph-tip';
    document.getElementById('graph').appendChild(tip);
    cy.on('mouseover', 'edge', function (evt) {
      var d = evt.target.data();
      tip.textContent = d.source + ' → ' + d.target + ': ' + (d.mechanism || (d.tested && d.tested.length ? d.tested.join('; ') : 'untested'));
      tip.style.display = 'block';
    });
    cy.on('mousemove', function (evt) {
      if (tip.style.display === 'block' && evt.renderedPosition) {
        tip.style.left = (evt.renderedPosition.x + 12) + 'px'; tip.style.top = (evt.renderedPosition.y + 12) + 'px';
      }
    });
    cy.on('mouseout', 'edge', function () { tip.style.display = 'none'; });
  });
})();
