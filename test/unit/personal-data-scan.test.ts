import { findResidentIds } from '../support/personal-data-scan';

test('the scan finds valid resident IDs and ignores hashes, timestamps and invalid check digits', () => {
  const text = [
    '{"idNumber":"350902198001011237"}', // valid: found
    'ts 1795558575458123456 and hash 35090219800101123735090219800101123a', // timestamp, part of a longer run
    'bad check 35090219800101123X', // invalid check digit
    'utf8 11010519491231002X end',
  ].join('\n');
  expect(findResidentIds(text).sort()).toEqual(['11010519491231002X', '350902198001011237']);
});
