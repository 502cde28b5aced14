/**
 * How far a stored case is counted for `/metrics` (decision 78): by its own tally, which counts its events
 * up to `tallyVersion`, or by the count the worker keeps for it, up to that count's version, whichever goes
 * further; the case is untallied while neither reaches its version.
 */
import { bestTally } from '../../db/case-tally';

const own = { opened: 1 };
const keptTally = { opened: 1, closed: { withdrawn: 1 }, warned: {}, breached: {} };

test('when a case counts itself whole, then its own tally counts it and it is not untallied', () => {
  expect(bestTally({ version: 5, tallyVersion: 5, tally: own }, undefined)).toEqual({
    version: 5,
    tally: own,
    untallied: false,
  });
});

test('when a case has no tally of its own and nothing kept, then it counts nothing yet and is untallied', () => {
  expect(bestTally({ version: 5 }, undefined)).toEqual({ version: 0, tally: null, untallied: true });
});

test('when the kept count goes further than the own tally, then the kept one counts, whole or not', () => {
  expect(bestTally({ version: 7, tallyVersion: 4, tally: own }, { version: 7, tally: keptTally })).toEqual({
    version: 7,
    tally: keptTally,
    untallied: false,
  });
  expect(bestTally({ version: 9, tallyVersion: 4, tally: own }, { version: 7, tally: keptTally })).toMatchObject({
    tally: keptTally,
    untallied: true,
  });
  // A row read before the latest write: the kept count of a later version counts it all.
  expect(bestTally({ version: 6 }, { version: 7, tally: keptTally })).toMatchObject({ untallied: false });
});

test('when the kept count is older than the own tally, then the own tally counts', () => {
  expect(bestTally({ version: 8, tallyVersion: 6, tally: own }, { version: 3, tally: keptTally })).toEqual({
    version: 6,
    tally: own,
    untallied: true,
  });
});
