import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { INSTALL_NAME_SEED_001 } from '../lib/core/addresses';
import { K3sCluster } from '../lib/k3s';
import { ClusterSettings, EnvironmentSettings } from '../lib/settings';
import { clusterOutputs, clusterProps, clusterProviders, EnvironmentPaths, stateBackend, pinProviders } from './common';

/** `chocolandiadc-mvp` (seed 001): one server with SQLite and one agent, over SSH. */
export class ChocolandiadcMvpStack extends TerraformStack {
  constructor(scope: Construct, id: string, settings: ClusterSettings & EnvironmentSettings, paths: EnvironmentPaths) {
    super(scope, id);
    stateBackend(this, paths, settings.backend);
    pinProviders(this, clusterProviders(this));
    const cluster = new K3sCluster(this, 'cluster', {
      ...clusterProps(settings, paths),
      embeddedEtcd: false,
      // Seed 001's addresses: null_resource.master1_k3s_server, null_resource.nodo1_k3s_agent.
      installAddressPattern: INSTALL_NAME_SEED_001,
    });
    clusterOutputs(this, settings, cluster);
  }
}
