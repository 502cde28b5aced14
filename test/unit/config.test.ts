/**
 * Configuration defaults that follow other settings (README "Configuration"): the codec's CORS origins
 * are the embedded dev server's UI, which runs on TEMPORAL_PORT + 1000.
 */
import { loadConfig } from '../../config';

test('when TEMPORAL_PORT is moved, then the codec accepts the UI on its new port', () => {
  const origins = loadConfig({ TEMPORAL_PORT: '7300' }).CODEC_CORS_ORIGINS.split(',');
  expect(origins).toEqual(['http://127.0.0.1:8300', 'http://localhost:8300']);
});

test('when CODEC_CORS_ORIGINS is set, then it is taken as given', () => {
  expect(loadConfig({ TEMPORAL_PORT: '7300', CODEC_CORS_ORIGINS: 'https://ui.example' }).CODEC_CORS_ORIGINS).toBe(
    'https://ui.example',
  );
});

test('when WORKER_CACHED_WORKFLOWS is unset, then the SDK chooses; a count is taken, and one below 2 is refused', () => {
  expect(loadConfig({}).WORKER_CACHED_WORKFLOWS).toBeUndefined();
  expect(loadConfig({ WORKER_CACHED_WORKFLOWS: '10000' }).WORKER_CACHED_WORKFLOWS).toBe(10_000);
  expect(() => loadConfig({ WORKER_CACHED_WORKFLOWS: '1' })).toThrow();
  expect(() => loadConfig({ WORKER_CACHED_WORKFLOWS: 'many' })).toThrow();
});
