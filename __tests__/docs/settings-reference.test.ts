import { readFileSync } from 'fs';
import { join } from 'path';
import { renderSettingsReference, SETTINGS_REFERENCE, UNDESCRIBED } from '../../tools/docs/settings-reference';
import { ROOT } from '../helpers/repo';

describe('docs/settings.md', () => {
  const page = renderSettingsReference();

  it('is what the schemas generate (run npm run docs:settings after changing a schema)', () => {
    expect(readFileSync(join(ROOT, SETTINGS_REFERENCE), 'utf8')).toBe(page);
  });

  it('describes every field, for every environment and the backend block', () => {
    expect(page.split('\n').filter((l) => l.includes(UNDESCRIBED))).toEqual([]);
    for (const env of ['chocolandiadc', 'chocolandiadc-mvp', 'kpi-sandbox', 'k3s-homelab', 'k3s-gitops']) expect(page).toContain(`## \`${env}\``);
    expect(page).toMatch(/\| `control_plane_nodes\[\]\.ssh_port` \| number \| no \(default `22`\) \|/);
    expect(page).toMatch(/\| `etcd_snapshots\.s3\.secret_key` \| refused \|/);
    expect(page).toMatch(/\| `backend\.conn_str \(type = "pg"\)` \| refused \|/);
  });
});
