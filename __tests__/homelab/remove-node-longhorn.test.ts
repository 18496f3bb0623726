import { spawnSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { docBlocks } from '../helpers/doc-blocks';
import { ROOT, tempDir } from '../helpers/repo';

/**
 * Removing a Longhorn node through Git (docs/k3s-homelab.md, "Removing k3s2
 * safely"): the documented blocks run as written, in their order, against
 * a model of what Flux and Longhorn do between the operator's commands.
 *
 * The model (one `kubectl` double; Flux and Longhorn act around each call,
 * standing for the time that passes between commands):
 * - Flux's infrastructure-longhorn-nodes, unless suspended, applies Git:
 *   k3s2's Longhorn Node with Git's `allowScheduling: true` (server-side
 *   apply takes the field back from kubectl's patch; `evictionRequested`
 *   is not in Git and stays), or, once k3s2 is out of Git, prunes it
 *   (kustomize-controller prune; Longhorn's node webhook validates updates
 *   only and its node controller drops the finalizer on deletion, so the
 *   deletion evicts nothing).
 * - Longhorn moves one replica off a node whose Longhorn Node has
 *   `allowScheduling: false` and `evictionRequested: true` per poll
 *   (longhorn.io docs, "Evicting Replicas on Disabled Disks or Nodes");
 *   replicas are listed with their spec.nodeID.
 * - `kubectl delete node` with replicas still on it: those replicas are
 *   lost (their data is on the machine the script then uninstalls).
 * Simplified: one volume's replicas, one move per poll, no real timing.
 * The flags the docs use: kubectl -n flux-system ... --type merge -p ...; remove-node.sh --node --ssh.
 */
const PAGE = 'docs/k3s-homelab.md';
const MARKER = /__tests__\/homelab\/remove-node-longhorn\.test\.ts/;
const BLOCKS = docBlocks([PAGE]).filter((b) => b.marker?.kind === 'commands' && MARKER.test(b.marker.value));

function cluster() {
  const dir = tempDir('remove-longhorn');
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(dir, 'git-k3s2'), '');
  writeFileSync(join(dir, 'node-k3s2'), '');
  writeFileSync(join(dir, 'lh-k3s2'), 'true false\n'); // allowScheduling evictionRequested
  writeFileSync(join(dir, 'replicas'), 'pvc-a-r1 k3s1\npvc-a-r2 k3s2\npvc-b-r1 k3s1\npvc-b-r2 k3s2\n');
  writeFileSync(join(dir, 'lost'), '');
  writeFileSync(join(bin, 'kubectl'), `#!/usr/bin/env bash
d="${dir}"
echo "kubectl $*" >> "$d/calls"
flux() {  # infrastructure-longhorn-nodes reconciles unless suspended
  [ -e "$d/suspended" ] && return 0
  if [ -e "$d/git-k3s2" ]; then
    if [ -e "$d/lh-k3s2" ]; then read -r _ ev < "$d/lh-k3s2"; echo "true $ev" > "$d/lh-k3s2"; else echo "true false" > "$d/lh-k3s2"; fi
  else rm -f "$d/lh-k3s2"; fi
}
longhorn() {  # evicts one replica from a disabled node that requested eviction
  [ -e "$d/lh-k3s2" ] || return 0
  read -r sched ev < "$d/lh-k3s2"
  if [ "$sched" = false ] && [ "$ev" = true ]; then
    awk 'BEGIN{m=0} { if (!m && $2 == "k3s2") { print $1, "k3s1"; m=1 } else print }' "$d/replicas" > "$d/r.tmp" && mv "$d/r.tmp" "$d/replicas"
  fi
}
flux
case "$*" in
  *"patch kustomizations.kustomize.toolkit.fluxcd.io infrastructure-longhorn-nodes --type merge -p "*'"suspend":true'*) touch "$d/suspended" ;;
  *"patch kustomizations.kustomize.toolkit.fluxcd.io infrastructure-longhorn-nodes --type merge -p "*'"suspend":false'*) rm -f "$d/suspended" ;;
  "get node k3s2 -o name") [ -e "$d/node-k3s2" ] || { echo 'Error from server (NotFound): nodes "k3s2" not found' >&2; exit 1; } ;;
  *"get nodes.longhorn.io k3s2"*) [ -e "$d/lh-k3s2" ] || { echo 'Error from server (NotFound): nodes.longhorn.io "k3s2" not found' >&2; exit 1; } ;;
  *"patch nodes.longhorn.io k3s2 --type merge -p "*) [ -e "$d/lh-k3s2" ] || exit 1
    s=$(sed -n 's/.*"allowScheduling":\\(true\\|false\\).*/\\1/p' <<<"$*"); e=$(sed -n 's/.*"evictionRequested":\\(true\\|false\\).*/\\1/p' <<<"$*")
    read -r sched ev < "$d/lh-k3s2"; echo "\${s:-$sched} \${e:-$ev}" > "$d/lh-k3s2" ;;
  *"get replicas.longhorn.io -o jsonpath={range .items[*]}{.spec.nodeID}"*) longhorn; awk '{print $2}' "$d/replicas" ;;
  *"get replicas.longhorn.io -l longhornnode=k3s2"*) longhorn; awk '$2 == "k3s2" {print "replica/" $1}' "$d/replicas" ;;
  "cordon k3s2"|"drain k3s2 "*) ;;
  "delete node k3s2") rm -f "$d/node-k3s2"; awk '$2 == "k3s2"' "$d/replicas" >> "$d/lost"; awk '$2 != "k3s2"' "$d/replicas" > "$d/r.tmp"; mv "$d/r.tmp" "$d/replicas" ;;
  *) echo "kubectl double: unexpected: $*" >&2; exit 3 ;;
esac
flux
`);
  writeFileSync(join(bin, 'ssh'), `#!/usr/bin/env bash
while [ "$1" = -o ]; do shift 2; done
[ "$1" = -- ] && shift
# remove-node.sh sends each remote step on stdin (run as root through sudo -n).
script=$(cat)
case "$script" in *node-name*) echo k3s2 ;; *uninstall*) echo "ssh $1 uninstall" >> "${dir}/calls" ;; esac
`);
  writeFileSync(join(bin, 'sleep'), '#!/bin/sh\n');
  for (const f of ['kubectl', 'ssh', 'sleep']) chmodSync(join(bin, f), 0o755);
  const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : '');
  return {
    dir,
    /** Runs shell text with the doubles first on PATH, from the repository root. */
    sh(text: string) {
      const r = spawnSync('bash', ['-euo', 'pipefail', '-c', text.replace('<k3s2 address>', '192.0.2.72')], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
      return { status: r.status, out: r.stdout + r.stderr };
    },
    /** The Git step of the docs: k3s2-node-config/ out of gitops/infrastructure/longhorn-nodes, pushed. */
    removeFromGit: () => rmSync(join(dir, 'git-k3s2')),
    state: () => ({
      replicasOnK3s2: read('replicas').split('\n').filter((l) => l.endsWith(' k3s2')).length,
      lost: read('lost').trim(),
      node: existsSync(join(dir, 'node-k3s2')),
      longhornNode: existsSync(join(dir, 'lh-k3s2')),
      suspended: existsSync(join(dir, 'suspended')),
      uninstalled: read('calls').includes('uninstall'),
    }),
  };
}

