import path from 'node:path';

/** Root of the project checkout (scripts/services/ is two levels down). */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const SERVICES_DIR = path.join(PROJECT_ROOT, '.services');
const bin = path.join(SERVICES_DIR, 'bin');

export const servicePaths = {
  temporal: path.join(bin, 'temporal'),
  temporalStamp: path.join(bin, 'temporal.version'),
  testServer: path.join(bin, 'temporal-test-server'),
  testServerStamp: path.join(bin, 'temporal-test-server.version'),
  ferretdb: path.join(bin, 'ferretdb-launcher'),
  ferretdbStamp: path.join(bin, 'ferretdb-launcher.version'),
  ferretdbSource: path.join(PROJECT_ROOT, 'scripts', 'ferretdb-launcher'),
};
