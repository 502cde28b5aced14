/**
 * A corrected retry after a lost answer (api.md: the same key and body are applied once, the same key
 * with another body is 422): the stored answer is fetched with the request that was applied, and
 * flagged as such, instead of the form being stuck on 422 or the case filed twice under a new key.
 */
import { describe, expect, it } from 'vitest';
import { ApiError } from './http';
import { KeyedPost } from './keyed-post';

/** The server's side of one key: the first request it applies is kept; another body under it is 422. */
function server(opts: { loseFirstAnswer: boolean }) {
  const stored = new Map<string, { body: string; answer: string }>();
  const calls: string[] = [];
  let answered = 0;
  const send = (body: string, key: string): Promise<string> => {
    calls.push(body);
    const kept = stored.get(key);
    if (kept) {
      if (kept.body !== body) return Promise.reject(new ApiError(422, { title: 'Idempotency key reused' }, null));
      return Promise.resolve(kept.answer);
    }
    const answer = `case filed from "${body}"`;
    stored.set(key, { body, answer });
    if (opts.loseFirstAnswer && answered++ === 0) return Promise.reject(new ApiError(0, null, null));
    return Promise.resolve(answer);
  };
  return { send, calls, stored };
}

describe('KeyedPost', () => {
  it('when the first answer was lost and the user corrected the form, then the retry gets the stored answer, flagged as replayed', async () => {
    const s = server({ loseFirstAnswer: true });
    const post = new KeyedPost(s.send);
    await expect(post.post('林某 邻里纠纷')).rejects.toMatchObject({ status: 0 });
    await expect(post.post('林某 邻里纠纷（更正）')).resolves.toEqual({
      result: 'case filed from "林某 邻里纠纷"',
      replayed: true,
    });
    expect(s.stored.size).toBe(1);
  });

  it('when the same form is sent again, then it is the stored answer, not a replay', async () => {
    const s = server({ loseFirstAnswer: true });
    const post = new KeyedPost(s.send);
    await expect(post.post('林某')).rejects.toMatchObject({ status: 0 });
    await expect(post.post('林某')).resolves.toEqual({ result: 'case filed from "林某"', replayed: false });
  });

  it('when nothing was applied and the key is renewed, then the corrected form is a new request', async () => {
    const s = server({ loseFirstAnswer: false });
    const post = new KeyedPost(s.send);
    await post.post('first');
    post.renew();
    await expect(post.post('second')).resolves.toEqual({ result: 'case filed from "second"', replayed: false });
    expect(s.stored.size).toBe(2);
  });

  it('when no earlier request is the stored one, then the 422 stands', async () => {
    const s = server({ loseFirstAnswer: false });
    const other = new KeyedPost(s.send);
    await other.post('applied elsewhere');
    // A second form that somehow shares the key (not this class's doing) gets the server's refusal.
    const key = [...s.stored.keys()][0]!;
    const post = new KeyedPost((body: string) => s.send(body, key));
    await expect(post.post('mine')).rejects.toMatchObject({ status: 422 });
  });
});
