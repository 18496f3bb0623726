/*
 * Headlamp plugin "service-links", plain JavaScript without a build step:
 * Headlamp runs this file with its plugin library in the global `pluginLib`.
 *
 * Adds a "Services" page listing
 * - the ConfigMap registry dashboard/dashboard-links (key links.json, a list
 *   of { name, url, description }): seed 004's manual registration;
 * - every Ingress rule the dashboard may read (its `view` role): seed 004's
 *   ingress integration, so a new route shows up without editing anything.
 * A registry link with a path (/argocd) is made absolute with the host of
 * the Ingress serving that path, so it works from any of the dashboard's
 * hosts; a link no Ingress serves is marked as such.
 */
(function () {
  'use strict';
  var lib = pluginLib;
  var h = lib.React.createElement;
  var REGISTRY = { name: 'dashboard-links', namespace: 'dashboard', key: 'links.json' };
  var PAGE = { name: 'service-links', url: '/service-links', label: 'Services' };

  /** The registry's links and the problems found in it (named by entry). */
  function registryLinks(configMap) {
    var text = configMap && configMap.data && configMap.data[REGISTRY.key];
    if (!text) return { links: [], problems: [] };
    var entries;
    try {
      entries = JSON.parse(text);
    } catch (e) {
      return { links: [], problems: [REGISTRY.key + ' is not JSON: ' + e.message] };
    }
    if (!Array.isArray(entries)) return { links: [], problems: [REGISTRY.key + ' must be a list of { name, url, description }'] };
    var links = [];
    var problems = [];
    entries.forEach(function (entry, i) {
      var ok = entry && typeof entry.name === 'string' && entry.name !== '' &&
        typeof entry.url === 'string' && /^(\/|https?:\/\/)/.test(entry.url);
      if (!ok) {
        problems.push(REGISTRY.key + '[' + i + '] needs a name and a url starting with / or http(s)://, got ' + JSON.stringify(entry));
        return;
      }
      links.push({ name: entry.name, url: entry.url, description: typeof entry.description === 'string' ? entry.description : '' });
    });
    return { links: links, problems: problems };
  }

  /** One entry per Ingress rule path with a host: https when a TLS entry names the host. */
  function ingressRoutes(ingresses) {
    var routes = [];
    (ingresses || []).forEach(function (ingress) {
      var json = ingress.jsonData || ingress;
      var spec = json.spec || {};
      var tlsHosts = [];
      (spec.tls || []).forEach(function (t) { tlsHosts = tlsHosts.concat(t.hosts || []); });
      (spec.rules || []).forEach(function (rule) {
        if (!rule.host || rule.host.indexOf('*') !== -1) return;
        var scheme = tlsHosts.indexOf(rule.host) !== -1 ? 'https' : 'http';
        ((rule.http && rule.http.paths) || []).forEach(function (p) {
          var path = p.path || '/';
          routes.push({
            name: json.metadata.namespace + '/' + json.metadata.name,
            host: rule.host,
            path: path,
            url: scheme + '://' + rule.host + (path === '/' ? '/' : path),
          });
        });
      });
    });
    return routes;
  }

  function servesPath(route, path) {
    var prefix = route.path.replace(/\/+$/, '');
    return prefix !== '' && (path === prefix || path.indexOf(prefix + '/') === 0);
  }

  /** Registry links first (made absolute where an Ingress serves them), then the Ingresses not already listed. */
  function serviceLinks(registry, routes) {
    var listed = {};
    var out = registry.map(function (link) {
      var url = link.url;
      var served = true;
      if (url.charAt(0) === '/') {
        var route = routes.filter(function (r) { return servesPath(r, url); })[0];
        if (route) url = route.url.replace(/\/$/, '').slice(0, -route.path.replace(/\/+$/, '').length) + url;
        else served = false;
      }
      listed[url] = true;
      return { name: link.name, url: url, description: link.description, served: served };
    });
    routes.forEach(function (r) {
      if (listed[r.url]) return;
      listed[r.url] = true;
      out.push({ name: r.name, url: r.url, description: 'Ingress ' + r.name, served: true });
    });
    return out;
  }

  function ServiceLinksPage() {
    var registry = lib.K8s.ResourceClasses.ConfigMap.useGet(REGISTRY.name, REGISTRY.namespace);
    var ingresses = lib.K8s.ResourceClasses.Ingress.useList();
    if (registry.isLoading || ingresses.isLoading) return h('p', null, 'Loading services…');
    var fromRegistry = registryLinks(registry.data);
    var problems = fromRegistry.problems.slice();
    if (registry.error && registry.error.status !== 404) {
      problems.push('cannot read ConfigMap ' + REGISTRY.namespace + '/' + REGISTRY.name + ': ' + registry.error.message);
    }
    if (ingresses.error) problems.push('cannot list Ingresses: ' + ingresses.error.message);
    var links = serviceLinks(fromRegistry.links, ingressRoutes(ingresses.items));
    return h('div', { style: { padding: '16px' } },
      h('h1', null, PAGE.label),
      problems.map(function (p) { return h('p', { key: p, role: 'alert' }, p); }),
      links.length === 0 ? h('p', null, 'No services: add one to ConfigMap ' + REGISTRY.namespace + '/' + REGISTRY.name + ' (' + REGISTRY.key + ') or create an Ingress.') : null,
      h('ul', null, links.map(function (link) {
        return h('li', { key: link.url },
          h('a', { href: link.url, target: '_blank', rel: 'noopener noreferrer' }, link.name),
          link.description ? ' ' + link.description : null,
          link.served ? null : ' (no Ingress serves this path)');
      })));
  }

  lib.registerSidebarEntry({ parent: null, name: PAGE.name, label: PAGE.label, url: PAGE.url, icon: 'mdi:link-variant' });
  lib.registerRoute({ path: PAGE.url, sidebar: PAGE.name, name: PAGE.name, exact: true, component: function () { return h(ServiceLinksPage); } });
})();
