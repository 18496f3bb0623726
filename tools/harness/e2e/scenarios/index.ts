/**
 * Every e2e scenario, in the order they run: a scenario starts from the
 * cluster the previous one of its topology left. Add a file
 * scenarios/<name>.ts exporting `scenario` and list it here.
 */
import { Scenario } from '../context';
import { scenario as agentTokenJoinsNoServer } from './agent-token-joins-no-server';
import { scenario as addApiEndpoint } from './add-api-endpoint';
import { scenario as connectionChange } from './connection-change';
import { scenario as deadServerQuorum } from './dead-server-quorum';
import { scenario as haApply } from './ha-apply';
import { scenario as preUpgradeSnapshot } from './pre-upgrade-snapshot';
import { scenario as refuseQuorumLoss } from './refuse-quorum-loss';
import { scenario as refuseSkip } from './refuse-skip';
import { scenario as removeServer } from './remove-server';
import { scenario as removeWorker } from './remove-worker';
import { scenario as replaceFirstServer } from './replace-first-server';
import { scenario as replaceServer } from './replace-server';
import { scenario as snapshotRestore } from './snapshot-restore';
import { scenario as tokenMismatchRefused } from './token-mismatch-refused';
import { scenario as upgradeOneMinor } from './upgrade-one-minor';
import { scenario as vipFailover } from './vip-failover';
import { scenario as wrongHostKey } from './wrong-host-key';

export const SCENARIOS: readonly Scenario[] = [
  haApply,
  agentTokenJoinsNoServer,
  connectionChange,
  wrongHostKey,
  upgradeOneMinor,
  preUpgradeSnapshot,
  refuseSkip,
  replaceServer,
  replaceFirstServer,
  refuseQuorumLoss,
  deadServerQuorum,
  tokenMismatchRefused,
  snapshotRestore,
  addApiEndpoint,
  vipFailover,
  removeWorker,
  removeServer,
];