describe('docs/k3s-homelab.md: removing k3s2 through Git keeps every replica', () => {
  it('the page has the three blocks, in order: suspend, remove-node.sh, resume', () => {
    expect(BLOCKS.map((b) => b.text.trim())).toEqual([
      expect.stringMatching(/^kubectl -n flux-system patch kustomizations\.kustomize\.toolkit\.fluxcd\.io infrastructure-longhorn-nodes --type merge -p '\{"spec":\{"suspend":true\}\}'$/),
      'bootstrap/remove-node.sh --node k3s2 --ssh ubuntu@<k3s2 address>',
      expect.stringMatching(/^kubectl -n flux-system patch .* infrastructure-longhorn-nodes --type merge -p '\{"spec":\{"suspend":false\}\}'$/),
    ]);
    // The Git step sits between the script and the resume, and names the directory the Kustomization reads.
    const text = readFileSync(join(ROOT, PAGE), 'utf8');
    const git = text.indexOf('Take `k3s2-node-config/` out of\n   `gitops/infrastructure/longhorn-nodes/kustomization.yaml`');
    expect(git).toBeGreaterThan(text.indexOf('bootstrap/remove-node.sh --node k3s2'));
    expect(git).toBeLessThan(text.indexOf('"suspend":false'));
    expect(existsSync(join(ROOT, 'gitops/infrastructure/longhorn-nodes/k3s2-node-config'))).toBe(true);
  });

  it('the documented order: every replica is rebuilt on k3s1 before the node goes; Flux then prunes the Longhorn Node', () => {
    const c = cluster();
    const [suspend, remove, resume] = BLOCKS;
    expect(c.sh(suspend.text)).toMatchObject({ status: 0 });
    const r = c.sh(remove.text);
    expect([r.status, r.out]).toEqual([0, expect.stringMatching(/no replica left on k3s2/)]);
    expect(c.state()).toMatchObject({ replicasOnK3s2: 0, lost: '', node: false, longhornNode: true, uninstalled: true });
    c.removeFromGit();
    expect(c.sh(resume.text)).toMatchObject({ status: 0 });
    expect(c.state()).toMatchObject({ lost: '', longhornNode: false, suspended: false });
  });

  it('Git first (86c1497\'s order): Flux prunes the Longhorn Node; remove-node.sh then refuses, deleting nothing, while replicas remain', () => {
    const c = cluster();
    c.removeFromGit();
    const r = c.sh(BLOCKS[1].text);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/refusing: 2 Longhorn replica\(s\) are on k3s2 \(spec\.nodeID\) but its Longhorn Node nodes\.longhorn\.io\/k3s2 is gone, so Longhorn cannot move them; .*nothing was changed/);
    expect(c.state()).toMatchObject({ replicasOnK3s2: 2, lost: '', node: true, uninstalled: false });
    expect(readFileSync(join(c.dir, 'calls'), 'utf8')).not.toMatch(/cordon|drain|delete node/);
  });

  it('not suspended: Flux undoes allowScheduling: false, eviction never progresses, and nothing is deleted', () => {
    const c = cluster();
    const r = c.sh(`${BLOCKS[1].text.trim()} --timeout-seconds 0`);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/2 Longhorn replica\(s\) still on k3s2 after 0 s; nothing was deleted .*infrastructure-longhorn-nodes suspended/);
    expect(c.state()).toMatchObject({ replicasOnK3s2: 2, lost: '', node: true });
  });

  it('without Longhorn at all (no replicas.longhorn.io), the node is removed', () => {
    const c = cluster();
    // No CRD: kubectl's answer for an unknown resource type.
    const kubectl = join(c.dir, 'bin/kubectl');
    writeFileSync(kubectl, readFileSync(kubectl, 'utf8').replace('case "$*" in', 'case "$*" in\n  *"get replicas.longhorn.io"*|*"get nodes.longhorn.io"*) echo "error: the server doesn\'t have a resource type \\"$(sed -n \'s/.*get \\([a-z]*\\).*/\\1/p\' <<<"$*")\\"" >&2; exit 1 ;;'));
    const r = c.sh(BLOCKS[1].text);
    expect([r.status, r.out]).toEqual([0, expect.stringMatching(/no Longhorn Node and no replica on k3s2/)]);
    expect(c.state()).toMatchObject({ node: false, uninstalled: true });
  });
});
