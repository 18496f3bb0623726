import { AssetType, Fn } from 'cdktf';
import { Construct } from 'constructs';
import { validator } from '../core/validation';
import { existsSync } from 'fs';
import { join } from 'path';
import { StackAsset } from '../core/stack-asset';

export interface CloudInitFilesProps {
  /** Directory holding k3s-cp.yml.tpl, k3s-worker.yml.tpl, network-config.yml.tpl and k3s-vm-bootstrap.sh. */
  readonly cloudInitDir: string;
  /** Directory holding install-k3s.sh and post-install.sh (the Foundation's node scripts). */
  readonly bootstrapDir: string;
}

export const TEMPLATES = {
  server: 'k3s-cp.yml.tpl',
  agent: 'k3s-worker.yml.tpl',
  network: 'network-config.yml.tpl',
  onboard: 'k3s-node-onboard.yml.tpl',
} as const;

/** Values the user-data templates take (see cloud-init/*.yml.tpl). */
export interface UserDataVars {
  readonly hostname: string;
  readonly ssh_authorized_keys: readonly string[];
  readonly k3s_version: string;
  /**
   * The node's K3s config as data, written with yamlencode() by the template;
   * holds the token as a Terraform reference.
   */
  readonly k3s_config: Record<string, unknown>;
  /** Workers only: the control plane's supervisor URL. */
  readonly server_url?: string;
}

/** Values network-config.yml.tpl takes. */
export interface NetworkConfigVars {
  readonly ip_address: string;
  readonly prefix_length: number;
  readonly gateway: string;
  readonly dns_servers: readonly string[];
}

/**
 * The cloud-init templates and the node scripts they carry, copied into the
 * stack directory; user data and network config are rendered by Terraform's
 * templatefile() at apply, so the token is only ever a reference in the JSON.
 */
export class CloudInitFiles extends Construct {
  private readonly templatesDir: string;
  private readonly scriptsDir: string;

  constructor(scope: Construct, id: string, props: CloudInitFilesProps) {
    super(scope, id);
    const { check } = validator(this);
    for (const f of [...Object.values(TEMPLATES), 'k3s-vm-bootstrap.sh']) {
      check('cloudInitDir', props.cloudInitDir, existsSync(join(props.cloudInitDir, f)), `must hold ${f}`);
    }
    for (const f of ['install-k3s.sh', 'post-install.sh']) {
      check('bootstrapDir', props.bootstrapDir, existsSync(join(props.bootstrapDir, f)), `must hold ${f}`);
    }
    // Relative to the stack directory, where tofu runs (as the file provisioners of the SSH stacks).
    this.templatesDir = new StackAsset(this, 'templates', { path: props.cloudInitDir, type: AssetType.DIRECTORY }).path;
    this.scriptsDir = new StackAsset(this, 'scripts', { path: props.bootstrapDir, type: AssetType.DIRECTORY }).path;
  }

  /** templatefile() of the role's user data. */
  public userData(role: 'server' | 'agent', vars: UserDataVars): string {
    if (role === 'agent') validator(this).check('server_url', vars.server_url, !!vars.server_url, 'is required for an agent\'s user data');
    return this.nodeUserData(TEMPLATES[role], vars, role === 'server');
  }

  /** templatefile() of the user data of a node joining a running cluster as an agent (seed 002). */
  public onboardUserData(vars: UserDataVars): string {
    validator(this).check('server_url', vars.server_url, !!vars.server_url, 'is required for a joining node\'s user data');
    return this.nodeUserData(TEMPLATES.onboard, vars, false);
  }

  /** A user data template with the node scripts it carries; servers also check their own readiness. */
  private nodeUserData(template: string, vars: UserDataVars, withPostInstall: boolean): string {
    return Fn.templatefile(`${this.templatesDir}/${template}`, {
      ...vars,
      install_script: Fn.file(`${this.scriptsDir}/install-k3s.sh`),
      ...(withPostInstall ? { post_install_script: Fn.file(`${this.scriptsDir}/post-install.sh`) } : {}),
      vm_bootstrap_script: Fn.file(`${this.templatesDir}/k3s-vm-bootstrap.sh`),
    });
  }

  /** templatefile() of the static network config. */
  public networkConfig(vars: NetworkConfigVars): string {
    return Fn.templatefile(`${this.templatesDir}/${TEMPLATES.network}`, { ...vars });
  }
}
