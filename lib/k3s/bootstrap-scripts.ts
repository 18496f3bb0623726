import { AssetType } from 'cdktf';
import { Construct } from 'constructs';
import { validator } from '../core/validation';
import { existsSync } from 'fs';
import { join } from 'path';
import { StackAsset } from '../core/stack-asset';

export interface K3sBootstrapScriptsProps {
  /** Directory holding install-k3s.sh, post-install.sh, check-node.sh, fetch-kubeconfig.sh and leave-cluster.sh. */
  readonly bootstrapDir: string;
  /**
   * A local installer with the get.k3s.io interface, uploaded instead of
   * downloading the official script (air-gapped installs, tests).
   * @default - the official install script at the tag of the K3s version
   */
  readonly installerScriptPath?: string;
  /**
   * A k3s binary uploaded instead of downloaded.
   * @default - the installer downloads the binary
   */
  readonly k3sBinaryPath?: string;
}

const SCRIPTS = ['post-install.sh', 'check-node.sh', 'fetch-kubeconfig.sh', 'leave-cluster.sh', 'ssh-host-keys.sh'] as const;
type ScriptName = (typeof SCRIPTS)[number];

/**
 * The shell that runs on nodes and on the operator's machine, copied into the
 * stack's output directory so the synthesized stack is self-contained.
 * Paths are relative to the stack directory, where tofu runs.
 */
export class K3sBootstrapScripts extends Construct {
  private readonly scripts = new Map<ScriptName, string>();
  /** Relative path of the local installer, if one is used. */
  public readonly installerScript?: string;
  /** Relative path of the k3s binary to upload, if one is used. */
  public readonly k3sBinary?: string;
  /**
   * Relative path of a copy of the whole bootstrap directory: uploaded to a
   * node in one file-provisioner step (one SSH session instead of one per script).
   */
  public readonly bundle: string;

  constructor(scope: Construct, id: string, props: K3sBootstrapScriptsProps) {
    super(scope, id);
    const { check } = validator(this);
    for (const name of [...SCRIPTS, 'install-k3s.sh']) {
      check('bootstrapDir', props.bootstrapDir, existsSync(join(props.bootstrapDir, name)), `must hold ${name}`);
    }
    this.bundle = new StackAsset(this, 'bundle', { path: props.bootstrapDir, type: AssetType.DIRECTORY }).path;
    // Scripts run from the bundle, next to the ones they source (ssh-host-keys.sh).
    for (const name of SCRIPTS) this.scripts.set(name, `${this.bundle}/${name}`);
    this.installerScript = optionalAsset(this, 'installer', 'installerScriptPath', props.installerScriptPath);
    this.k3sBinary = optionalAsset(this, 'k3s-binary', 'k3sBinaryPath', props.k3sBinaryPath);
  }

  public path(name: ScriptName): string {
    return this.scripts.get(name)!;
  }
}

function optionalAsset(scope: Construct, id: string, field: string, path?: string): string | undefined {
  if (path === undefined) return undefined;
  validator(scope).check(field, path, existsSync(path), 'must be an existing file');
  return new StackAsset(scope, id, { path, type: AssetType.FILE }).path;
}
