/**
 * K3s's packaged components that a cluster's own choices replace
 * (docs.k3s.io/installation/packaged-components: `disable` in the server
 * config), in one place (no cdktf here).
 */

export interface ReplacedAddons {
  /** The ingress controller the platform runs instead of K3s's Traefik. */
  readonly ingressController: 'traefik' | 'nginx';
  /** The default StorageClass; anything but K3s's `local-path` replaces its local-storage add-on. */
  readonly defaultStorageClass: string;
}

/**
 * The server config's `disable` entry: Traefik when NGINX is the controller
 * (it would hold ports 80/443), local-storage when another StorageClass is
 * the default (that one comes from Git). Empty when nothing is replaced.
 */
export function disabledAddons(c: ReplacedAddons): { disable?: string[] } {
  const disable = [
    ...(c.ingressController === 'nginx' ? ['traefik'] : []),
    ...(c.defaultStorageClass !== 'local-path' ? ['local-storage'] : []),
  ];
  return disable.length ? { disable } : {};
}
